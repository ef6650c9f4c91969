// Page load time of the map (navigation timing, and until the events are drawn), in
// Debian's chromium: node pageload.mjs URL [RUNS]. Each run uses a fresh profile (cold cache).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

const [url, runs = "5"] = process.argv.slice(2);
const flags = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const rows = [];
for (let i = 0; i < Number(runs); i++) {
  const profile = mkdtempSync(join(tmpdir(), "sitrep-pageload-"));
  const context = await chromium.launchPersistentContext(profile, { executablePath: "/usr/bin/chromium", headless: true, args: flags, viewport: { width: 1400, height: 900 } });
  const page = context.pages()[0] || (await context.newPage());
  const t0 = Date.now();
  await page.goto(url);
  await page.waitForSelector("body[data-ready=true]", { timeout: 60000 });
  const ready = Date.now() - t0;
  const nav = await page.evaluate(() => performance.getEntriesByType("navigation")[0].toJSON());
  const status = await page.textContent("#status");
  rows.push({ dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd, ready, status });
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`page load over ${rows.length} cold runs (median): DOMContentLoaded ${median(rows.map((r) => r.dcl)).toFixed(0)} ms, load ${median(rows.map((r) => r.load)).toFixed(0)} ms, events drawn ${median(rows.map((r) => r.ready))} ms; status: ${rows[0].status}`);
