import "server-only";
import type { ExpressionBuilder, Kysely } from "kysely";

/** Rows per statement: a first prune of a large table never holds the write lock for long. */
export const DELETE_BATCH = 5000;

/** A table and the columns a prune needs: its primary key, and the time a row is judged by. */
export type PrunedTable = { table: string; key: string; column: string };

/**
 * Deletes every row of `table` whose `column` is below `cutoff`, `batch` rows per statement (picked
 * by primary key: `DELETE … WHERE key IN (SELECT key … LIMIT n)` works on both engines), and
 * returns how many went. The daily prunes (lib/audit/retention-schedule.ts) all run through it.
 */
export async function deleteOlderThan(
  // biome-ignore lint/suspicious/noExplicitAny: a table of the app's schema, named by the caller.
  db: Kysely<any>,
  { table, key, column }: PrunedTable,
  cutoff: number,
  batch = DELETE_BATCH,
): Promise<number> {
  let deleted = 0;
  for (;;) {
    const result = await db
      .deleteFrom(table)
      // biome-ignore lint/suspicious/noExplicitAny: as above.
      .where(key, "in", (eb: ExpressionBuilder<any, any>) => eb.selectFrom(table).select(key).where(column, "<", cutoff).limit(batch))
      .executeTakeFirst();
    const count = Number(result.numDeletedRows);
    deleted += count;
    if (count < batch) return deleted;
  }
}
