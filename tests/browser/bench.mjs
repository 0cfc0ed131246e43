// Times how long headless Chromium takes to open pages, from navigation start to the end of the
// load event, as the Navigation Timing API reports it. Run by examples/bench_page.rs:
//
//   node tests/browser/bench.mjs RUNS FILE...
//
// Prints one JSON object: for each file, every run's time in milliseconds. Each run opens the
// file in a fresh tab; the first run of each file is a warm-up and is not reported.
import { chromium } from "playwright-core";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [runsArg, ...files] = process.argv.slice(2);
const runs = Number(runsArg);
if (!(runs > 0) || files.length === 0) {
  console.error("usage: node tests/browser/bench.mjs RUNS FILE...");
  process.exit(2);
}
const profile = fs.mkdtempSync(path.join(os.tmpdir(), "tlswalk-bench-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: "/usr/bin/chromium",
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  viewport: { width: 1280, height: 800 },
});
const result = {};
try {
  for (const file of files) {
    const url = pathToFileURL(path.resolve(file)).href;
    const times = [];
    for (let i = 0; i <= runs; i++) {
      const page = await context.newPage();
      await page.goto(url, { waitUntil: "load" });
      const ms = await page.evaluate(() => {
        const nav = performance.getEntriesByType("navigation")[0];
        return nav.loadEventEnd - nav.startTime;
      });
      await page.close();
      if (i > 0) times.push(ms);
    }
    result[file] = times;
  }
} finally {
  await context.close();
  fs.rmSync(profile, { recursive: true, force: true });
}
console.log(JSON.stringify(result));
