import { NextResponse } from "next/server";
import { getDb } from "@/lib/db";
import { ensureDemoSeeded } from "@/lib/demo/seed";
import { ensureSyncRunning } from "@/lib/sync/registry";

export const dynamic = "force-dynamic";

/** Readiness: database migrated, demo data seeded (demo mode only), sync running. No data. */
export async function GET() {
  await getDb();
  await ensureDemoSeeded();
  await ensureSyncRunning(true);
  return NextResponse.json({ ok: true });
}
