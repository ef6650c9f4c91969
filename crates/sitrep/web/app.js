// The sitrep map: events from /api/events drawn over an offline world basemap, a weekly
// timeline from /api/counts whose brush sets the date filter, a side panel with one
// event's reports, and the territorial control layer at the brushed end date.
"use strict";

const TYPE_COLORS = {
  "Battles": "#d62728",
  "Explosions/Remote violence": "#ff7f0e",
  "Violence against civilians": "#9467bd",
  "Protests": "#2ca02c",
  "Riots": "#8c564b",
  "Strategic developments": "#1f77b4",
};
const INTER_COLORS = {
  "State forces": "#1f4e9c",
  "Rebel groups": "#c0392b",
  "Political militias": "#e67e22",
  "Identity militias": "#8e44ad",
  "External/Other forces": "#7f8c8d",
};
// Events known only to a province or country are drawn as areas of these radii, so no
// one mistakes them for a located town: a province-sized disc when the admin-1 unit is
// known, a country-sized one otherwise.
const PROVINCE_RADIUS_M = 60000;
const COUNTRY_RADIUS_M = 250000;
// The page draws at most this many events; past it the status line says the view is partial.
const MAX_EVENTS = 5000;

// `partial`: the last load stopped at MAX_EVENTS; then the map reloads the events of the
// visible area (`view`, a bbox) whenever it moves, so zooming in shows everything there.
const state = { filters: {}, events: [], weeks: [], partial: false, view: null, loads: 0 };

const map = L.map("map", { worldCopyJump: true, minZoom: 2, maxZoom: 14 }).setView([30, 30], 3);
const tiles = L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
  maxZoom: 18,
  attribution: "© OpenStreetMap contributors",
});
const clusters = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 40 });
const areas = L.layerGroup();
// Control markers live in their own pane under the events', so a controlled town
// never hides the event markers on it from a click. Clustered too: a region can have
// thousands of places under control, and one DOM element per place stalls the page.
map.createPane("control").style.zIndex = 550;
const control = L.markerClusterGroup({
  clusterPane: "control",
  showCoverageOnHover: false,
  maxClusterRadius: 30,
  iconCreateFunction: (cluster) =>
    L.divIcon({ className: "", html: `<div class="control-cluster"><span>${cluster.getChildCount()}</span></div>`, iconSize: [22, 22] }),
});
clusters.addTo(map);
areas.addTo(map);
control.addTo(map);

function esc(value) {
  return String(value ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

function colorOf(type) {
  return TYPE_COLORS[type] || "#555";
}

async function getJSON(url) {
  const response = await fetch(url);
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.error || `${response.status} ${response.statusText} for ${url}`);
  return body;
}

function setStatus(text, isError) {
  const el = document.getElementById("status");
  el.textContent = text;
  el.className = isError ? "error" : "";
}

function query(extra) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...state.filters, ...extra })) if (v !== undefined && v !== null && v !== "") params.set(k, v);
  return params.toString();
}

// Natural Earth cuts Russia and Fiji at ±180°, so one ring can hold points at both
// ends; Leaflet would draw it as a band around the world. Such rings are moved east
// of 180° instead. Antarctica legitimately spans every longitude and is left as is.
function unwrapRing(ring) {
  const lons = ring.map(([x]) => x);
  const crosses = Math.max(...lons) - Math.min(...lons) > 180 && Math.min(...ring.map(([, y]) => y)) > -60;
  return crosses ? ring.map(([x, y]) => [x < 0 ? x + 360 : x, y]) : ring;
}

function unwrapGeometry(g) {
  if (g.type === "Polygon") g.coordinates = g.coordinates.map(unwrapRing);
  if (g.type === "MultiPolygon") g.coordinates = g.coordinates.map((poly) => poly.map(unwrapRing));
}

async function loadBasemap() {
  try {
    const topo = await getJSON("/vendor/countries-50m.json");
    const countries = topojson.feature(topo, topo.objects.countries);
    for (const f of countries.features) if (f.geometry) unwrapGeometry(f.geometry);
    L.geoJSON(countries, {
      style: { color: "#777", weight: 0.7, fillColor: "#f2efe6", fillOpacity: 1 },
      interactive: false,
    }).addTo(map).bringToBack();
  } catch (err) {
    setStatus(`Basemap unavailable: ${err.message}`, true);
  }
}

function precisionLabel(p) {
  return { 1: "the place itself", 2: "near / part of the place", 3: "province or country only" }[p] || "unknown";
}

