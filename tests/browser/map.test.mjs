// The map page in a real browser (Debian's chromium, driven by playwright-core) against a
// real `sitrep serve` on a database ingested from the fixture articles beside this file.
// Run by scripts/browser-test; SITREP_BIN overrides the binary (default target/debug/sitrep).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const bin = process.env.SITREP_BIN || join(root, "target/debug/sitrep");
const out = join(root, "tests-out");
const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

let work, server, baseUrl, context, page;

async function startServer(db) {
  const child = spawn(bin, ["serve", "--addr", "127.0.0.1:0", "--db", db], { stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise((ok, fail) => {
    let seen = "";
    const timer = setTimeout(() => fail(new Error(`sitrep serve printed no URL within 20 s: ${seen}`)), 20000);
    child.stdout.on("data", (chunk) => {
      seen += chunk;
      const m = seen.match(/http:\/\/127\.0\.0\.1:\d+\//);
      if (m) {
        clearTimeout(timer);
        ok(m[0]);
      }
    });
    child.on("exit", (code) => fail(new Error(`sitrep serve exited with ${code}: ${seen}`)));
  });
  return { child, url };
}

async function api(path) {
  const response = await fetch(new URL(path, baseUrl));
  assert.equal(response.status, 200, `GET ${path}`);
  return response.json();
}

async function statusCount() {
  await page.waitForFunction(() => /^\d+/.test(document.getElementById("status").textContent));
  return Number((await page.textContent("#status")).match(/^\d+/)[0]);
}

before(async () => {
  work = mkdtempSync(join(tmpdir(), "sitrep-browser-"));
  const db = join(work, "test.db");
  const ingest = spawnSync(bin, ["ingest", "--db", db, join(here, "fixtures")], { encoding: "utf8", cwd: root });
  assert.equal(ingest.status, 0, `sitrep ingest failed:\n${ingest.stdout}\n${ingest.stderr}`);
  ({ child: server, url: baseUrl } = await startServer(db));
  context = await chromium.launchPersistentContext(join(work, "profile"), {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1400, height: 900 },
  });
  page = context.pages()[0] || (await context.newPage());
  const errors = [];
  page.on("pageerror", (err) => errors.push(err.message));
  page.errors = errors;
});

after(async () => {
  await context?.close();
  server?.kill();
  if (work) rmSync(work, { recursive: true, force: true });
});

test("the page loads offline and draws every event, imprecise ones as areas", async () => {
  const started = Date.now();
  await page.goto(baseUrl);
  await page.waitForSelector("body[data-ready=true]", { timeout: 20000 });
  const ready = Date.now() - started;
  const nav = await page.evaluate(() => performance.getEntriesByType("navigation")[0].toJSON());
  console.log(`page load: DOMContentLoaded ${nav.domContentLoadedEventEnd.toFixed(0)} ms, load ${nav.loadEventEnd.toFixed(0)} ms, events drawn ${ready} ms`);

  const all = await api("/api/events?limit=1000");
  assert.ok(all.items.length >= 3, `expected at least 3 events from the fixtures, the API has ${all.items.length}`);
  assert.equal(await statusCount(), all.items.length);

  // Basemap drawn from the vendored TopoJSON: country outlines are SVG paths.
  assert.ok((await page.locator(".leaflet-overlay-pane path").count()) > 100, "country outlines drawn");

  const precise = all.items.filter((e) => e.location && e.location.lat != null && e.location.geo_precision < 3);
  const imprecise = all.items.filter((e) => e.location && e.location.lat != null && e.location.geo_precision >= 3);
  const markers = await page.locator(".ev-marker").count();
  const clustered = await page.locator(".marker-cluster").count();
  assert.ok(markers + clustered >= 1 || precise.length === 0, "markers or clusters drawn for precise events");
  assert.ok(markers <= precise.length, "no marker for an imprecise event");
  assert.equal(await page.locator("path.ev-imprecise").count(), imprecise.length, "one area per imprecise event");
  assert.ok((await page.locator("#timeline rect.bar").count()) >= 1, "timeline bars drawn");
  assert.deepEqual(page.errors, [], "no script errors");
});

test("a filter narrows the map to one event type", async () => {
  const total = await statusCount();
  const battles = await api("/api/events?event_type=Battles&limit=1000");
  await page.selectOption("#f-event-type", "Battles");
  await page.click("#filters button[type=submit]");
  await page.waitForFunction((n) => document.getElementById("status").textContent.startsWith(`${n} `), battles.items.length);
  assert.ok(battles.items.length < total, "the fixtures have events of other types");
  for (const type of await page.locator(".ev-marker").evaluateAll((els) => els.map((e) => e.dataset.type))) {
    assert.equal(type, "Battles");
  }
  assert.match(await page.getAttribute("#x-csv", "href"), /event_type=Battles/);
  await page.click("#f-reset");
  await page.waitForFunction((n) => document.getElementById("status").textContent.startsWith(`${n} `), total);
});

test("clicking the Saraqib clash opens the panel with both reports, their claims and evidence", async () => {
  let merged = null;
  for (const ev of (await api("/api/events?q=Saraqib&limit=100")).items) {
    const detail = await api(`/api/events/${encodeURIComponent(ev.id)}`);
    if (detail.mentions.length >= 2 && !merged) merged = detail;
  }
  assert.ok(merged, "the two Saraqib reports merged into one event");
  const marker = page.locator(`.ev-marker[data-id="${merged.event.id}"]`);
  // Zoom into clusters until the marker shows, as a person would.
  for (let i = 0; i < 8 && (await marker.count()) === 0; i++) {
    await page.locator(".marker-cluster").first().click();
    await page.waitForTimeout(700);
  }
  await marker.click();
  await page.waitForSelector("#panel blockquote.evidence");
  assert.equal(await page.locator("#panel .mention").count(), merged.mentions.length);
  const evidence = await page.locator("#panel blockquote.evidence").allTextContents();
  assert.deepEqual(evidence.map((t) => t.trim()).sort(), merged.mentions.map((m) => m.event.evidence.text.trim()).sort());
  assert.ok(evidence.every((t) => t.trim().length > 10), `evidence sentences shown: ${evidence}`);
  const panel = await page.textContent("#panel");
  assert.match(panel, /precision:/);
  const docs = new Set(merged.mentions.map((m) => m.document.doc_id));
  for (const doc of docs) assert.ok(panel.includes(doc), `source ${doc} listed`);
  assert.equal(await page.locator("#claims li").count(), merged.claims.length);
});

test("brushing the timeline filters the events by date", async () => {
  const total = await statusCount();
  const box = await page.locator("#timeline").boundingBox();
  // Drag over the left third of the timeline: the first weeks only.
  await page.mouse.move(box.x + 25, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 3, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  await page.waitForFunction(() => document.getElementById("f-end").value !== "");
  const [start, end] = [await page.inputValue("#f-start"), await page.inputValue("#f-end")];
  const expected = (await api(`/api/events?start=${start}&end=${end}&limit=1000`)).items.length;
  await page.waitForFunction((n) => document.getElementById("status").textContent.startsWith(`${n} `), expected);
  assert.ok(expected < total, `brushed ${start}..${end}: ${expected} of ${total}`);
  assert.equal(await page.locator("#timeline rect.brush[visibility=visible]").count(), 1);
  await page.click("#f-reset");
  await page.waitForFunction((n) => document.getElementById("status").textContent.startsWith(`${n} `), total);
});

test("the control layer shows who holds Khan Shaykhun at the brushed date", async () => {
  await page.check("#t-control");
  await page.fill("#f-end", "2026-04-30");
  await page.click("#filters button[type=submit]");
  await page.waitForSelector(".control-marker", { timeout: 10000 });
  // GeoNames writes "Khān Shaykhūn": compare without diacritics.
  const places = await page.locator(".control-marker").evaluateAll((els) => els.map((e) => e.dataset.place.normalize("NFD").replace(/\p{M}/gu, "")));
  assert.ok(places.some((p) => /Khan Shaykhun/i.test(p)), `control places: ${places}`);

  // Before the capture, nothing is held by the rebels there.
  await page.fill("#f-end", "2026-03-01");
  await page.click("#filters button[type=submit]");
  await page.waitForFunction(() => ![...document.querySelectorAll(".control-marker")].some((e) => /Kh.n Shaykh.n/i.test(e.dataset.place)));

  await page.fill("#f-end", "");
  await page.click("#filters button[type=submit]");
  await page.waitForSelector(".control-marker");
  await page.uncheck("#t-control");
  assert.equal(await page.locator(".control-marker").count(), 0, "control layer hidden by its toggle");
  await page.check("#t-control");
  await page.waitForSelector(".control-marker");

  mkdirSync(out, { recursive: true });
  await page.screenshot({ path: join(out, "map.png") });
  console.log(`screenshot: ${join(out, "map.png")}`);
});
