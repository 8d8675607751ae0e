// Links: per team, which channel is up and when it was last heard; a team reachable only by
// satellite is marked so it cannot be missed.
import { hasText, language, localTime, t } from "./i18n.js";
import { state, teamName } from "./state.js";
import { html, joinHtml, setHtml } from "./ui.js";

const satellite = new Set(["beidou", "iridium", "tiantong"]);
const linksOf = (owner) => [...state.links.values()].filter((l) => l.owner === owner);
export function satelliteOnly(owner) {
  const up = linksOf(owner).filter((l) => l.health === "up");
  return up.length > 0 && up.every((l) => satellite.has(l.channel));
}
export function linkSummary(teamId) {
  const owner = `team:${teamId}`;
  return html`${joinHtml(linksOf(owner).map((l) => html`<span class="chip h-${l.health}">${t("chan." + l.channel)}</span>`), " ")}${
    satelliteOnly(owner) ? html` <b class="satonly">${t("links.satonly")}</b>` : ""}`;
}
export const linksDown = () => [...new Set([...state.links.values()].map((l) => l.owner))]
  .filter((o) => !linksOf(o).some((l) => l.health === "up")).length;

// Each gateway as it reports itself: up, last heard, and the numbers that show trouble early.
function gatewaysTable() {
  if (!state.gateways.length) return html`<p class="muted">${t("gw.none")}</p>`;
  const n = (v) => (Number.isFinite(v) ? String(v) : "–");
  return html`<table class="gateways"><thead><tr><th>${t("gw.name")}</th><th>${t("links.health")}</th><th>${t("links.heard")}</th>
    <th>${t("gw.terminals")}</th><th>${t("gw.queued")}</th><th>${t("gw.failed")}</th><th>${t("gw.unreachable")}</th><th>${t("gw.bad")}</th></tr></thead><tbody>
    ${state.gateways.map((g) => html`<tr data-gateway="${g.channel}"><td>${hasText("chan." + g.channel) ? t("chan." + g.channel) : t("gw.other")}</td>
      <td><span class="chip h-${g.up ? "up" : "down"}">${t(g.up ? "health.up" : "health.down")}</span></td>
      <td>${g.last_heard ? localTime(g.last_heard) : ""}</td><td>${n(g.terminals)}</td><td>${n(g.queued_frames)}</td>
      <td class="${g.failed_sends ? "warn" : ""}">${n(g.failed_sends)}</td><td>${n(g.unreachable)}</td><td class="${g.bad_frames ? "warn" : ""}">${n(g.bad_frames)}</td></tr>`)}</tbody></table>`;
}

export function renderLinks(panel) {
  const owners = [...new Set([...state.links.values()].map((l) => l.owner))].sort();
  setHtml(panel, html`<h3>${t("gw.title")}</h3>${gatewaysTable()}<h3>${t("links.teams")}</h3>${owners.length ? html`<table><thead><tr><th>${t("links.owner")}</th><th>${t("links.channel")}</th><th>${t("links.heard")}</th></tr></thead><tbody>
    ${owners.map((o) => {
      const ls = linksOf(o), sat = satelliteOnly(o);
      const heard = Math.max(...ls.map((l) => l.last_heard ?? 0));
      return html`<tr class="${sat ? "row-sat" : ""}"><td>${teamName(state.teams.get(o.replace("team:", "")), language()) || o}${sat ? html`<div><b class="satonly">${t("links.satonly")}</b></div>` : ""}</td>
        <td>${joinHtml(ls.map((l) => html`<span class="chip h-${l.health}" title="${l.drill_cut ? t("links.drill_cut") : l.reason}" ${l.drill_cut ? "data-drill-cut" : ""}>${t("chan." + l.channel)} ${t("health." + l.health)}${l.drill_cut ? ` · ${t("links.drill_cut")}` : ""}</span>`), " ")}</td>
        <td>${heard ? localTime(heard) : ""}</td></tr>`;
    })}</tbody></table>` : html`<p class="muted">${t("links.none")}</p>`}`);
}