function drawEvents() {
  clusters.clearLayers();
  areas.clearLayers();
  const markers = [];
  for (const ev of state.events) {
    const loc = ev.location || {};
    if (loc.lat == null || loc.lon == null) continue;
    const color = colorOf(ev.event_type);
    const title = `${ev.sub_event_type} — ${loc.name || "?"} (${ev.date ? ev.date.start : ""})`;
    if (loc.geo_precision >= 3) {
      const area = L.circle([loc.lat, loc.lon], {
        radius: loc.admin1 ? PROVINCE_RADIUS_M : COUNTRY_RADIUS_M,
        color,
        weight: 2,
        fillOpacity: 0.15,
        className: "ev-imprecise",
      });
      area.bindTooltip(`${title} — location imprecise: ${precisionLabel(3)}`);
      area.on("click", () => showEvent(ev.id));
      areas.addLayer(area);
    } else {
      const icon = L.divIcon({
        className: "",
        html: `<div class="ev-marker" data-id="${esc(ev.id)}" data-type="${esc(ev.event_type)}" style="background:${color}"></div>`,
        iconSize: [14, 14],
      });
      const marker = L.marker([loc.lat, loc.lon], { icon, title });
      marker.on("click", () => showEvent(ev.id));
      markers.push(marker);
    }
  }
  clusters.addLayers(markers);
}

async function loadEvents() {
  const load = ++state.loads;
  setStatus("Loading events…");
  const events = [];
  let cursor = null;
  do {
    const page = await getJSON(`/api/events?${query({ limit: 1000, cursor, bbox: state.view })}`);
    if (load !== state.loads) return; // a newer load replaced this one
    events.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor && events.length < MAX_EVENTS);
  state.events = events;
  state.partial = Boolean(cursor);
  drawEvents();
  const imprecise = events.filter((e) => e.location && e.location.geo_precision >= 3).length;
  const where = state.view ? " in view" : "";
  setStatus(`${events.length}${cursor ? "+" : ""} events${where}${cursor ? " (partial: zoom in for all)" : ""}, ${imprecise} located only to a province or country`);
}

// The visible area as the API's bbox, or null when the view spans the whole world.
function viewBbox() {
  const b = map.getBounds();
  const [west, east] = [b.getWest(), b.getEast()];
  if (east - west >= 360) return null;
  const wrap = (x) => ((((x + 180) % 360) + 360) % 360) - 180;
  const clampLat = (y) => Math.max(-90, Math.min(90, y));
  return [wrap(west), clampLat(b.getSouth()), wrap(east), clampLat(b.getNorth())].map((v) => v.toFixed(4)).join(",");
}

let moveTimer = null;
map.on("moveend", () => {
  if (!state.partial && !state.view) return;
  clearTimeout(moveTimer);
  moveTimer = setTimeout(() => {
    state.view = viewBbox();
    loadEvents().catch((err) => setStatus(err.message, true));
  }, 300);
});

async function loadTimeline() {
  const { start, end, ...rest } = state.filters;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(rest)) if (v) params.set(k, v);
  const rows = await getJSON(`/api/counts?${params}`);
  const byWeek = new Map();
  for (const row of rows) {
    const week = byWeek.get(row.week) || {};
    week[row.event_type] = (week[row.event_type] || 0) + row.count;
    byWeek.set(row.week, week);
  }
  state.weeks = [...byWeek.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  drawTimeline();
}

