// Assembles the console into one directory served by lifeline-command (no bundler, no network):
// our ES modules and CSS, Leaflet from node_modules, and the offline basemap of the demo city
// built from schema/gazetteer.json. Usage: node tools/build.mjs OUT_DIR
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const out = process.argv[2];
if (!out) throw new Error("usage: node tools/build.mjs OUT_DIR");
const leaflet = join(root, "node_modules", "leaflet", "dist");
if (!existsSync(leaflet)) {
  console.error("clients/console/node_modules is missing: run `bash .ci/install` (npm ci) first");
  process.exit(1);
}
mkdirSync(out, { recursive: true });
cpSync(join(root, "src"), out, { recursive: true });
cpSync(leaflet, join(out, "vendor", "leaflet"), { recursive: true });
cpSync(join(root, "..", "..", "schema", "enums.json"), join(out, "enums.json"));  // incident types etc., with names
cpSync(join(root, "..", "..", "schema", "roles.json"), join(out, "roles.json"));  // what the UI offers per role
// A deployment edits config.json in place: {"tiles": "https://tiles.example/{z}/{x}/{y}.png"} for its own tile server.
if (!existsSync(join(out, "config.json"))) writeFileSync(join(out, "config.json"), JSON.stringify({ tiles: null }, null, 2) + "\n");

// Basemap: township areas (polygons) and villages (points), GeoJSON lon/lat order.
const gaz = JSON.parse(readFileSync(join(root, "..", "..", "schema", "gazetteer.json"), "utf8"));
const features = [];
for (const p of gaz.places) {
  if (p.kind === "township" && p.area) {
    features.push({ type: "Feature", properties: { id: p.id, kind: p.kind, name: p.name, name_en: p.name_en, county: p.county },
      geometry: { type: "Polygon", coordinates: [p.area.map(([lat, lon]) => [lon, lat])] } });
  } else {
    features.push({ type: "Feature", properties: { id: p.id, kind: p.kind, name: p.name, name_en: p.name_en },
      geometry: { type: "Point", coordinates: [p.lon, p.lat] } });
  }
}
writeFileSync(join(out, "basemap.geojson"), JSON.stringify({ type: "FeatureCollection",
  properties: { source: "schema/gazetteer.json (fictional demo city 示范市)" }, features }));
console.log(`console assembled in ${out} (${features.length} basemap features)`);
