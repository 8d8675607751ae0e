// 队伍: the team list, filtered and sorted. A text filter (name in either language, number, township
// or county), a state filter (readiness, on a task, fix stale, unreachable, satellite only), a kind
// filter and the sort (name, state, fix age, unit). The tools are drawn once and keep the focus;
// only the rows are redrawn as teams move, change state or links.
import { language, t } from "./i18n.js";
import { state, teamName } from "./state.js";
import { html, setHtml } from "./ui.js";
import { linkSummary, satelliteOnly } from "./links.js";
import { fixOf, fixText, teamStatus } from "./teamstatus.js";
import { mayOrder, orderDialog } from "./tasking.js";
import { teamDetail } from "./teamdetail.js";
import { loadUnits } from "./units.js";

const view = { q: "", state: "all", kind: "all", sort: "name" };
const STATES = ["all", "available", "standby", "deployed", "off_duty", "tasked", "stale", "unreachable", "satonly"];
const SORTS = ["name", "state", "fix", "unit"];
let units = new Map();  // id → unit (unit.list), for the township and county names

const unitPath = (id) => {
  const out = [];
  for (let u = units.get(id); u && out.length < 4; u = units.get(u.parent_id)) out.push(u);
  return out;
};
const unitNames = (tm) => unitPath(tm.unit_id).flatMap((u) => [u.name, u.name_en]).filter(Boolean);
const linksUp = (id) => [...state.links.values()].filter((l) => l.owner === `team:${id}` && l.health === "up");
const hasLinks = (id) => [...state.links.values()].some((l) => l.owner === `team:${id}`);

function matches(tm) {
  const st = teamStatus(tm);
  switch (view.state) {
    case "all": break;
    case "tasked": if (!st.tasked) return false; break;
    case "stale": { const f = fixOf(tm); if (!f.stale && !f.none) return false; break; }
    case "unreachable": if (!hasLinks(tm.id) || linksUp(tm.id).length) return false; break;
    case "satonly": if (!satelliteOnly(`team:${tm.id}`)) return false; break;
    default: if (st.tasked || tm.readiness !== view.state) return false;
  }
  if (view.kind !== "all" && tm.kind !== view.kind) return false;
  const q = view.q.trim().toLowerCase();
  if (!q) return true;
  return [tm.name, tm.name_en, tm.id, ...unitNames(tm)].some((s) => s && String(s).toLowerCase().includes(q));
}

const stateRank = (tm) => {
  const st = teamStatus(tm);
  return st.tasked ? ["on_scene", "en_route", "acknowledged", "ordered", "returning"].indexOf(st.key) : 10 + state.enums.team_readiness.indexOf(tm.readiness);
};
const byName = (a, b) => teamName(a, language()).localeCompare(teamName(b, language()), language() === "zh" ? "zh-Hans-CN" : "en");
const sorters = {
  name: byName,
  state: (a, b) => stateRank(a) - stateRank(b) || byName(a, b),
  // Oldest fix first (never reported first of all): who has not been heard of.
  fix: (a, b) => (fixOf(a).at ?? -Infinity) - (fixOf(b).at ?? -Infinity) || byName(a, b),
  unit: (a, b) => (unitPath(a.unit_id)[0]?.name ?? a.unit_id).localeCompare(unitPath(b.unit_id)[0]?.name ?? b.unit_id, "zh-Hans-CN") || byName(a, b),
};

export function renderTeams(panel) {
  if (!units.size) loadUnits().then((m) => { if (m.size) { units = m; state.changed.add("teams"); document.dispatchEvent(new Event("lifeline:render")); } });
  if (panel.querySelector("#tl-tools")?.dataset.lang !== language()) drawTools(panel);
  const all = [...state.teams.values()];
  const rows = all.filter(matches).sort(sorters[view.sort]);
  panel.querySelector("#tl-count").textContent = t("tl.count", { n: rows.length, of: all.length });
  setHtml(panel.querySelector("#tl-body"), html`${rows.map((tm) => {
    // Its real state: an open task (accepted, en route, on scene…) before the readiness it was set to.
    const st = teamStatus(tm), fix = fixOf(tm), unit = unitPath(tm.unit_id)[0];
    return html`<tr class="clickable" data-team="${tm.id}" tabindex="0" title="${t("team.detail_open")}"><td>${teamName(tm, language())}<div class="muted">${tm.id} · ${t("kind." + tm.kind)}${unit && tm.kind !== "professional" ? ` · ${language() === "en" && unit.name_en ? unit.name_en : unit.name}` : ""}</div></td>
    <td><span class="st-${st.key}${st.tasked ? " tasked" : ""}" data-team-state="${st.key}">${st.label}</span>${st.task ? html`<div class="muted">${t("what." + st.task.what)} · ${t("team.readiness_was", { r: t("readiness." + tm.readiness) })}</div>` : ""}
      <div class="muted fix${fix.stale ? " stale" : ""}" data-fix>${fixText(tm, undefined, true)}</div></td><td>${linkSummary(tm.id)}</td>
    <td>${mayOrder(tm) ? html`<button class="small" data-order="${tm.id}">${t("team.order")}</button>` : ""}</td></tr>`;
  })}`);
  panel.querySelector("#tl-none").hidden = rows.length > 0;
  for (const b of panel.querySelectorAll("[data-order]")) b.addEventListener("click", (ev) => { ev.stopPropagation(); orderDialog(b.dataset.order); });
  for (const tr of panel.querySelectorAll("tr[data-team]")) {
    tr.addEventListener("click", () => teamDetail(tr.dataset.team));
    tr.addEventListener("keydown", (ev) => { if (ev.key === "Enter" && ev.target === tr) teamDetail(tr.dataset.team); });
  }
}

// The filters and the table's head, once per language; their changes redraw the rows only.
function drawTools(panel) {
  const kinds = [...new Set([...state.teams.values()].map((tm) => tm.kind))].sort();
  setHtml(panel, html`<div class="row tl-tools" id="tl-tools" data-lang="${language()}">
      <input id="tl-q" type="search" placeholder="${t("tl.search")}" value="${view.q}">
      <label>${t("tl.state")} <select id="tl-state">${STATES.map((k) => html`<option value="${k}" ${k === view.state ? "selected" : ""}>${t("tl.state." + k)}</option>`)}</select></label>
      <label>${t("team.kind")} <select id="tl-kind"><option value="all">${t("tl.kind.all")}</option>${kinds.map((k) => html`<option value="${k}" ${k === view.kind ? "selected" : ""}>${t("kind." + k)}</option>`)}</select></label>
      <label>${t("tl.sort")} <select id="tl-sort">${SORTS.map((k) => html`<option value="${k}" ${k === view.sort ? "selected" : ""}>${t("tl.sort." + k)}</option>`)}</select></label>
      <span class="muted" id="tl-count"></span></div>
    <table class="team-list"><thead><tr><th>${t("team.name")}</th><th>${t("team.readiness")}</th><th>${t("team.link")}</th><th></th></tr></thead><tbody id="tl-body"></tbody></table>
    <p class="muted" id="tl-none" hidden>${t("tl.none")}</p>`);
  const redraw = () => renderTeams(panel);
  let typing = 0;
  panel.querySelector("#tl-q").addEventListener("input", (ev) => { clearTimeout(typing); typing = setTimeout(() => { view.q = ev.target.value; redraw(); }, 150); });
  for (const [id, key] of [["#tl-state", "state"], ["#tl-kind", "kind"], ["#tl-sort", "sort"]])
    panel.querySelector(id).addEventListener("change", (ev) => { view[key] = ev.target.value; redraw(); });
}
