// Counting the change notices a write publishes (lib/db/change-notice.ts), on either engine.
//
// Every count starts from a fence: a notice for a made-up key, published first and waited for.
// PostgreSQL delivers notices in commit order, so once the fence is back, nothing committed
// before it (a notice from an earlier test, delivered late on a busy machine) can be counted as
// the write's. Publishing fences until one comes back also waits out the LISTEN connection's
// start, which a notice sent before it is up would be lost to.
//
// Server modules are imported inside the functions: lib/config/env.ts reads the environment
// once, and the harness sets it first.

const FENCE_WAIT_MS = 10_000;
const FENCE_RETRY_MS = 200;
const FIRST_NOTICE_WAIT_MS = 2_000;
/** After the first notice, how long duplicates are waited for. */
const DUPLICATE_WAIT_MS = 100;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How many change notices for `keyId` go out while `write` runs (0 after a 2 s wait if none). */
export async function changeNoticesDuring(keyId: string, write: () => Promise<unknown>): Promise<number> {
  let count = 0;
  const stop = await listenAfterFence((noticeKey) => {
    if (noticeKey === keyId) count += 1;
  });
  try {
    await write();
    for (let waited = 0; waited < FIRST_NOTICE_WAIT_MS && count === 0; waited += 20) await sleep(20);
    await sleep(DUPLICATE_WAIT_MS);
    return count;
  } finally {
    stop();
  }
}

/** Resolves once this process hears change notices (on PostgreSQL, once LISTEN is up). */
export async function changeNoticesHeard(): Promise<void> {
  const stop = await listenAfterFence(() => {});
  stop();
}

/** Starts listening; `onNotice` gets the key of each notice committed after the fence. Returns stop. */
async function listenAfterFence(onNotice: (keyId: string) => void): Promise<() => void> {
  const { listen } = await import("@/lib/db/notify");
  const { parseChangeNotice, publishChange } = await import("@/lib/db/change-notice");
  const db = await (await import("@/lib/db")).getDb();
  const fences = new Set<string>();
  let fenced = false;
  const stop = listen("sms_desk_changes", (payload) => {
    const notice = parseChangeNotice(payload);
    if (!notice) return;
    if (fences.has(notice.keyId)) fenced = true;
    else if (fenced) onNotice(notice.keyId);
  });
  for (let waited = 0; waited < FENCE_WAIT_MS && !fenced; waited += FENCE_RETRY_MS) {
    const fence = `fence-${crypto.randomUUID()}`;
    fences.add(fence);
    await publishChange(db, fence);
    for (let slept = 0; slept < FENCE_RETRY_MS && !fenced; slept += 10) await sleep(10);
  }
  if (fenced) return stop;
  stop();
  throw new Error(`no change notice came back within ${FENCE_WAIT_MS / 1000} s`);
}
