// The map: the demo city's offline basemap (or a deployment's own tile server), teams by position
// and readiness, incidents by response level, depots, the townships under a warning, teams reachable
// only by satellite; overlays switched on and off (图层), range rings around an incident. Markers are
// kept and moved, not rebuilt, so a thousand teams reporting positions stay cheap: an overlay switched
// off takes its layer group off the map, its markers are still kept and moved.
import { language, t } from "./i18n.js";
import { serverNow, teamName } from "./state.js";
import { textNode } from "./ui.js";
import { deviceLabel, fixOf, fixText, teamStatus } from "./teamstatus.js";
import { placeLabel } from "./places.js";
import { attachSearch } from "./search.js";
import { satelliteOnly } from "./links.js";
const L = window.L;
const readinessColour = { available: "#30a46c", standby: "#f5a524", deployed: "#3e9bff", off_duty: "#8b98a5" };
// A team on an open task (task_status): its own colour and a thick white ring, whatever its readiness says.
const taskColour = { ordered: "#fde68a", acknowledged: "#22d3ee", en_route: "#a78bfa", on_scene: "#f472b6", returning: "#2dd4bf" };
const levelColour = { 1: "#e5484d", 2: "#dd6b20", 3: "#d69e2e", 4: "#3182ce" };
const warningColour = { red: "#e5484d", orange: "#dd6b20", yellow: "#d69e2e", blue: "#3182ce" };
// A team's links (links.js): reachable by satellite only, or by no link at all.
const linkColour = { sat: "#c084fc", down: "#e5484d" };
// The basemap under the markers: land dark, water blue, roads light grey-brown (basemap.geojson,
// built by tools/build.mjs). Line widths grow with the zoom: [≤10, 11–12, ≥13].
const townshipStyle = { color: "#3c556e", weight: 1, fillColor: "#1b2835", fillOpacity: 0.6 };
const baseStyle = {
  sea: { color: "#3b7fb3", weight: 1.5, fillColor: "#0f2c44", fillOpacity: 1 },
  reservoir: { color: "#4b93c8", weight: 1, fillColor: "#1c4c72", fillOpacity: 1 },
  river: { color: "#4b93c8", opacity: 0.95, widths: [1.5, 2.5, 3.5] },
  main: { color: "#c2b093", opacity: 0.9, widths: [2, 3, 4.5] },
  county: { color: "#a39379", opacity: 0.85, widths: [1.2, 2, 3] },
  access: { color: "#85796a", opacity: 0.8, widths: [0.6, 1, 1.8] },
};
const widthAt = (widths, z) => widths[z <= 10 ? 0 : z <= 12 ? 1 : 2];
// Panes, bottom to top. The basemap's panes draw SVG (a few hundred points); the teams are drawn on a
// canvas (thousands). Nothing above the teams' canvas may be a canvas: it would take their clicks.
const panes = { basemap: 350, warnings: 352, water: 354, roads: 356, places: 358, labels: 370, tracks: 405, teams: 410, hazards: 412, devices: 415, links: 420, rings: 430, incidents: 440 };
// Overlays (图层), in the order the control lists them; the basemap's own groups after them. The
// tracks (breadcrumbs) are fetched when switched on: off at first.
const overlays = ["teams", "devices", "tracks", "incidents", "depots", "hazards", "warnings", "links"];
const TRACK_HOURS = 6;
const basemapGroups = ["roads", "water", "villages"];
// Labels come in from a zoom: rivers and reservoirs 11, road numbers and village names 12.
const labelZoom = { water: 11, roads: 12, villages: 12 };
const RINGS_KM = [2, 5, 10];
const M_PER_DEG_LAT = (6371000 * Math.PI) / 180;  // as L.Circle draws its radius (CRS.Earth.R)

