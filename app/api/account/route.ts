import { NextResponse } from "next/server";
import { getAccountSummary } from "@/lib/activations/queries";
import { currentKey } from "@/lib/keys/provider-keys";
import { ensureSyncRunning } from "@/lib/sync/registry";

export const dynamic = "force-dynamic";

export async function GET() {
  ensureSyncRunning();
  return NextResponse.json(await getAccountSummary(currentKey()), {
    headers: { "Cache-Control": "no-store" },
  });
}
