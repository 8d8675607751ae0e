// The map: the demo city's offline basemap (or a deployment's tile server), teams by readiness,
// incidents by response level.
import { t } from "./i18n.js";
const L = window.L;
const readinessColour = { available: "#30a46c", standby: "#f5a524", deployed: "#3e9bff", off_duty: "#8b98a5" };
const levelColour = { 1: "#e5484d", 2: "#dd6b20", 3: "#d69e2e", 4: "#3182ce" };

export class CommandMap {
  constructor(el, { tileUrl, onTeamClick }) {
    this.map = L.map(el, { zoomControl: true, attributionControl: false }).setView([28.0, 120.2], 10);
    if (tileUrl) L.tileLayer(tileUrl, { maxZoom: 18 }).addTo(this.map);
    // The basemap sits below teams and incidents whatever order they arrive in.
    this.map.createPane("basemap").style.zIndex = 350;
    this.teams = L.layerGroup().addTo(this.map);
    this.incidents = L.layerGroup().addTo(this.map);
    this.onTeamClick = onTeamClick;
    fetch("basemap.geojson").then((r) => r.json()).then((g) => {
      const layer = L.geoJSON(g, {
        pane: "basemap",
        style: { color: "#3c556e", weight: 1, fillColor: "#1b2835", fillOpacity: 0.6 },
        pointToLayer: (f, ll) => L.circleMarker(ll, { radius: 2, color: "#56718a", weight: 1, pane: "basemap" }),
        onEachFeature: (f, l) => { if (f.properties.kind === "township") l.bindTooltip(f.properties.name, { permanent: true, direction: "center", className: "town" }); },
      }).addTo(this.map);
      this.map.fitBounds(layer.getBounds());
    });
  }
  render(state) {
    this.teams.clearLayers();
    for (const team of state.teams.values()) {
      if (team.lat == null) continue;
      const m = L.circleMarker([team.lat, team.lon], { radius: 6, color: "#fff", weight: 1, fillColor: readinessColour[team.readiness] || "#888", fillOpacity: 0.95 });
      m.bindTooltip(`${team.name} · ${t("readiness." + team.readiness)}`);
      m.on("click", () => this.onTeamClick(team.id));
      m.addTo(this.teams);
    }
    this.incidents.clearLayers();
    for (const inc of state.incidents.values()) {
      if (inc.lat == null || inc.status === "closed") continue;
      L.circleMarker([inc.lat, inc.lon], { radius: 11, color: levelColour[inc.level] || "#e6edf3", weight: 3, fillOpacity: 0.15 })
        .bindTooltip(`${inc.number} ${inc.title}`).addTo(this.incidents);
    }
  }
}
