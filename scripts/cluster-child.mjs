// Preloaded (`node --import`) into every process scripts/cluster-stack.mjs starts. Test-only.
//
// 1. A child never outlives the stack: if the process that started it dies without stopping it
//    (a Playwright worker killed by a timeout, a crashed script), the child's parent changes and
//    it stops itself, so no server is left listening on the cluster's ports.
// 2. CLUSTER_INSTANCE_ID, when set, becomes this app instance's id (lib/sync/instance.ts keeps
//    it on globalThis and only makes a random one if none is there), so the tests know which
//    process holds which sync lease without the app exposing anything. The stack checks that
//    the id shows up in app_instances, so a renamed global fails loudly instead of silently.
const parent = process.ppid;
const watch = setInterval(() => {
  if (process.ppid !== parent) {
    clearInterval(watch);
    process.kill(process.pid, "SIGTERM");
    // The servers leave within 10 s on SIGTERM; never linger past that.
    setTimeout(() => process.exit(1), 12_000).unref();
  }
}, 500);
watch.unref();

if (process.env.CLUSTER_INSTANCE_ID) {
  globalThis.smsDeskInstanceId = process.env.CLUSTER_INSTANCE_ID;
}