export class CommandMap {
  // tileUrl: a deployment's tile server ("https://tiles.example/{z}/{x}/{y}.png"), or several drawn
  // one over the other (a basemap and its labels, e.g. Tianditu vec_w + cva_w); none = the shipped basemap.
  // onTracks(on): the tracks overlay was switched (the caller loads them: state.loadTracks).
  // onHazardClick(id): a hazard's marker was clicked (its detail).
  constructor(el, { tileUrl, onTeamClick, onIncidentClick, onTracks, onHazardClick }) {
    this.map = L.map(el, { zoomControl: true, attributionControl: false, preferCanvas: true }).setView([28.0, 120.2], 10);
    const tiles = [tileUrl].flat().filter(Boolean);
    for (const url of tiles) L.tileLayer(url, { maxZoom: 18 }).addTo(this.map);
    this.tiled = tiles.length > 0;
    for (const [name, z] of Object.entries(panes)) this.map.createPane(name).style.zIndex = z;
    this.svg = Object.fromEntries(["basemap", "warnings", "water", "roads", "places", "tracks", "devices", "links", "rings", "incidents"].map((p) => [p, L.svg({ pane: p, padding: 0.5 })]));
    this.teamMarkers = new Map(); this.incidentMarkers = new Map(); this.depotMarkers = new Map(); this.linkMarkers = new Map();
    this.deviceMarkers = new Map();  // team id → device → {dot, tie}: the team's other handhelds
    this.trackLines = new Map();     // team id → device → polyline (while the tracks overlay is on)
    this.onTeamClick = onTeamClick; this.onIncidentClick = onIncidentClick; this.onTracks = onTracks; this.onHazardClick = onHazardClick;
    this.hazardMarkers = new Map();
    this.townships = new Map();       // township id → {feature, layer (its area), label (its name)}
    this.warningAreas = new Map();    // township id → the highest warning colour in force there
    this.warningPolygons = new Map(); // township id → its fill while under a warning
    // Every overlay and basemap group is a layer group: switching it off takes the group off the map.
    this.groups = Object.fromEntries([...overlays, ...basemapGroups].map((k) => [k, L.layerGroup()]));
    this.labelGroups = { water: L.layerGroup(), roads: L.layerGroup(), villages: L.layerGroup() };
    this.shown = Object.fromEntries([...overlays, ...basemapGroups].map((k) => [k, k !== "tracks"]));
    this.labels = [];                 // {marker, span | tooltip, kind, text()}: for the language and the collisions
    this.widthLayers = [];            // [layer, widths]: restyled on zoom
    this.addPlaceSearch();
    this.addLayerControl();
    this.addRingsControl();
    this.addLegend();
    this.applyLayers();
    this.map.on("zoomend", () => {
      this.restyleForZoom();
      if (this.basemapDrawn) this.renderLabels();  // the townships' names are shorter from afar
      this.applyLayers();
    });
    document.addEventListener("lifeline:range-rings", (ev) => {
      const d = ev.detail;
      this.showRings(d.id, [d.lat, d.lon], d.name);
      this.map.fitBounds(this.rings.circles.at(-1).getBounds(), { animate: false });
    });
    fetch("basemap.geojson").then((r) => r.json()).then((g) => this.drawBasemap(g));
  }

