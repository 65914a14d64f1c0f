import { NextResponse } from "next/server";
import { getDb } from "@/lib/db";
import { ensureSyncRunning } from "@/lib/sync/registry";

export const dynamic = "force-dynamic";

/** Readiness: the database is migrated and sync is running. Used by scripts and tests. */
export async function GET() {
  await getDb();
  ensureSyncRunning();
  return NextResponse.json({ ok: true });
}
