// One app instance starting, in its own process (run by concurrent-start.test.ts with tsx and the
// react-server condition, as `next start` loads lib/db). Modules load first, then it waits for
// START_AT so that the instances reach their migrations at the same moment, not one module
// load apart. Prints one JSON line: the migrations it sees done, or the error it met.
async function main() {
  const { getDb } = await import("@/lib/db");
  const startAt = Number(process.env.START_AT ?? 0);
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, startAt - Date.now())));
  const db = await getDb();
  const migrations = await db
    // biome-ignore lint/suspicious/noExplicitAny: Kysely's own bookkeeping table is not in our schema.
    .selectFrom("kysely_migration" as any)
    .select("name")
    .orderBy("name")
    .execute();
  const users = await db.selectFrom("user").select(({ fn }) => fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  process.stdout.write(`${JSON.stringify({ ok: true, migrations: migrations.map((m) => m.name), users: users.n })}\n`);
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stdout.write(`${JSON.stringify({ ok: false, error: error instanceof Error ? error.message : String(error) })}\n`);
  process.exit(1);
});