  drawBasemap(g) {
    const ll = (c) => L.GeoJSON.coordsToLatLngs(c, 0), line = (f) => L.GeoJSON.coordsToLatLngs(f.geometry.coordinates, 0);
    const bounds = L.latLngBounds([]);
    const name = (p) => (language() === "en" ? p.name_en || p.name : p.name);
    // From afar (zoom ≤ 10) an English township name drops its "Town" / "Township" / "Subdistrict".
    const townName = (p) => (language() === "en" && this.map.getZoom() <= 10 ? name(p).replace(/ (Town|Township|Subdistrict)$/, "") : name(p));
    for (const f of g.features) {
      const p = f.properties;
      if (p.kind === "township") {
        const poly = L.polygon(ll(f.geometry.coordinates[0]), { ...townshipStyle, fillOpacity: this.tiled ? 0 : townshipStyle.fillOpacity,
          pane: "basemap", renderer: this.svg.basemap, interactive: false, className: "bm-township" }).addTo(this.map);
        // The township's name at all zooms, below the markers, where build.mjs found room for it (a
        // tooltip of its own: its content a DOM node, never markup).
        const label = L.tooltip({ permanent: true, direction: "center", className: "town", pane: "labels", interactive: false })
          .setLatLng(p.label ? [p.label[1], p.label[0]] : poly.getCenter()).setContent(textNode("")).addTo(this.map);
        this.townships.set(p.id, { feature: f, layer: poly, label });
        this.labels.push({ tooltip: label, kind: "town", text: () => townName(p) });
        bounds.extend(poly.getBounds());
      } else if (p.kind === "village") {
        const at = L.latLng(f.geometry.coordinates[1], f.geometry.coordinates[0]);
        const dot = L.circleMarker(at, { radius: 2.5, color: "#8fa7bd", weight: 1, fillColor: "#3c556e", fillOpacity: 1,
          pane: "places", renderer: this.svg.places, interactive: false, className: "bm-village" }).addTo(this.map);
        dot.getElement()?.setAttribute("data-place", p.id);
        this.addLabel(this.labelGroups.villages, at, "village", () => (language() === "en" ? p.label_en || p.name_en : p.label || p.name), p.id);
      } else if (this.tiled) {
        continue;  // a tile server draws its own water and roads
      } else if (p.kind === "sea" || p.kind === "reservoir") {
        L.polygon(ll(f.geometry.coordinates[0]), { ...baseStyle[p.kind], pane: "water", renderer: this.svg.water, interactive: false,
          className: "bm-water bm-" + p.kind }).addTo(this.groups.water);
        if (p.label) this.addLabel(p.kind === "sea" ? this.groups.water : this.labelGroups.water, [p.label[1], p.label[0]], p.kind, () => name(p));
      } else if (p.kind === "river") {
        const s = baseStyle.river;
        const l = L.polyline(line(f), { color: s.color, opacity: s.opacity, weight: s.widths[0], pane: "water", renderer: this.svg.water,
          interactive: false, className: "bm-water bm-river", lineCap: "round", lineJoin: "round" }).addTo(this.groups.water);
        this.widthLayers.push([l, s.widths]);
        if (p.label) this.addLabel(this.labelGroups.water, [p.label[1], p.label[0]], "river", () => name(p));
      } else if (p.kind === "road") {
        const s = baseStyle[p.class] || baseStyle.access;
        const l = L.polyline(line(f), { color: s.color, opacity: s.opacity, weight: s.widths[0], pane: "roads", renderer: this.svg.roads,
          interactive: false, className: `bm-road bm-road-${p.class}`, lineCap: "round", lineJoin: "round" }).addTo(this.groups.roads);
        this.widthLayers.push([l, s.widths]);
        if (p.ref && p.label) this.addLabel(this.labelGroups.roads, [p.label[1], p.label[0]], "road", () => p.ref);
      }
    }
    this.basemapDrawn = true;
    this.cityBounds = bounds;
    this.fitCity();
    this.restyleForZoom();
    this.renderLabels();
    this.applyLayers();
    this.showWarningAreas(this.warningAreas);
  }
  // The whole city in view, above the legend: once, when both the basemap and the legend are drawn.
  fitCity() {
    if (this.tiled || this.cityFitted || !this.cityBounds?.isValid() || !this.legendEl.childElementCount) return;
    this.cityFitted = true;
    this.map.fitBounds(this.cityBounds, { animate: false, paddingTopLeft: [0, 8], paddingBottomRight: [0, this.legendEl.closest(".legend").offsetHeight + 8] });
  }
  // A text on the map: a marker whose icon is the text (a DOM node, never markup), below the markers,
  // taking no clicks. Where it sits beside its point is chosen on every zoom (placeLabels).
  addLabel(group, at, kind, text, id) {
    const span = document.createElement("span");
    if (id) span.dataset.place = id;
    const marker = L.marker(at, { pane: "labels", interactive: false, keyboard: false,
      icon: L.divIcon({ className: `map-label map-label-${kind}`, html: span, iconSize: null }) }).addTo(group);
    this.labels.push({ marker, span, kind, text });
  }
  // The labels' text in the UI language (called with the legend, on a language change).
  renderLabels() {
    for (const l of this.labels) {
      const text = l.text();
      if (l.tooltip) { if (l.tooltip.getContent().textContent !== text) l.tooltip.setContent(textNode(text)); }
      else if (l.span.textContent !== text) { l.span.textContent = text; l.size = null; }
    }
    this.placeLabels();
  }
  // Village names beside their dot: right, left, above or below, the first side that overlaps no
  // township name, water or road label, or village name already placed; hidden when none is free
  // (zoom in for it). Pixel offsets between labels depend only on the zoom: done on zoomend.
  placeLabels() {
    const boxes = [], pad = 2;
    const overlaps = (b) => boxes.some((o) => b.x < o.x + o.w + pad && o.x < b.x + b.w + pad && b.y < o.y + o.h + pad && o.y < b.y + b.h + pad);
    const sizeOf = (el) => ({ w: el.offsetWidth, h: el.offsetHeight });
    // Townships first: a name that would run into another's is hidden (zoomed far out).
    for (const { label } of this.townships.values()) {
      const el = label.getElement();
      if (!el) continue;
      const p = this.map.latLngToLayerPoint(label.getLatLng()), s = sizeOf(el), box = { x: p.x - s.w / 2, y: p.y - s.h / 2, w: s.w, h: s.h };
      const hide = overlaps(box);
      el.classList.toggle("collide", hide);
      if (!hide) boxes.push(box);
    }
    if (!this.map.hasLayer(this.labelGroups.villages)) return;
    for (const l of this.labels) {
      if (!l.marker || l.kind === "village" || !l.span.isConnected) continue;
      const p = this.map.latLngToLayerPoint(l.marker.getLatLng()), s = sizeOf(l.span);
      boxes.push({ x: p.x - s.w / 2, y: p.y - s.h / 2, w: s.w, h: s.h });
    }
    const gap = 18;  // clear of an incident's ring and a link ring on the village
    for (const l of this.labels) {
      if (l.kind !== "village" || !l.span.isConnected) continue;
      l.size ??= sizeOf(l.span);
      const { w, h } = l.size, p = this.map.latLngToLayerPoint(l.marker.getLatLng());
      const sides = { right: { x: p.x + gap, y: p.y - h / 2 }, left: { x: p.x - gap - w, y: p.y - h / 2 },
        top: { x: p.x - w / 2, y: p.y - gap - h }, bottom: { x: p.x - w / 2, y: p.y + gap } };
      const side = Object.keys(sides).find((k) => !overlaps({ ...sides[k], w, h }));
      l.span.dataset.side = side || "right";
      l.span.classList.toggle("collide", !side);
      if (side) boxes.push({ ...sides[side], w, h });
    }
  }
  restyleForZoom() {
    const z = this.map.getZoom();
    this.map.getContainer().classList.toggle("map-far", z <= 10);
    for (const [l, widths] of this.widthLayers) { const w = widthAt(widths, z); if (l.options.weight !== w) l.setStyle({ weight: w }); }
  }
  // Each group on the map when switched on (and its labels from their zoom), off it otherwise.
  applyLayers() {
    const z = this.map.getZoom();
    const show = (g, on) => { if (on && !this.map.hasLayer(g)) g.addTo(this.map); else if (!on && this.map.hasLayer(g)) g.remove(); };
    for (const [k, g] of Object.entries(this.groups)) show(g, this.shown[k]);
    for (const [k, g] of Object.entries(this.labelGroups)) show(g, this.shown[k] && z >= labelZoom[k]);
    this.placeLabels();
  }

