// The map: the demo city's offline basemap (or a deployment's own tile server), teams by position
// and readiness, incidents by response level, depots. Markers are kept and moved, not rebuilt, so
// a thousand teams reporting positions stay cheap.
import { language, t } from "./i18n.js";
import { teamName } from "./state.js";
import { textNode } from "./ui.js";
import { fixOf, fixText, teamStatus } from "./teamstatus.js";
import { attachPlacePicker, placeLabel } from "./places.js";
const L = window.L;
const readinessColour = { available: "#30a46c", standby: "#f5a524", deployed: "#3e9bff", off_duty: "#8b98a5" };
// A team on an open task (task_status): its own colour and a thick white ring, whatever its readiness says.
const taskColour = { ordered: "#fde68a", acknowledged: "#22d3ee", en_route: "#a78bfa", on_scene: "#f472b6", returning: "#2dd4bf" };
const levelColour = { 1: "#e5484d", 2: "#dd6b20", 3: "#d69e2e", 4: "#3182ce" };
const warningColour = { red: "#e5484d", orange: "#dd6b20", yellow: "#d69e2e", blue: "#3182ce" };

export class CommandMap {
  // tileUrl: a deployment's tile server ("https://tiles.example/{z}/{x}/{y}.png"); none = the shipped basemap.
  constructor(el, { tileUrl, onTeamClick, onIncidentClick }) {
    this.map = L.map(el, { zoomControl: true, attributionControl: false, preferCanvas: true }).setView([28.0, 120.2], 10);
    if (tileUrl) L.tileLayer(tileUrl, { maxZoom: 18 }).addTo(this.map);
    this.map.createPane("basemap").style.zIndex = 350;  // below markers whatever order they arrive in
    this.teamMarkers = new Map(); this.incidentMarkers = new Map(); this.depotMarkers = new Map();
    this.onTeamClick = onTeamClick; this.onIncidentClick = onIncidentClick;
    this.townships = new Map();       // township id → its area on the basemap
    this.warningAreas = new Map();    // township id → the highest warning colour in force there
    this.addLegend();
    this.addPlaceSearch();
    fetch("basemap.geojson").then((r) => r.json()).then((g) => {
      const layer = L.geoJSON(g, {
        pane: "basemap",
        style: { color: "#3c556e", weight: 1, fillColor: "#1b2835", fillOpacity: 0.6 },
        pointToLayer: (f, ll) => L.circleMarker(ll, { radius: 2, color: "#56718a", weight: 1, pane: "basemap" }),
        onEachFeature: (f, l) => {
          if (f.properties.kind !== "township") return;
          l.bindTooltip(textNode(f.properties.name), { permanent: true, direction: "center", className: "town" });
          if (l.setStyle) this.townships.set(f.properties.id, l);
        },
      }).addTo(this.map);
      if (!tileUrl) this.map.fitBounds(layer.getBounds());
      this.showWarningAreas(this.warningAreas);
    });
  }
  // 搜索地名: a gazetteer place typed and picked flies the map there and marks it.
  addPlaceSearch() {
    const search = L.control({ position: "topright" });
    search.onAdd = () => {
      const box = L.DomUtil.create("div", "map-search");
      const input = document.createElement("input");
      input.type = "search"; input.id = "map-place-search";
      box.append(input);
      this.placeInput = input;
      L.DomEvent.disableClickPropagation(box); L.DomEvent.disableScrollPropagation(box);
      attachPlacePicker(input, (p) => this.showPlace(p));
      return box;
    };
    search.addTo(this.map);
  }
  showPlace(p) {
    this.placeMarker?.remove();
    this.placeMarker = L.circleMarker([p.lat, p.lon], { radius: 9, color: "#fff", weight: 2, fillOpacity: 0 })
      .bindTooltip(textNode(placeLabel(p)), { permanent: true, direction: "top", className: "place-found" }).addTo(this.map);
    this.map.flyTo([p.lat, p.lon], Math.max(this.map.getZoom(), 13), { duration: 0.5 });
  }
  addLegend() {
    const legend = L.control({ position: "bottomleft" });
    legend.onAdd = () => (this.legendEl = L.DomUtil.create("div", "legend"));
    legend.addTo(this.map);
  }
  // Built as elements: the swatch colour is set through element.style (a style="" attribute in
  // markup is refused by the Content-Security-Policy).
  renderLegend() {
    if (this.placeInput) this.placeInput.placeholder = t("place.search");
    const entry = (swatch, text) => {
      const span = document.createElement("span"), i = document.createElement("i");
      swatch(i); span.append(i, text);
      return span;
    };
    this.legendEl.replaceChildren(
      ...Object.entries(readinessColour).map(([k, c]) => entry((i) => { i.style.background = c; }, t("readiness." + k))),
      ...Object.entries(taskColour).map(([k, c]) => entry((i) => { i.classList.add("tasked"); i.style.background = c; }, t("teamstate." + k))),
      entry((i) => i.classList.add("stale"), t("map.stale")),
      entry((i) => i.classList.add("sq"), t("map.depot")), entry((i) => i.classList.add("ring"), t("map.incident")),
      this.warningLegend = entry((i) => i.classList.add("area"), ""));
    this.warningLegend.id = "map-warning-areas";
    this.showWarningAreas(this.warningAreas);
  }
  // Adds, removes and restyles the layers whose data changed (all = every layer, e.g. language);
  // positions alone go through moveTeams().
  render(state, changed = new Set(["all"])) {
    const all = changed.has("all");
    if (all) this.renderLegend();
    if (all || changed.has("teams") || changed.has("tasks")) sync(this.teamMarkers, [...state.teams.values()].filter((tm) => tm.lat != null), (tm) => {
      const m = L.circleMarker([tm.lat, tm.lon], { radius: 6, color: "#fff", weight: 1, fillOpacity: 0.95 });
      m.on("click", () => this.onTeamClick(tm.id));
      return m;
    }, (m, tm) => {
      this.styleTeam(m, tm);
      m.setLatLng([tm.lat, tm.lon]);
    }, this.map);
    if (all || changed.has("incidents")) sync(this.incidentMarkers, [...state.incidents.values()].filter((i) => i.lat != null && i.status !== "closed"), (i) => {
      const m = L.circleMarker([i.lat, i.lon], { radius: 11, weight: 3, fillOpacity: 0.15 });
      m.on("click", () => this.onIncidentClick(i.id));
      return m;
    }, (m, i) => {
      m.setStyle({ color: levelColour[i.level] || "#e6edf3", fillColor: levelColour[i.level] || "#e6edf3" });
      m.setLatLng([i.lat, i.lon]);
      tip(m, `${i.number} ${i.title}`);
    }, this.map);
    if (all || changed.has("depots")) sync(this.depotMarkers, [...state.depots.values()].filter((d) => d.lat != null),
      (d) => L.marker([d.lat, d.lon], { icon: L.divIcon({ className: "depot", iconSize: [10, 10] }) }),
      (m, d) => tip(m, `${t("map.depot")} · ${d.name}`), this.map);
  }
  // The townships under a warning in force, filled in the warning's colour (the others as the basemap).
  showWarningAreas(areas) {
    this.warningAreas = areas;
    // The legend names them too: the colour alone is lost on a canvas and on a grey printout.
    if (this.warningLegend) {
      const names = [...this.townships].filter(([id]) => areas.has(id))
        .map(([id, l]) => t("map.warning_area", { name: language() === "en" ? l.feature.properties.name_en || l.feature.properties.name : l.feature.properties.name, colour: t("colour." + areas.get(id)) }));
      this.warningLegend.lastChild.textContent = names.length ? t("map.warning", { areas: names.join(t("map.list_sep")) }) : t("map.warning_none");
    }
    for (const [id, layer] of this.townships) {
      const c = warningColour[areas.get(id)];
      layer.setStyle(c ? { color: c, weight: 2, fillColor: c, fillOpacity: 0.28 } : { color: "#3c556e", weight: 1, fillColor: "#1b2835", fillOpacity: 0.6 });
    }
  }
  moveTeams(state, ids) {
    for (const id of ids) {
      const tm = state.teams.get(id), m = this.teamMarkers.get(id);
      if (tm && m && tm.lat != null) { m.setLatLng([tm.lat, tm.lon]); this.styleTeam(m, tm); }
    }
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
    tip(m, [teamName(tm, language()), st.label, st.task ? t("what." + st.task.what) : "", fixText(tm)].filter(Boolean).join(" · "));
  }
  // Ages move on with the clock though no data changes: restyle every team marker (called every few seconds).
  refreshTeams(state) {
    for (const [id, m] of this.teamMarkers) { const tm = state.teams.get(id); if (tm) this.styleTeam(m, tm); }
  }
}

// Makes the markers in `markers` match `rows` by id: create the missing, update all, drop the gone.
function sync(markers, rows, create, update, map) {
  const seen = new Set();
  for (const row of rows) {
    seen.add(row.id);
    let m = markers.get(row.id);
    if (!m) { m = create(row); markers.set(row.id, m); m.addTo(map); }
    update(m, row);
  }
  for (const [id, m] of markers) if (!seen.has(id)) { m.remove(); markers.delete(id); }
}

// Tooltip text as a DOM node: Leaflet puts a string content in with innerHTML (names and titles come
// from users).
function tip(m, text) {
  const tt = m.getTooltip();
  if (!tt) m.bindTooltip(textNode(text));
  else if (tt.getContent()?.textContent !== text) m.setTooltipContent(textNode(text));
}
