// Copies the few dist files the page loads from node_modules/ into vendor/, which
// the binary embeds: the map then works with no network. Run after `npm ci`.
import { copyFileSync, mkdirSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const files = [
  ["leaflet/dist/leaflet.js", "leaflet.js"],
  ["leaflet/dist/leaflet.css", "leaflet.css"],
  ["leaflet.markercluster/dist/leaflet.markercluster.js", "leaflet.markercluster.js"],
  ["leaflet.markercluster/dist/MarkerCluster.css", "MarkerCluster.css"],
  ["leaflet.markercluster/dist/MarkerCluster.Default.css", "MarkerCluster.Default.css"],
  ["topojson-client/dist/topojson-client.min.js", "topojson-client.min.js"],
  ["world-atlas/countries-50m.json", "countries-50m.json"],
];
const vendor = join(here, "vendor");
mkdirSync(join(vendor, "images"), { recursive: true });
for (const [from, to] of files) copyFileSync(join(here, "node_modules", from), join(vendor, to));
const images = join(here, "node_modules/leaflet/dist/images");
for (const name of readdirSync(images)) copyFileSync(join(images, name), join(vendor, "images", name));
console.log(`vendored ${files.length} files and leaflet's images into ${vendor}`);