// Weeks are ISO dates of their Monday; a bar spans 7 days.
function drawTimeline() {
  const svg = document.getElementById("timeline");
  const width = svg.clientWidth || 800;
  const height = svg.clientHeight || 100;
  const pad = 18;
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.innerHTML = "";
  if (!state.weeks.length) {
    svg.innerHTML = `<text class="axis" x="10" y="20">No dated events for these filters.</text>`;
    return;
  }
  const day = 86400000;
  const t0 = Date.parse(state.weeks[0][0]);
  const t1 = Date.parse(state.weeks[state.weeks.length - 1][0]) + 7 * day;
  const max = Math.max(...state.weeks.map(([, w]) => Object.values(w).reduce((a, b) => a + b, 0)));
  const x = (t) => pad + ((t - t0) / (t1 - t0)) * (width - 2 * pad);
  const y = (n) => (height - pad) * (1 - n / max);
  const ns = "http://www.w3.org/2000/svg";
  for (const [week, counts] of state.weeks) {
    let stacked = 0;
    const wx = x(Date.parse(week));
    const ww = Math.max(1, x(Date.parse(week) + 7 * day) - wx - 1);
    for (const [type, n] of Object.entries(counts)) {
      const rect = document.createElementNS(ns, "rect");
      rect.setAttribute("class", "bar");
      rect.setAttribute("x", wx);
      rect.setAttribute("width", ww);
      rect.setAttribute("y", y(stacked + n));
      rect.setAttribute("height", y(stacked) - y(stacked + n));
      rect.setAttribute("fill", colorOf(type));
      rect.appendChild(document.createElementNS(ns, "title")).textContent = `week of ${week}: ${n} ${type}`;
      svg.appendChild(rect);
      stacked += n;
    }
  }
  for (const t of [t0, t1 - day]) {
    const label = document.createElementNS(ns, "text");
    label.setAttribute("class", "axis");
    label.setAttribute("x", t === t0 ? pad : width - pad);
    label.setAttribute("y", height - 4);
    label.setAttribute("text-anchor", t === t0 ? "start" : "end");
    label.textContent = new Date(t).toISOString().slice(0, 10);
    svg.appendChild(label);
  }
  const brush = document.createElementNS(ns, "rect");
  brush.setAttribute("class", "brush");
  brush.setAttribute("y", 0);
  brush.setAttribute("height", height - pad);
  brush.setAttribute("visibility", "hidden");
  svg.appendChild(brush);
  const toDate = (px) => new Date(t0 + ((px - pad) / (width - 2 * pad)) * (t1 - t0)).toISOString().slice(0, 10);
  const pxOf = (evt) => {
    const r = svg.getBoundingClientRect();
    return Math.min(width - pad, Math.max(pad, ((evt.clientX - r.left) / r.width) * width));
  };
  const showBrush = (a, b) => {
    brush.setAttribute("x", Math.min(a, b));
    brush.setAttribute("width", Math.abs(b - a));
    brush.setAttribute("visibility", "visible");
  };
  if (state.filters.start || state.filters.end) {
    showBrush(x(Date.parse(state.filters.start || state.weeks[0][0])), x(state.filters.end ? Date.parse(state.filters.end) + day : t1));
  }
  svg.onpointerdown = (down) => {
    const from = pxOf(down);
    svg.setPointerCapture(down.pointerId);
    svg.onpointermove = (move) => showBrush(from, pxOf(move));
    svg.onpointerup = (up) => {
      svg.onpointermove = svg.onpointerup = null;
      const to = pxOf(up);
      if (Math.abs(to - from) < 3) {
        setDates("", "");
      } else {
        setDates(toDate(Math.min(from, to)), toDate(Math.max(from, to)));
      }
    };
  };
}

function setDates(start, end) {
  document.getElementById("f-start").value = start;
  document.getElementById("f-end").value = end;
  applyFilters();
}

function actorText(actor) {
  return actor ? `${esc(actor.name)} <small>(${esc(actor.inter)})</small>` : "—";
}

function fatalitiesText(f) {
  if (!f) return "none reported";
  if (f.high == null) return `at least ${f.low}`;
  return f.low === f.high ? `${f.low}` : `${f.low}–${f.high}`;
}

function dateText(d) {
  if (!d) return "?";
  return d.start === d.end ? d.start : `${d.start} – ${d.end}`;
}

async function showEvent(id) {
  const panel = document.getElementById("panel");
  panel.innerHTML = `<p class="hint">Loading ${esc(id)}…</p>`;
  try {
    const detail = await getJSON(`/api/events/${encodeURIComponent(id)}`);
    const ev = detail.event;
    const loc = ev.location || {};
    const f = ev.fatalities;
    panel.innerHTML = `
      <h2 style="color:${colorOf(ev.event_type)}">${esc(ev.sub_event_type)}</h2>
      <div>${esc(ev.event_type)} <small>${esc(ev.id)}</small></div>
      <dl>
        <dt>Where</dt><dd>${esc(loc.name)}${loc.admin1 ? ", " + esc(loc.admin1) : ""}${loc.country ? " (" + esc(loc.country) + ")" : ""}
          <br><small class="precision">precision: ${esc(precisionLabel(loc.geo_precision))}</small></dd>
        <dt>When</dt><dd>${esc(dateText(ev.date))}</dd>
        <dt>Actor 1</dt><dd>${actorText(ev.actor1)}</dd>
        <dt>Actor 2</dt><dd>${actorText(ev.actor2)}</dd>
        <dt>Killed</dt><dd>${esc(fatalitiesText(f))}${f ? ` <small>(conservative: ${esc(f.conservative)}${ev.contested ? "; reports disagree" : ""})</small>` : ""}</dd>
        <dt>Confidence</dt><dd>${Number(ev.confidence).toFixed(2)}</dd>
        <dt>Reports</dt><dd>${detail.mentions.length} from ${ev.sources} source${ev.sources === 1 ? "" : "s"}</dd>
      </dl>
      <h3>Claims</h3>
      <ul id="claims">${detail.claims.map(claimHtml).join("")}</ul>
      <h3>Reports and evidence</h3>
      <div id="mentions">${detail.mentions.map(mentionHtml).join("")}</div>`;
  } catch (err) {
    panel.innerHTML = `<p class="error">${esc(err.message)}</p>`;
  }
}

