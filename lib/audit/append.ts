import "server-only";
import type { Kysely, Transaction } from "kysely";
import type { Database } from "@/lib/db/schema";
import type { AuditLogTable } from "@/lib/db/schema";

export type AuditEntry = Omit<AuditLogTable, "id" | "at" | "duration_ms" | "detail" | "activation_id" | "key_id" | "team_id" | "actor_id"> &
  Partial<Pick<AuditLogTable, "at" | "duration_ms" | "detail" | "activation_id" | "key_id" | "team_id" | "actor_id">>;

/** Appends one audit row (the table refuses updates and deletes). */
export async function appendAudit(db: Kysely<Database> | Transaction<Database>, entry: AuditEntry) {
  await db
    .insertInto("audit_log")
    .values({
      at: Date.now(),
      duration_ms: 0,
      detail: null,
      activation_id: null,
      key_id: null,
      team_id: null,
      actor_id: null,
      ...entry,
    })
    .execute();
}
