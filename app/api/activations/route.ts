import { NextResponse } from "next/server";
import { getActivationsView } from "@/lib/activations/queries";
import { currentKey } from "@/lib/keys/provider-keys";
import { ensureSyncRunning } from "@/lib/sync/registry";

// Polled by every open table. Cheap by design: it reads our database, never the provider.
export const dynamic = "force-dynamic";

export async function GET() {
  ensureSyncRunning();
  return NextResponse.json(await getActivationsView(currentKey()), {
    headers: { "Cache-Control": "no-store" },
  });
}