function claimHtml(c) {
  const who = c.claimed_by ? actorText(c.claimed_by) : "the reports' own voice";
  return `<li class="claim">${who}: killed: ${esc(fatalitiesText(c.fatalities))} <small>(${c.doc_ids.map(esc).join(", ")})</small></li>`;
}

function mentionHtml(m) {
  const doc = m.document;
  const ev = m.event;
  const claim = ev.claimed_by ? `according to ${actorText(ev.claimed_by)}` : "stated by the source";
  const source = doc.url
    ? `<a href="${esc(doc.url)}" target="_blank" rel="noopener">${esc(doc.title || doc.url)}</a>`
    : esc(doc.title || doc.doc_id);
  return `<div class="mention">
      <div class="source">${source} <small>${esc(doc.doc_id)}</small></div>
      <div class="claim">${claim}; killed: ${esc(fatalitiesText(ev.fatalities))}</div>
      <blockquote class="evidence">${esc(ev.evidence.text)}</blockquote>
    </div>`;
}

async function loadControl() {
  control.clearLayers();
  if (!document.getElementById("t-control").checked) return;
  const at = state.filters.end || new Date().toISOString().slice(0, 10);
  const params = new URLSearchParams({ at });
  if (state.filters.country) params.set("country", state.filters.country);
  const fc = await getJSON(`/api/control?${params}`);
  const markers = [];
  for (const f of fc.features) {
    if (!f.geometry) continue; // a place without coordinates cannot be drawn
    const [lon, lat] = f.geometry.coordinates;
    const p = f.properties;
    const place = p.place.name;
    const color = INTER_COLORS[p.holder.inter] || "#555";
    const icon = L.divIcon({
      className: "",
      html: `<div class="control-marker${p.contested ? " contested" : ""}" style="background-color:${color}" data-place="${esc(place)}" data-holder="${esc(p.holder.name)}"></div>`,
      iconSize: [14, 14],
    });
    const claimants = p.claimed_by.map((c) => (c ? c.name : "the reports")).filter((v, i, all) => all.indexOf(v) === i);
    const rivals = p.rivals.length ? `; contested by ${p.rivals.map((r) => esc(r.name)).join(", ")}` : "";
    const marker = L.marker([lat, lon], { icon, pane: "control" })
      .bindTooltip(`${esc(place)}: held by ${esc(p.holder.name)} since ${esc(p.since)}, according to ${claimants.map(esc).join(", ")}${rivals}`)
      .on("click", () => showEvent(p.event_id));
    markers.push(marker);
  }
  control.addLayers(markers);
}

function syncExportLinks() {
  const qs = query({});
  for (const [id, path] of [["x-csv", "export.csv"], ["x-geojson", "export.geojson"], ["x-jsonl", "export.jsonl"]]) {
    document.getElementById(id).href = `/api/${path}${qs ? "?" + qs : ""}`;
  }
}

async function applyFilters() {
  const form = new FormData(document.getElementById("filters"));
  state.filters = Object.fromEntries([...form.entries()].filter(([, v]) => v !== ""));
  state.view = null; // new filters: load everywhere first; a partial answer narrows to the view again
  syncExportLinks();
  try {
    await Promise.all([loadEvents(), loadTimeline(), loadControl()]);
  } catch (err) {
    setStatus(err.message, true);
  }
}

function addLegend() {
  const legend = L.control({ position: "bottomleft" });
  legend.onAdd = () => {
    const div = L.DomUtil.create("div", "legend");
    div.innerHTML =
      Object.entries(TYPE_COLORS).map(([t, c]) => `<div><i style="background:${c}"></i>${esc(t)}</div>`).join("") +
      `<div><i class="area" style="background:#999"></i>province/country only</div>` +
      `<div><i class="ctrl" style="background:#c0392b"></i>control (dashed: contested)</div>`;
    return div;
  };
  legend.addTo(map);
}

document.getElementById("filters").addEventListener("submit", (e) => {
  e.preventDefault();
  applyFilters();
});
document.getElementById("filters").addEventListener("reset", () => setTimeout(applyFilters));
document.getElementById("t-control").addEventListener("change", () => loadControl().catch((e) => setStatus(e.message, true)));
document.getElementById("t-tiles").addEventListener("change", (e) => (e.target.checked ? tiles.addTo(map) : tiles.remove()));
window.addEventListener("resize", drawTimeline);

addLegend();
loadBasemap();
applyFilters().then(() => {
  const bounds = L.latLngBounds(state.events.filter((e) => e.location && e.location.lat != null).map((e) => [e.location.lat, e.location.lon]));
  if (bounds.isValid()) map.fitBounds(bounds.pad(0.3), { maxZoom: 9 });
  document.body.dataset.ready = "true";
});
