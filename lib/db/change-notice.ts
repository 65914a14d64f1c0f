import "server-only";
import type { Kysely } from "kysely";
import { notify } from "./notify";

// "Something a table shows changed for this key": sent by every writer, in its own transaction
// (lib/db/notify.ts), so an open table (GET /api/activations/stream) refetches at once instead of
// waiting for its next poll. The payload names the key; the stream finds the key's team.

export type ChangeNotice = { keyId: string };

// biome-ignore lint/suspicious/noExplicitAny: any database shape or transaction.
export async function publishChange(db: Kysely<any>, keyId: string): Promise<void> {
  await notify(db, "sms_desk_changes", JSON.stringify({ keyId } satisfies ChangeNotice));
}

export function parseChangeNotice(payload: string): ChangeNotice | null {
  try {
    const value = JSON.parse(payload) as Partial<ChangeNotice>;
    return typeof value.keyId === "string" ? { keyId: value.keyId } : null;
  } catch {
    return null;
  }
}
