// `npm run bench:ui` part "table" (BENCH_UI_ONLY=table runs it alone): the activation table in a
// real browser (Chromium, as playwright.config.ts launches it) with BENCH_TABLE_ROWS (5,000)
// active activations, against the production build and the bundled simulator on 127.0.0.1:
// - data → table: the page's HTML carries the first screen of rows (its commit is timed from the
//   navigation and from the HTML's end), and the browser then fetches the full set: from that
//   answer's last byte to the table's commit of all rows; and from a poll's answer (a code
//   arrived) to the commit of the new rows. The table marks each commit
//   ("activations-table:commit");
// - the longest task (PerformanceObserver "longtask") while the table is scrolled top to bottom
//   by the mouse wheel and codes keep arriving (each poll brings a changed row);
// - click → visible feedback: from a Finish click to its row saying "Sending…" or "Finished".
// Knobs: BENCH_TABLE_ROWS (5000), BENCH_TABLE_CLICKS (10), BENCH_UI_TABLE_APP_PORT/SIM_PORT
// (3640/3641). Report: stdout and data/bench/ui-table/report.json.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { chromium } from "@playwright/test";
import { hasBuild, startStack } from "../stack.mjs";
import { benchStackEnv } from "./stack-env.mjs";
import { getJson, signIn } from "./http.mjs";
import { percentiles } from "./stats.mjs";
import { simControl } from "./sim.mjs";

const root = path.resolve(import.meta.dirname, "..", "..");
const host = "127.0.0.1";
const appPort = Number(process.env.BENCH_UI_TABLE_APP_PORT ?? 3640);
const simPort = Number(process.env.BENCH_UI_TABLE_SIM_PORT ?? 3641);
const appUrl = `http://${host}:${appPort}`;
const simUrl = `http://${host}:${simPort}`;
const rows = Number(process.env.BENCH_TABLE_ROWS ?? 5000);
const clicks = Number(process.env.BENCH_TABLE_CLICKS ?? 10);
const apiKey = `bench-table-${randomBytes(8).toString("hex")}`;
const operator = { email: "operator@demo.local", password: "bench-operator-pass" };
const LONG_TASK_BUDGET_MS = 50;
// BENCH_TABLE_PROFILE=1: CPU profiles (Chrome DevTools format) of the first load and of the polls
// land in the report's folder, to open in DevTools' Performance panel (they slow the page a bit:
// figures of a profiled run are not the bench's).
const profiling = process.env.BENCH_TABLE_PROFILE === "1";
const TRACE_CATEGORIES = [
  "devtools.timeline",
  "disabled-by-default-devtools.timeline",
  "blink.user_timing",
  "toplevel",
];
const RENDER_BUDGET_MS = 300;

if (!(Number.isInteger(rows) && rows >= 100 && rows <= 20_000))
  throw new Error("BENCH_TABLE_ROWS must be 100–20000");
if (!hasBuild()) throw new Error("No production build in .next: run `npm run build` first");

const outDir = path.join(root, "data", "bench", "ui-table");
fs.rmSync(outDir, { recursive: true, force: true });
fs.mkdirSync(outDir, { recursive: true });
const round1 = (ms) => Math.round(ms * 10) / 10;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const control = (method, route, body) => simControl(simUrl, method, route, body);

async function buy(count, ageSeconds) {
  const ids = [];
  for (let i = 0; i < count; i += 50) {
    const batch = Array.from({ length: Math.min(50, count - i) }, () =>
      control("POST", "/__sim/activations", {
        key: apiKey,
        service: "tg",
        country: "73",
        ageSeconds,
        autoSms: false,
      }),
    );
    for (const bought of await Promise.all(batch)) ids.push(bought.id);
  }
  return ids;
}

/** Until the app's table (GET /api/activations, as the browser reads it) holds `count` rows. */
async function waitForRows(cookie, count) {
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    const read = await getJson(appUrl, "/api/activations", cookie).catch(() => null);
    const have = read?.body?.activations?.length ?? 0;
    if (have >= count) return;
    if (Date.now() > deadline) throw new Error(`sync recorded ${have} of ${count} rows in time`);
    await sleep(1000);
  }
}

