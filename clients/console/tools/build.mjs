// Assembles the console into one directory served by lifeline-command (no bundler, no network):
// our ES modules and CSS, Leaflet and Apache ECharts from node_modules, and the offline basemap of the demo city
// built from schema/gazetteer.json and data/basemap_features.geojson. Usage: node tools/build.mjs OUT_DIR
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const out = process.argv[2];
if (!out) throw new Error("usage: node tools/build.mjs OUT_DIR");
const leaflet = join(root, "node_modules", "leaflet", "dist");
const echarts = join(root, "node_modules", "echarts");
if (!existsSync(leaflet) || !existsSync(echarts)) {
  console.error("clients/console/node_modules is missing: run `bash .ci/install` (npm ci) first");
  process.exit(1);
}
mkdirSync(out, { recursive: true });
cpSync(join(root, "src"), out, { recursive: true });
cpSync(leaflet, join(out, "vendor", "leaflet"), { recursive: true });
// ECharts: only its minified ES module build (charts.js imports it when a chart is first shown), with
// the Apache licence and notice it ships under.
mkdirSync(join(out, "vendor", "echarts"), { recursive: true });
for (const f of ["dist/echarts.esm.min.mjs", "LICENSE", "NOTICE"]) cpSync(join(echarts, f), join(out, "vendor", "echarts", f.replace("dist/", "")));
cpSync(join(root, "..", "..", "schema", "enums.json"), join(out, "enums.json"));  // incident types etc., with names
cpSync(join(root, "..", "..", "schema", "roles.json"), join(out, "roles.json"));  // what the UI offers per role
// A deployment edits config.json in place: {"tiles": "https://tiles.example/{z}/{x}/{y}.png"} for its own tile server.
if (!existsSync(join(out, "config.json"))) writeFileSync(join(out, "config.json"), JSON.stringify({ tiles: null }, null, 2) + "\n");

