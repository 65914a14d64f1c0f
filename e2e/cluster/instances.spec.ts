import { expect, test } from "./fixtures";

// The cluster stack itself: two instances that started at the same moment on one empty
// PostgreSQL database (migrations and demo seeding raced) both serve the operator's one session.

test("one sign-in serves the table on both instances, which show the same activations", async ({
  sim,
  tableOn,
  cluster,
}) => {
  expect(cluster.unexpectedExits).toEqual([]);
  const { id, phone } = await sim.createActivation("wa", "73");
  const [a, b] = await Promise.all([tableOn("a"), tableOn("b")]);
  for (const table of [a, b]) {
    await expect(table.page).toHaveURL(/\/activations$/);
    await expect(table.row(id)).toContainText(`+${phone}`);
    await expect(table.status(id)).toHaveText("Waiting for SMS");
  }
});

test("both instances heartbeat and exactly one of them holds the demo key's sync lease", async ({
  cluster,
  clusterDb,
}) => {
  const ids = [cluster.instances.a.id, cluster.instances.b.id];
  await expect.poll(async () => (await clusterDb.liveInstances()).sort()).toEqual([...ids].sort());
  const keyId = await clusterDb.demoKeyId();
  await expect.poll(async () => (await clusterDb.leaseHolder(keyId))?.holder).toBeTruthy();
  expect(ids).toContain((await clusterDb.leaseHolder(keyId))?.holder);
});