// In the page before anything runs: long tasks and the table's commit marks, kept in arrays.
const OBSERVE = `
  window.__longTasks = [];
  window.__commits = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, ms: e.duration });
  }).observe({ type: "longtask", buffered: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries())
      if (e.name === "activations-table:commit") window.__commits.push({ at: e.startTime, rows: e.detail?.rows ?? 0 });
  }).observe({ type: "mark", buffered: true });
`;

/** Samples the page's main thread; save() writes what was sampled since the last save. */
async function startProfiler(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
  await cdp.send("Profiler.start");
  return {
    async save(name) {
      const { profile } = await cdp.send("Profiler.stop");
      fs.writeFileSync(path.join(outDir, `${name}.cpuprofile`), JSON.stringify(profile));
      await cdp.send("Profiler.start");
    },
    pause: () => cdp.send("Profiler.stop"),
  };
}

async function run() {
  const stack = await startStack({
    host,
    appPort,
    simPort,
    logFile: path.join(outDir, "server.log"),
    env: benchStackEnv(
      { dbFile: path.join(outDir, "bench.db"), appUrl, simUrl, apiKey },
      {
        balance: 1_000_000,
        logLevel: "warn",
        DEMO_OPERATOR_PASSWORD: operator.password,
        // Pages of 100, like HeroSMS: one answer with 5,000 rows is over PROVIDER_MAX_BODY_BYTES.
        SIM_PAGE_LIMIT: "100",
        SIM_LIFETIME_SECONDS: "86400",
      },
    ),
  });
  // Inside the try: a browser that fails to start must not leave the servers running.
  let browser;
  try {
    browser = await chromium.launch({
      executablePath: fs.existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined,
      args: [...(process.getuid?.() === 0 ? ["--no-sandbox"] : []), "--disable-gpu"],
    });
    const { cookie } = await signIn(appUrl, operator.email, operator.password);
    console.log(`▶ ${rows} active activations: buying and waiting for sync…`);
    const bought = await buy(rows, 120);
    await waitForRows(cookie, rows);

    const context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      locale: "en-US",
    });
    await context.addCookies(
      cookie.split("; ").map((pair) => {
        const at = pair.indexOf("=");
        return { name: pair.slice(0, at), value: pair.slice(at + 1), url: appUrl };
      }),
    );
    await context.addInitScript(OBSERVE);
    const page = await context.newPage();
    const profiler = profiling ? await startProfiler(page) : null;

    // 1. The page's HTML carries the first screen of rows; the browser then fetches the full set
    // (a full read of /api/activations) and the table commits all of it.
    await page.goto(`${appUrl}/activations`, { waitUntil: "load" });
    await page.waitForFunction((n) => window.__commits.some((c) => c.rows >= n), rows, {
      timeout: 60_000,
    });
    const firstLoad = await page.evaluate((n) => {
      const nav = performance.getEntriesByType("navigation")[0];
      const screen = window.__commits.find((c) => c.rows > 0);
      const commit = window.__commits.find((c) => c.rows >= n);
      // The first 200 of /api/activations is the full read (before it the table has no cursor).
      const answer = performance
        .getEntriesByType("resource")
        .find((e) => /\/api\/activations(\?|$)/.test(e.name) && e.responseStatus === 200);
      return {
        htmlBytes: nav.decodedBodySize,
        htmlEndToScreenMs: screen.at - nav.responseEnd,
        navigationToScreenMs: screen.at,
        fullBytes: answer?.decodedBodySize ?? null,
        // The set's last byte → the table committed with it; from the HTML's end when the HTML
        // carried it all (the answer then predates nothing).
        ms:
          answer && answer.responseEnd <= commit.at
            ? commit.at - answer.responseEnd
            : commit.at - nav.responseEnd,
        source: answer && answer.responseEnd <= commit.at ? "fetch" : "html",
      };
    }, rows);
    await profiler?.save("first-load");
    console.log(
      `  first screen: navigation → committed ${firstLoad.navigationToScreenMs.toFixed(1)} ms, ` +
        `HTML end → committed ${firstLoad.htmlEndToScreenMs.toFixed(1)} ms (HTML ${(firstLoad.htmlBytes / 1024).toFixed(0)} KiB)`,
    );
    console.log(
      `  full set (${firstLoad.source}, ${((firstLoad.fullBytes ?? 0) / 1024).toFixed(0)} KiB): last byte → table committed ${firstLoad.ms.toFixed(1)} ms`,
    );
    const rendered = await page.locator("[data-testid^='activation-']").count();
    console.log(`  rows in the DOM: ${rendered}`);

    // 2. A poll brings a changed row: its answer's end → the table's commit with it.
    const pollToCommit = [];
    if (profiling) {
      await profiler.pause();
      await browser.startTracing(page, {
        path: path.join(outDir, "polls.trace.json"),
        categories: TRACE_CATEGORIES,
      });
    }
    for (let i = 0; i < 5; i++) {
      const before = await page.evaluate(() => performance.now());
      await control("POST", `/__sim/activations/${bought[i * 7]}/sms`, {
        code: String(100000 + i),
      });
      const sample = await page.waitForFunction(
        (since) => {
          const answers = performance
            .getEntriesByType("resource")
            .filter(
              (e) =>
                /\/api\/activations(\?|$)/.test(e.name) &&
                e.startTime > since &&
                e.responseStatus === 200,
            );
          for (const answer of answers) {
            const commit = window.__commits.find((c) => c.at >= answer.responseEnd);
            if (commit) return commit.at - answer.responseEnd;
          }
          return null;
        },
        before,
        { timeout: 30_000, polling: 50 },
      );
      pollToCommit.push(await sample.jsonValue());
      if (profiling) console.log(`    sample ${i}: ${pollToCommit.at(-1).toFixed(1)} ms`);
    }
    console.log(`  poll answer → table committed: ${JSON.stringify(percentiles(pollToCommit))} ms`);

    // 3. Scroll top to bottom with the wheel while codes keep arriving.
    const box = await page.getByTestId("activations-scroll").boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.evaluate(() => {
      window.__longTasks = [];
    });
    let arriving = true;
    const codes = (async () => {
      for (let i = 0; arriving; i++) {
        await control("POST", `/__sim/activations/${bought[100 + i * 13]}/sms`, {
          code: String(200000 + i),
        }).catch(() => undefined);
        await sleep(500);
      }
    })();
    // Profiling: the first TRACE_SCROLL_MS of the scroll as a Chrome trace (layout, style, paint
    // and scripts per task), which a CPU profile alone shows as "(program)".
    const TRACE_SCROLL_MS = 30_000;
    let tracing = false;
    if (profiling) {
      await browser.stopTracing();
      await browser.startTracing(page, {
        path: path.join(outDir, "scroll.trace.json"),
        categories: TRACE_CATEGORIES,
      });
      tracing = true;
    }
    const scrollStart = Date.now();
    for (;;) {
      await page.mouse.wheel(0, 600);
      await sleep(16);
      if (tracing && Date.now() - scrollStart > TRACE_SCROLL_MS) {
        tracing = false;
        await browser.stopTracing();
        break;
      }
      const atEnd = await page
        .getByTestId("activations-scroll")
        .evaluate((el) => el.scrollTop + el.clientHeight >= el.scrollHeight - 2);
      if (atEnd || Date.now() - scrollStart > 120_000) break;
    }
    const scrollSeconds = (Date.now() - scrollStart) / 1000;
    await sleep(2500); // one more poll while at the bottom
    arriving = false;
    await codes;
    if (tracing) await browser.stopTracing();
    if (profiling) {
      const answers = await page.evaluate(() =>
        performance
          .getEntriesByType("resource")
          .filter((e) => /\/api\/activations(\?|$)/.test(e.name))
          .map((e) => `${e.responseStatus}:${e.encodedBodySize}`),
      );
      console.log(`  /api/activations answers (status:bytes): ${answers.join(" ")}`);
    }
    const longTasks = await page.evaluate(() => window.__longTasks.map((t) => t.ms));
    const oldestVisible = await page.getByTestId(`activation-${bought[0]}`).count();
    const longest = longTasks.length ? Math.max(...longTasks) : 0;
    console.log(
      `  scrolled to the bottom in ${scrollSeconds.toFixed(1)} s (oldest row ${oldestVisible ? "reached" : "NOT reached"}): ` +
        `${longTasks.length} long tasks, longest ${longest.toFixed(0)} ms`,
    );

    // 4. Click → visible feedback, on fresh rows with a code at the top of the table.
    const clickMs = [];
    for (let i = 0; i < clicks; i++) {
      const [id] = await buy(1, 0);
      await control("POST", `/__sim/activations/${id}/sms`, { code: "424242" });
      const finish = page
        .getByTestId(`activation-${id}`)
        .getByRole("button", { name: "Finish", exact: true });
      await page.getByTestId("activations-scroll").evaluate((el) => {
        el.scrollTop = 0;
      });
      await finish.waitFor({ state: "visible", timeout: 30_000 });
      await page.waitForFunction(
        (sel) => !document.querySelector(sel)?.disabled,
        `[data-testid='activation-${id}'] [data-action='finish']`,
        { timeout: 30_000 },
      );
      const ms = await page.evaluate(async (rowId) => {
        const row = document.querySelector(`[data-testid='activation-${rowId}']`);
        const status = () => row?.querySelector("[data-testid='status']")?.textContent ?? "";
        const button = row?.querySelector("[data-action='finish']");
        const start = performance.now();
        button.click();
        for (;;) {
          await new Promise((r) => requestAnimationFrame(r));
          if (/Sending|Finished/.test(status())) return performance.now() - start;
          if (performance.now() - start > 10_000) return null;
        }
      }, id);
      clickMs.push(ms);
      await page
        .getByTestId(`activation-${id}`)
        .getByTestId("status")
        .filter({ hasText: "Finished" })
        .waitFor({ timeout: 30_000 });
    }
    console.log(
      `  click → "Sending…" painted: ${JSON.stringify(percentiles(clickMs.filter((v) => v !== null)))} ms`,
    );

    return {
      date: new Date().toISOString(),
      activeRows: rows,
      firstLoad: {
        htmlBytes: firstLoad.htmlBytes,
        navigationToFirstScreenMs: round1(firstLoad.navigationToScreenMs),
        htmlEndToFirstScreenMs: round1(firstLoad.htmlEndToScreenMs),
        fullSetFrom: firstLoad.source,
        fullSetBytes: firstLoad.fullBytes,
        fullSetLastByteToCommitMs: round1(firstLoad.ms),
      },
      rowsInDom: rendered,
      pollAnswerToCommitMs: percentiles(pollToCommit),
      scroll: {
        seconds: scrollSeconds,
        longTasks: longTasks.length,
        longestTaskMs: Math.round(longest),
        over50ms: longTasks.filter((t) => t > LONG_TASK_BUDGET_MS).length,
        oldestReached: oldestVisible > 0,
      },
      clickToFeedbackMs: percentiles(clickMs.filter((v) => v !== null)),
      targets: {
        noLongTaskOver50ms: longest <= LONG_TASK_BUDGET_MS,
        renderedWithin300msOfData:
          percentiles(pollToCommit).max <= RENDER_BUDGET_MS && firstLoad.ms <= RENDER_BUDGET_MS,
      },
    };
  } finally {
    await browser?.close();
    stack.stop();
    await stack.exited;
  }
}

const report = await run();
fs.writeFileSync(path.join(outDir, "report.json"), `${JSON.stringify(report, null, 2)}\n`);
console.log(
  `\nTargets: ${JSON.stringify(report.targets)}\nReport: ${path.relative(root, path.join(outDir, "report.json"))}`,
);
if (!report.targets.noLongTaskOver50ms || !report.targets.renderedWithin300msOfData)
  process.exitCode = 1;
