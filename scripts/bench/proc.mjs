// CPU and memory of the processes this benchmark started, read from /proc (Linux only): the app
// is every process under our children except the simulator's (tsx lib/simulator/main.ts).
import { execFileSync } from "node:child_process";
import fs from "node:fs";

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();
const PAGE_SIZE = (() => {
  try {
    return Number(execFileSync("getconf", ["PAGESIZE"], { encoding: "utf8" }).trim()) || 4096;
  } catch {
    return 4096;
  }
})();

function readStat(pid) {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name may hold spaces and parentheses: fields start after the last ")".
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    const rssPages = Number(fs.readFileSync(`/proc/${pid}/statm`, "utf8").split(" ")[1]);
    return {
      pid,
      ppid: Number(fields[1]),
      // utime + stime + cutime + cstime: children reaped during the run stay counted.
      ticks: Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]),
      rssBytes: rssPages * PAGE_SIZE,
    };
  } catch {
    return null; // gone meanwhile
  }
}

function cmdline(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
  } catch {
    return "";
  }
}

/** { app: stats[], sim: stats[] } for the process trees under `rootPid`. */
function snapshot(rootPid) {
  const all = fs
    .readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readStat(Number(name)))
    .filter(Boolean);
  const children = new Map();
  for (const p of all) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  const tree = (p) => [p, ...(children.get(p.pid) ?? []).flatMap(tree)];
  const out = { app: [], sim: [] };
  for (const child of children.get(rootPid) ?? []) {
    out[cmdline(child.pid).includes("simulator") ? "sim" : "app"].push(...tree(child));
  }
  return out;
}

/** Samples every second from start() to stop(); stop() gives CPU % of one core and peak RSS. */
export function createProcessMeter(rootPid = process.pid) {
  let startedAt = 0;
  let first = null;
  let timer = null;
  const peakRss = { app: 0, sim: 0 };
  const sample = () => {
    const snap = snapshot(rootPid);
    for (const part of ["app", "sim"]) {
      peakRss[part] = Math.max(
        peakRss[part],
        snap[part].reduce((sum, p) => sum + p.rssBytes, 0),
      );
    }
    return snap;
  };
  const cpuPercent = (before, after, seconds) => {
    const startTicks = new Map(before.map((p) => [p.pid, p.ticks]));
    const ticks = after.reduce((sum, p) => sum + p.ticks - (startTicks.get(p.pid) ?? 0), 0);
    return Math.round((ticks / CLOCK_TICKS / seconds) * 1000) / 10;
  };
  return {
    start() {
      startedAt = performance.now();
      first = sample();
      timer = setInterval(sample, 1000);
    },
    stop() {
      clearInterval(timer);
      const last = sample();
      const seconds = (performance.now() - startedAt) / 1000;
      const mb = (bytes) => Math.round(bytes / 1024 / 102.4) / 10;
      return {
        seconds: Math.round(seconds * 10) / 10,
        appProcesses: last.app.length,
        appCpuPercentOfOneCore: cpuPercent(first.app, last.app, seconds),
        appRssPeakMb: mb(peakRss.app),
        simCpuPercentOfOneCore: cpuPercent(first.sim, last.sim, seconds),
        simRssPeakMb: mb(peakRss.sim),
      };
    },
  };
}