  // 搜索: a team, an incident, a person or a place typed and picked (search.js): the map flies there;
  // a place is marked, a team's or person's team detail and an incident's dialog open.
  addPlaceSearch() {
    const search = L.control({ position: "topright" });
    search.onAdd = () => {
      const box = L.DomUtil.create("div", "map-search");
      const input = document.createElement("input");
      input.type = "search"; input.id = "map-place-search";
      box.append(input);
      this.placeInput = input;
      L.DomEvent.disableClickPropagation(box); L.DomEvent.disableScrollPropagation(box);
      attachSearch(input, (r) => this.showFound(r));
      return box;
    };
    search.addTo(this.map);
  }
  showFound({ kind, item }) {
    const flyTo = (marker) => { if (marker) this.map.flyTo(marker.getLatLng(), Math.max(this.map.getZoom(), 13), { duration: 0.5 }); };
    if (kind === "place") this.showPlace(item);
    else if (kind === "incident") { flyTo(this.incidentMarkers.get(item.id)); this.onIncidentClick(item.id); }
    else {
      const teamId = kind === "team" ? item.id : item.team_id;
      flyTo(this.teamMarkers.get(teamId));
      this.onTeamClick(teamId);
    }
  }
  showPlace(p) {
    this.placeMarker?.remove();
    this.placeMarker = L.circleMarker([p.lat, p.lon], { radius: 9, color: "#fff", weight: 2, fillOpacity: 0, interactive: false, pane: "rings", renderer: this.svg.rings })
      .bindTooltip(textNode(placeLabel(p)), { permanent: true, direction: "top", className: "place-found" }).addTo(this.map);
    this.map.flyTo([p.lat, p.lon], Math.max(this.map.getZoom(), 13), { duration: 0.5 });
  }
  // 图层: a checkbox per overlay and per basemap group, labelled in the UI language (renderLegend).
  addLayerControl() {
    const control = L.control({ position: "topright" });
    control.onAdd = () => {
      const box = L.DomUtil.create("details", "map-layers");
      box.id = "map-layers";
      this.layersSummary = document.createElement("summary");
      box.append(this.layersSummary);
      this.layerChecks = {};
      const section = (keys) => {
        const fs = document.createElement("div");
        fs.className = "map-layers-group";
        for (const k of keys) {
          const label = document.createElement("label"), input = document.createElement("input"), text = document.createElement("span");
          input.type = "checkbox"; input.checked = this.shown[k]; input.dataset.layer = k; input.id = "map-layer-" + k;
          input.addEventListener("change", () => {
            this.shown[k] = input.checked; this.applyLayers();
            if (k === "tracks") { if (!input.checked) this.clearTracks(); this.onTracks?.(input.checked); }
          });
          label.append(input, text);
          fs.append(label);
          this.layerChecks[k] = { input, text, label };
        }
        return fs;
      };
      this.layersBasemapTitle = document.createElement("div");
      this.layersBasemapTitle.className = "map-layers-title";
      box.append(section(overlays), this.layersBasemapTitle, section(basemapGroups));
      L.DomEvent.disableClickPropagation(box); L.DomEvent.disableScrollPropagation(box);
      return box;
    };
    control.addTo(this.map);
  }
  renderLayerControl() {
    this.layersSummary.textContent = t("map.layers");
    this.layersBasemapTitle.textContent = t("map.layer.basemap");
    for (const [k, c] of Object.entries(this.layerChecks)) {
      c.text.textContent = t("map.layer." + k);
      // A tile server draws its own roads and water: nothing of ours to switch.
      c.label.hidden = this.tiled && (k === "roads" || k === "water");
    }
  }
  // 距离圈: 2, 5 and 10 km around an incident (its dialog's button, or a right click on its marker),
  // each with its distance written on it; the bar under the search box names the incident and clears them.
  addRingsControl() {
    const control = L.control({ position: "topright" });
    control.onAdd = () => {
      const box = L.DomUtil.create("div", "map-rings");
      box.id = "map-rings"; box.hidden = true;
      this.ringsText = document.createElement("span");
      this.ringsClear = document.createElement("button");
      this.ringsClear.type = "button"; this.ringsClear.id = "map-rings-clear"; this.ringsClear.className = "small ghost";
      this.ringsClear.addEventListener("click", () => this.clearRings());
      box.append(this.ringsText, this.ringsClear);
      this.ringsBox = box;
      L.DomEvent.disableClickPropagation(box);
      return box;
    };
    control.addTo(this.map);
  }
  showRings(id, at, name) {
    this.clearRings();
    const group = L.layerGroup().addTo(this.map);
    const circles = RINGS_KM.map((km) => L.circle(at, { radius: km * 1000, pane: "rings", renderer: this.svg.rings, interactive: false,
      className: "range-ring", color: "#ffd166", weight: 1.5, opacity: 0.9, dashArray: "8 6", fill: false }).addTo(group));
    const labels = RINGS_KM.map((km) => {
      const span = document.createElement("span");
      span.textContent = t("map.ring_km", { n: km });
      const m = L.marker([L.latLng(at).lat + (km * 1000) / M_PER_DEG_LAT, L.latLng(at).lng], { pane: "rings", interactive: false, keyboard: false,
        icon: L.divIcon({ className: "map-label map-label-ring", html: span, iconSize: null }) }).addTo(group);
      return { marker: m, span, km };
    });
    this.rings = { id, group, circles, labels, name };
    this.renderRings();
  }
  moveRings(at) {
    if (!this.rings) return;
    const p = L.latLng(at);
    if (this.rings.circles[0].getLatLng().equals(p)) return;
    for (const c of this.rings.circles) c.setLatLng(p);
    for (const l of this.rings.labels) l.marker.setLatLng([p.lat + (l.km * 1000) / M_PER_DEG_LAT, p.lng]);
  }
  clearRings() {
    this.rings?.group.remove();
    this.rings = null;
    if (this.ringsBox) { this.ringsBox.hidden = true; this.ringsText.textContent = ""; }
  }
  renderRings() {
    this.ringsClear.textContent = t("map.rings_clear");
    if (!this.rings) return;
    this.ringsText.textContent = t("map.rings_of", { name: this.rings.name });
    for (const l of this.rings.labels) l.span.textContent = t("map.ring_km", { n: l.km });
    this.ringsBox.hidden = false;
  }
  addLegend() {
    const legend = L.control({ position: "bottomleft" });
    // 图例: the key folds (folded at first on a laptop's narrow map, where it would cover the
    // south-west township); the townships under a warning are always shown under it.
    legend.onAdd = () => {
      const box = L.DomUtil.create("div", "legend"), details = document.createElement("details");
      details.open = this.map.getSize().x >= 900; details.id = "map-legend";
      this.legendSummary = document.createElement("summary");
      this.legendEl = document.createElement("div");
      this.legendEl.className = "legend-grid";
      this.warningLegend = document.createElement("span");
      this.warningLegend.id = "map-warning-areas";
      this.warningLegend.append(document.createElement("i"), "");
      this.warningLegend.firstChild.className = "area";
      details.append(this.legendSummary, this.legendEl);
      box.append(details, this.warningLegend);
      L.DomEvent.disableClickPropagation(box); L.DomEvent.disableScrollPropagation(box);
      return box;
    };
    legend.addTo(this.map);
  }
  // Built as elements: the swatch colour is set through element.style (a style="" attribute in
  // markup is refused by the Content-Security-Policy).
  renderLegend() {
    if (this.placeInput) this.placeInput.placeholder = t("search.placeholder");
    this.legendSummary.textContent = t("map.legend");
    const entry = (swatch, text) => {
      const span = document.createElement("span"), i = document.createElement("i");
      swatch(i); span.append(i, text);
      return span;
    };
    this.legendEl.replaceChildren(
      ...Object.entries(readinessColour).map(([k, c]) => entry((i) => { i.style.background = c; }, t("readiness." + k))),
      ...Object.entries(taskColour).map(([k, c]) => entry((i) => { i.classList.add("tasked"); i.style.background = c; }, t("teamstate." + k))),
      entry((i) => i.classList.add("stale"), t("map.stale")),
      entry((i) => i.classList.add("device"), t("map.device")), entry((i) => i.classList.add("track"), t("map.track", { h: TRACK_HOURS })),
      entry((i) => i.classList.add("sq"), t("map.depot")), entry((i) => i.classList.add("ring"), t("map.incident")),
      entry((i) => i.classList.add("hazard"), t("map.hazard_legend")),
      entry((i) => i.classList.add("satonly"), t("map.satonly")), entry((i) => i.classList.add("nolink"), t("map.nolink")));
    this.renderLayerControl();
    this.renderRings();
    this.fitCity();
    if (this.basemapDrawn) this.renderLabels();
    this.showWarningAreas(this.warningAreas);
    if (this.hazardRows) this.showHazards(this.hazardRows);  // tooltips in the new language
  }
  // Adds, removes and restyles the layers whose data changed (all = every layer, e.g. language);
  // positions alone go through moveTeams().
  render(state, changed = new Set(["all"])) {
    const all = changed.has("all");
    if (all) this.renderLegend();
    if (all || changed.has("teams") || changed.has("tasks")) sync(this.teamMarkers, [...state.teams.values()].filter((tm) => tm.lat != null), (tm) => {
      const m = L.circleMarker([tm.lat, tm.lon], { radius: 6, color: "#fff", weight: 1, fillOpacity: 0.95, pane: "teams" });
      m.on("click", () => this.onTeamClick(tm.id));
      return m;
    }, (m, tm) => {
      this.styleTeam(m, tm);
      m.setLatLng([tm.lat, tm.lon]);
    }, this.groups.teams);
    if (all || changed.has("teams") || changed.has("tasks")) {
      for (const tm of state.teams.values()) this.syncDevices(tm);
      for (const id of this.deviceMarkers.keys()) if (!state.teams.has(id)) this.syncDevices({ id });
    }
    if (all || changed.has("incidents")) {
      sync(this.incidentMarkers, [...state.incidents.values()].filter((i) => i.lat != null && i.status !== "closed"), (i) => {
        const m = L.circleMarker([i.lat, i.lon], { radius: 11, weight: 3, fillOpacity: 0.15, pane: "incidents", renderer: this.svg.incidents, className: "incident-marker" });
        m.on("add", () => m.getElement()?.setAttribute("data-incident", i.id));
        m.on("click", () => this.onIncidentClick(i.id));
        m.on("contextmenu", () => {  // Leaflet keeps the browser's menu shut
          const now = state.incidents.get(i.id);
          if (now) this.showRings(now.id, [now.lat, now.lon], `${now.number} ${now.title}`);
        });
        return m;
      }, (m, i) => {
        m.setStyle({ color: levelColour[i.level] || "#e6edf3", fillColor: levelColour[i.level] || "#e6edf3" });
        m.setLatLng([i.lat, i.lon]);
        tip(m, `${i.number} ${i.title}`);
      }, this.groups.incidents);
      // Rings follow their incident; they go when it is closed.
      if (this.rings) {
        const i = state.incidents.get(this.rings.id);
        if (!i || i.status === "closed" || i.lat == null) this.clearRings(); else this.moveRings([i.lat, i.lon]);
      }
    }
    if (all || changed.has("depots")) sync(this.depotMarkers, [...state.depots.values()].filter((d) => d.lat != null),
      (d) => L.marker([d.lat, d.lon], { icon: L.divIcon({ className: "depot", iconSize: [10, 10] }) }),
      (m, d) => tip(m, `${t("map.depot")} · ${d.name}`), this.groups.depots);
    if (all || changed.has("links") || changed.has("teams")) this.renderLinks(state);
  }
  // 链路: a dashed ring around each team reachable by satellite only, a dotted red one around a team
  // with no link up (a team with no link reported yet has none).
  // One pass over the links (a thousand teams have thousands); links.js says what satellite-only is,
  // asked only about a team whose links up do not include IP.
  renderLinks(state) {
    const up = new Map();
    for (const l of state.links.values()) {
      if (!up.has(l.owner)) up.set(l.owner, []);
      if (l.health === "up") up.get(l.owner).push(l.channel);
    }
    const rows = [];
    for (const [owner, channels] of up) {
      const tm = state.teams.get(owner.replace(/^team:/, ""));
      if (!tm || tm.lat == null) continue;
      const kind = !channels.length ? "down" : !channels.includes("ip") && satelliteOnly(owner) ? "sat" : null;
      if (kind) rows.push({ id: tm.id, kind, tm });
    }
    sync(this.linkMarkers, rows, (r) => L.circleMarker([r.tm.lat, r.tm.lon], { radius: 15, weight: 2, fill: false, dashArray: "4 3",
      pane: "links", renderer: this.svg.links, interactive: false, className: "link-ring" }), (m, r) => {
      if (m.linkKind !== r.kind) {
        m.setStyle({ color: linkColour[r.kind], dashArray: r.kind === "sat" ? "5 3" : "2 3" });
        m.linkKind = r.kind;
      }
      m.setLatLng([r.tm.lat, r.tm.lon]);
      const set = () => m.getElement()?.setAttribute("data-link", `${r.id} ${r.kind}`);
      m.off("add"); m.on("add", set); set();
    }, this.groups.links);
  }
  // 隐患: the hazards still open in the ledger (hazard.list) where they were reported, a triangle by
  // grade (major red, larger orange, general yellow, not yet graded grey).
  showHazards(rows) {
    const open = rows.filter((h) => h.lat != null && h.lon != null && !["closed", "rejected", "accepted"].includes(h.status));
    sync(this.hazardMarkers, open, (h) => {
      const m = L.marker([h.lat, h.lon], { pane: "hazards", keyboard: false,
        icon: L.divIcon({ className: "hazard-marker", iconSize: [14, 12] }) });
      m.on("click", () => this.onHazardClick?.(m.hazardId));
      return m;
    }, (m, h) => {
      m.hazardId = h.id;
      m.setLatLng([h.lat, h.lon]);
      tip(m, [t("map.hazard"), h.grade ? t("grade." + h.grade) : t("map.hazard_ungraded"), h.title, t("hz." + h.status)].join(" · "));
      const set = () => { const el = m.getElement(); if (el) { el.dataset.hazard = h.id; el.dataset.grade = h.grade || "none"; } };
      m.off("add"); m.on("add", set); set();
    }, this.groups.hazards);
    this.hazardRows = rows;
  }
  // The townships under a warning in force, filled in the warning's colour (their own layer, the 预警区域 overlay).
  showWarningAreas(areas) {
    this.warningAreas = areas;
    // The legend names them too: the colour alone is lost on a canvas and on a grey printout.
    if (this.warningLegend) {
      const names = [...this.townships].filter(([id]) => areas.has(id))
        .map(([id, { feature: f }]) => t("map.warning_area", { name: language() === "en" ? f.properties.name_en || f.properties.name : f.properties.name, colour: t("colour." + areas.get(id)) }));
      this.warningLegend.lastChild.textContent = names.length ? t("map.warning", { areas: names.join(t("map.list_sep")) }) : t("map.warning_none");
    }
    for (const [id, { layer }] of this.townships) {
      const c = warningColour[areas.get(id)];
      let fill = this.warningPolygons.get(id);
      if (!c) { if (fill) { this.groups.warnings.removeLayer(fill); this.warningPolygons.delete(id); } continue; }
      if (!fill) {
        fill = L.polygon(layer.getLatLngs(), { pane: "warnings", renderer: this.svg.warnings, interactive: false, className: "warning-area" });
        this.warningPolygons.set(id, fill);
        this.groups.warnings.addLayer(fill);
      }
      fill.setStyle({ color: c, weight: 2, fillColor: c, fillOpacity: 0.28 });
      const set = () => fill.getElement()?.setAttribute("data-township", id);
      fill.off("add"); fill.on("add", set); set();
    }
  }
  moveTeams(state, ids) {
    for (const id of ids) {
      const tm = state.teams.get(id), m = this.teamMarkers.get(id);
      if (tm && m && tm.lat != null) { m.setLatLng([tm.lat, tm.lon]); this.styleTeam(m, tm); this.linkMarkers.get(id)?.setLatLng([tm.lat, tm.lon]); }
      if (tm) this.syncDevices(tm);
      if (state.tracks) this.syncTracks(state, id);
    }
  }
  // A team fed by several handhelds: its marker stands at the newest fix; each other handheld is a
  // small dot at its own last fix, tied to the marker by a thin line, faded when its fix is stale.
  syncDevices(tm) {
    const devices = [...(tm.devices?.values() ?? [])].sort((a, b) => b.fix_at - a.fix_at).slice(1);
    let held = this.deviceMarkers.get(tm.id);
    if (!devices.length && !held) return;
    if (!held) this.deviceMarkers.set(tm.id, (held = new Map()));
    const keep = new Set(devices.map((d) => d.device));
    for (const [device, { dot, tie }] of held) if (!keep.has(device)) { this.groups.devices.removeLayer(dot); this.groups.devices.removeLayer(tie); held.delete(device); }
    for (const d of devices) {
      let mk = held.get(d.device);
      if (!mk) {
        const dot = L.circleMarker([d.lat, d.lon], { radius: 4, color: "#fff", weight: 1, pane: "devices", renderer: this.svg.devices, className: "device-marker" });
        const tie = L.polyline([[d.lat, d.lon], [tm.lat, tm.lon]], { pane: "devices", renderer: this.svg.devices, interactive: false, className: "device-tie",
          color: "#cfd8e3", weight: 1, opacity: 0.7, dashArray: "2 4" });
        dot.on("click", () => this.onTeamClick(tm.id));
        mk = { dot, tie };
        held.set(d.device, mk);
        this.groups.devices.addLayer(tie); this.groups.devices.addLayer(dot);
      }
      mk.device = d; mk.team = tm;
      mk.dot.setLatLng([d.lat, d.lon]);
      if (tm.lat != null) mk.tie.setLatLngs([[d.lat, d.lon], [tm.lat, tm.lon]]);
      this.styleDevice(mk);
    }
    if (!held.size) this.deviceMarkers.delete(tm.id);
  }
  styleDevice(mk) {
    const { dot, device: d, team: tm } = mk, fix = fixOf({ position_at: d.fix_at }), st = teamStatus(tm);
    dot.setStyle({ fillColor: (st.tasked ? taskColour[st.key] : readinessColour[st.key]) || "#888", fillOpacity: fix.stale ? 0.3 : 0.95,
      opacity: fix.stale ? 0.6 : 1, dashArray: fix.stale ? "2 2" : null });
    tip(dot, [deviceLabel(d), teamName(tm, language()), fixText({ position_at: d.fix_at })].join(" · "));
    const set = () => { const el = dot.getElement(); if (el) { el.setAttribute("data-device", `${tm.id}|${d.device}`); el.setAttribute("data-stale", fix.stale ? "1" : "0"); } };
    dot.off("add"); dot.on("add", set); set();
  }
  // 轨迹: each handheld's fixes of the last hours as a line (state.tracks, loaded when switched on).
  syncTracks(state, onlyId) {
    const since = serverNow() - TRACK_HOURS * 3600e3;
    for (const [teamId, devices] of state.tracks) {
      if (onlyId && teamId !== onlyId) continue;
      const tm = state.teams.get(teamId);
      if (!tm) continue;
      let lines = this.trackLines.get(teamId);
      if (!lines) this.trackLines.set(teamId, (lines = new Map()));
      for (const [device, points] of devices) {
        while (points.length && points[0][2] < since) points.shift();
        let line = lines.get(device);
        if (!line) {
          line = L.polyline([], { pane: "tracks", renderer: this.svg.tracks, className: "track", color: "#9ecbff", weight: 2, opacity: 0.75, lineJoin: "round" });
          lines.set(device, line);
          this.groups.tracks.addLayer(line);
        }
        line.setLatLngs(points.map(([lat, lon]) => [lat, lon]));
        const d = tm.devices?.get(device) ?? { device, device_name: "" };
        tip(line, t("map.track_of", { who: deviceLabel(d), team: teamName(tm, language()), n: points.length, h: TRACK_HOURS }));
        const set = () => { const el = line.getElement(); if (el) { el.setAttribute("data-track", `${teamId}|${device}`); el.setAttribute("data-points", String(points.length)); } };
        line.off("add"); line.on("add", set); set();
      }
    }
  }
  clearTracks() {
    this.groups.tracks.clearLayers();
    this.trackLines = new Map();
  }
  // A team's marker: colour by its real state (an open task before readiness), a ring when tasked,
  // faded and dashed when its last fix is older than 15 min on the server's clock; the tooltip says
  // all of it in words, with the fix's age.
  styleTeam(m, tm) {
    const st = teamStatus(tm), fix = fixOf(tm);
    const style = { fillColor: (st.tasked ? taskColour[st.key] : readinessColour[st.key]) || "#888", weight: st.tasked ? 3 : 1,
      fillOpacity: fix.stale ? 0.3 : 0.95, opacity: fix.stale ? 0.8 : 1, dashArray: fix.stale ? "3 3" : null, radius: st.tasked ? 7 : 6 };
    const key = JSON.stringify(style);
    if (m.styleKey !== key) { m.setStyle(style); m.setRadius(style.radius); m.styleKey = key; }
    m.teamState = st.key; m.stale = fix.stale;  // for tests and the legend's reader
    const handhelds = tm.devices?.size ?? 0;
    tip(m, [teamName(tm, language()), st.label, st.task ? t("what." + st.task.what) : "", fixText(tm),
      handhelds > 1 ? t("map.devices_n", { n: handhelds }) : ""].filter(Boolean).join(" · "));
  }
  // Ages move on with the clock though no data changes: restyle every team marker (called every few seconds).
  refreshTeams(state) {
    for (const [id, m] of this.teamMarkers) { const tm = state.teams.get(id); if (tm) this.styleTeam(m, tm); }
    for (const held of this.deviceMarkers.values()) for (const mk of held.values()) this.styleDevice(mk);
  }
}

// Makes the markers in `markers` match `rows` by id: create the missing, update all, drop the gone.
// Markers live in `group` (an overlay): on the map while it is switched on, kept and moved while it is off.
function sync(markers, rows, create, update, group) {
  const seen = new Set();
  for (const row of rows) {
    seen.add(row.id);
    let m = markers.get(row.id);
    if (!m) { m = create(row); markers.set(row.id, m); group.addLayer(m); }
    update(m, row);
  }
  for (const [id, m] of markers) if (!seen.has(id)) { group.removeLayer(m); markers.delete(id); }
}

// Tooltip text as a DOM node: Leaflet puts a string content in with innerHTML (names and titles come
// from users).
function tip(m, text) {
  const tt = m.getTooltip();
  if (!tt) m.bindTooltip(textNode(text));
  else if (tt.getContent()?.textContent !== text) m.setTooltipContent(textNode(text));
}