// Basemap (README "Offline basemap"): township areas (polygons) and villages (points) from the
// gazetteer; the sea, rivers, reservoirs and main roads drawn for the demo city in
// data/basemap_features.geojson; an access road from each village to the nearest main road, derived
// here. GeoJSON lon/lat order. The build fails when a village or a township seat lies in the sea or
// in a reservoir (the demo data and the gazetteer must agree).
const gaz = JSON.parse(readFileSync(join(root, "..", "..", "schema", "gazetteer.json"), "utf8"));
const drawn = JSON.parse(readFileSync(join(root, "data", "basemap_features.geojson"), "utf8"));
const features = [];
for (const p of gaz.places) {
  if (p.kind === "township" && p.area) {
    features.push({ type: "Feature", properties: { id: p.id, kind: p.kind, name: p.name, name_en: p.name_en, county: p.county },
      geometry: { type: "Polygon", coordinates: [p.area.map(([lat, lon]) => [lon, lat])] } });
  } else {
    // The short name on the map (东岙村, under its township's name): the gazetteer's name without its township.
    const label = p.township && p.name.startsWith(p.township) ? p.name.slice(p.township.length) : p.name;
    const labelEn = (p.name_en || "").split(",")[0].trim() || label;
    features.push({ type: "Feature", properties: { id: p.id, kind: p.kind, name: p.name, name_en: p.name_en, label, label_en: labelEn },
      geometry: { type: "Point", coordinates: [p.lon, p.lat] } });
  }
}
const kinds = new Set(["sea", "river", "reservoir", "road"]);
for (const f of drawn.features) {
  if (!kinds.has(f.properties?.kind)) throw new Error(`basemap_features.geojson: unknown kind ${JSON.stringify(f.properties?.kind)}`);
  if (!f.properties.name) throw new Error("basemap_features.geojson: a feature without a name");
}
// Ray casting on [lon, lat] rings (the outer ring; the demo's water has no holes).
const inside = ([x, y], ring) => {
  let inn = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i], [xj, yj] = ring[j];
    if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inn = !inn;
  }
  return inn;
};
for (const p of gaz.places) {
  for (const w of drawn.features.filter((f) => f.geometry.type === "Polygon")) {
    if (inside([p.lon, p.lat], w.geometry.coordinates[0])) throw new Error(`basemap: ${p.name} lies in ${w.properties.name}`);
  }
}
// Village access roads: from the village to the nearest point of a main or county road, bent a little
// (by a hash of its id, so every build draws the same) so that they do not look ruled. None when the
// village is on the road already (under 300 m).
const kmLon = 111.32 * Math.cos((28.1 * Math.PI) / 180), kmLat = 110.57;
const roads = drawn.features.filter((f) => f.properties.kind === "road");
const nearestOnRoads = ([x, y]) => {
  let best = null;
  for (const r of roads) {
    const c = r.geometry.coordinates;
    for (let i = 1; i < c.length; i++) {
      const [ax, ay] = c[i - 1], [bx, by] = c[i];
      const dx = (bx - ax) * kmLon, dy = (by - ay) * kmLat;
      const t = Math.max(0, Math.min(1, (((x - ax) * kmLon) * dx + ((y - ay) * kmLat) * dy) / (dx * dx + dy * dy || 1)));
      const px = ax + (bx - ax) * t, py = ay + (by - ay) * t;
      const d = Math.hypot((x - px) * kmLon, (y - py) * kmLat);
      if (!best || d < best.d) best = { d, at: [px, py] };
    }
  }
  return best;
};
const hash = (s) => [...s].reduce((h, c) => (Math.imul(h, 31) + c.charCodeAt(0)) >>> 0, 7);
const round = (v) => Math.round(v * 1e5) / 1e5;
let access = 0;
for (const p of gaz.places.filter((q) => q.kind === "village")) {
  const near = nearestOnRoads([p.lon, p.lat]);
  if (!near || near.d < 0.3) continue;
  const bend = ((hash(p.id) % 1000) / 1000 - 0.5) * 0.35;  // up to 17 % of the length, either side
  const [ex, ey] = near.at, mx = (p.lon + ex) / 2, my = (p.lat + ey) / 2;
  const nx = -(ey - p.lat) * kmLat / kmLon, ny = (ex - p.lon) * kmLon / kmLat;  // the perpendicular, in degrees
  features.push({ type: "Feature", properties: { kind: "road", class: "access", name: p.name },
    geometry: { type: "LineString", coordinates: [[p.lon, p.lat], [round(mx + nx * bend), round(my + ny * bend)], [round(ex), round(ey)]] } });
  access++;
}
features.push(...drawn.features);
// Where each township's name is written: near the middle of its area, clear of the places in it (team
// markers sit on the seat and on villages) and of rivers and roads where it can, so that markers do
// not cover it at the city-wide zooms (10–11: a label is some 5 × 1.5 km at zoom 10).
const lineSamples = [];
for (const f of drawn.features.filter((g) => g.geometry.type === "LineString")) {
  const c = f.geometry.coordinates;
  for (let i = 1; i < c.length; i++) {
    const n = Math.ceil(Math.hypot((c[i][0] - c[i - 1][0]) * kmLon, (c[i][1] - c[i - 1][1]) * kmLat) / 0.3);
    for (let k = 0; k < n; k++) lineSamples.push([c[i - 1][0] + ((c[i][0] - c[i - 1][0]) * k) / n, c[i - 1][1] + ((c[i][1] - c[i - 1][1]) * k) / n]);
  }
}
const water = drawn.features.filter((g) => g.geometry.type === "Polygon");
const covers = ([x, y], [px, py], halfW, halfH) => Math.abs((px - x) * kmLon) < halfW && Math.abs((py - y) * kmLat) < halfH;
for (const f of features.filter((g) => g.properties.kind === "township")) {
  const ring = f.geometry.coordinates[0], xs = ring.map((c) => c[0]), ys = ring.map((c) => c[1]);
  const cx = (Math.min(...xs) + Math.max(...xs)) / 2, cy = (Math.min(...ys) + Math.max(...ys)) / 2;
  let best = null;
  for (const dx of [0, -0.02, 0.02, -0.04, 0.04]) for (const dy of [0, 0.015, -0.015, 0.03, -0.03, 0.045, -0.045, 0.06, -0.06]) {
    const c = [cx + dx, cy + dy];
    const corners = [-1, 1].flatMap((sx) => [-1, 1].map((sy) => [c[0] + (sx * 2.2) / kmLon, c[1] + (sy * 0.8) / kmLat]));
    const wet = water.some((w) => corners.some((k) => inside(k, w.geometry.coordinates[0])));
    const cost = (wet ? 100 : 0) + gaz.places.filter((p) => covers(c, [p.lon, p.lat], 3.6, 1.3)).length * 10
      + lineSamples.filter((q) => covers(c, q, 2.2, 0.8)).length + Math.hypot(dx * kmLon, dy * kmLat) * 0.05;
    if (!best || cost < best.cost) best = { cost, c };
  }
  f.properties.label = best.c.map(round);
}
writeFileSync(join(out, "basemap.geojson"), JSON.stringify({ type: "FeatureCollection",
  properties: { source: "schema/gazetteer.json and clients/console/data/basemap_features.geojson (fictional demo city 示范市)" }, features }));
console.log(`console assembled in ${out} (${features.length} basemap features, ${access} village access roads)`);
