import { expect, test } from "./fixtures";

// A double click split across instances: the same row's Finish pressed at the same moment in a
// table served by a and in one served by b. The row claim lives in the shared database, so one
// click reaches the provider and the other is refused, whichever instance each went to.

test("Finish pressed on both instances at once makes one setStatus, and the other click is refused", async ({
  sim,
  tableOn,
  clusterDb,
}) => {
  const { id } = await sim.createActivation();
  await sim.deliverSms(id, "737373");
  const [a, b] = await Promise.all([tableOn("a"), tableOn("b")]);
  for (const table of [a, b]) await expect(table.button(id, "Finish")).toBeEnabled();

  // The provider answers slowly, so the second click lands while the first call is in flight;
  // both tables keep showing what they last read until both clicks are sent (holdPolls also
  // holds the refetches the change stream asks for), so neither button is disabled by an update.
  await sim.fault({ action: "setStatus", kind: "slow", delayMs: 1000 });
  const releases = await Promise.all([a.holdPolls(), b.holdPolls()]);
  await Promise.all([a.button(id, "Finish").click(), b.button(id, "Finish").click()]);
  for (const release of releases) await release();

  for (const table of [a, b]) await expect(table.status(id)).toHaveText("Finished");
  expect(await sim.requests({ action: "setStatus", id })).toHaveLength(1);
  // One page was told it finished the activation, the other why its click was not sent.
  const toasts = async (text: string | RegExp) =>
    (await a.toast(text).count()) + (await b.toast(text).count());
  await expect.poll(() => toasts(`Activation ${id} finished.`)).toBe(1);
  await expect.poll(() => toasts(/already in progress|already finished/)).toBe(1);

  // The audit log: the one call's intent and its answer, nothing for the refused click.
  const audit = await clusterDb.audit("setStatus", id);
  expect(audit.map((row) => [row.outcome, row.result])).toEqual([
    ["sent", "PENDING"],
    ["ok", "ACCESS_ACTIVATION"],
  ]);
  expect(audit.every((row) => row.actor === "operator@demo.local")).toBe(true);
  expect(await sim.requests({ action: "setStatus", id })).toHaveLength(1);
});
