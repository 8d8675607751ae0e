// The console's wiring: log in, load the board, apply pushes, and render what changed at most once
// per animation frame. Screens live in their own modules; the server checks every right again.
import { conn } from "./session.js";
import { apply, can, loadDeadlines, loadDeliveries, loadGateways, loadLinks, loadSnapshot, loadTracks, loadUsers, serverNow, state } from "./state.js";
import { CommandMap } from "./map.js";
import { applyStatic, language, localTime, t, toggleLanguage } from "./i18n.js";
import { $ } from "./ui.js";
import { renderBanner } from "./banner.js";
import { incidentDialog, renderIncidents } from "./board.js";
import { lateOrders, renderOrders } from "./tasking.js";
import { detailDialog as hazardDetail } from "./hazards.js";
import { renderTeams } from "./teamlist.js";
import { noteTeamDetailChanges, teamDetail } from "./teamdetail.js";
import { renderDeadlines, tickDeadlines } from "./deadlines.js";
import { renderLinks } from "./links.js";
import { renderDuty } from "./duty.js";
import { renderGlance } from "./glance.js";
import { renderSupplies, suppliesVisible } from "./supplies.js";
import { receiveEnv, renderNotices, renderNoticesBadge } from "./notices.js";
import { refreshSent } from "./compose.js";
import { approvalsVisible, noteApprovalChanges, renderApprovals } from "./approvals.js";
import { noteWarningChanges, renderWarnings, warningAreas, warningsVisible } from "./warnings.js";
import { consultationsVisible, noteConsultationChanges, renderConsultations } from "./consultations.js";
import { renderReports, reportsVisible } from "./reports.js";
import { journalVisible, renderJournal } from "./journal.js";
import { chartsVisible, renderCharts } from "./charts.js";
import { installShortcuts, showShortcuts } from "./shortcuts.js";

const screens = { incidents: renderIncidents, notices: renderNotices, teams: renderTeams, orders: renderOrders, deadlines: renderDeadlines, links: renderLinks, duty: renderDuty, supplies: renderSupplies,
  approvals: renderApprovals, warnings: renderWarnings, consultations: renderConsultations, reports: renderReports, journal: renderJournal, charts: renderCharts };
// Which data each screen shows: it is redrawn only when one of these changed.
const uses = { incidents: ["incidents"], notices: ["notices", "teams", "users", "deliveries"], teams: ["teams", "links", "tasks", "positions"], orders: ["tasks", "deliveries", "teams", "incidents"], deadlines: ["deadlines"], links: ["links", "teams"], duty: ["shift"],
  supplies: ["supplies", "deadlines", "teams", "tasks", "incidents"], approvals: ["approvals-data"],
  warnings: ["warnings-data", "deadlines"], consultations: ["consultations-data", "incidents"], reports: ["reports", "deadlines"], journal: ["journal"],
  charts: ["charts", "incidents", "tasks", "deliveries", "deadlines", "teams"] };
let map = null, renderQueued = false;

const showConn = () => { const c = $("#conn"); c.className = "conn " + (conn.open ? "up" : "down"); c.textContent = t(conn.open ? "conn.up" : "conn.down"); };
conn.onState = showConn;
conn.onSession = (session, ok) => { if (ok) start(session.user); else showLogin(); };
conn.onPush = (f) => {
  if ((f.realm ?? "live") !== state.realm) return;
  // An event's time is the server's now: keeps countdowns right under a manual (drill/test) clock.
  const at = Date.parse(f.event.at);
  if (at > serverNow()) state.serverOffset = at - Date.now();
  apply(f.event); queueRender();
};
// An envelope for this user (a notice, a report, a deadline escalation): acked at once, shown under Notices.
conn.onEnv = (f) => { receiveEnv(f); queueRender(); };
document.addEventListener("lifeline:render", () => queueRender());

function queueRender() {
  if (renderQueued) return;
  renderQueued = true;
  requestAnimationFrame(() => { renderQueued = false; render(); });
}

function render(all = false) {
  const changed = state.changed; state.changed = new Set();
  if (all) changed.add("all");
  renderBanner(state.realm, state.drillName);
  if (!state.user) return;
  if (map) {
    if (changed.has("all") || ["teams", "incidents", "depots", "tasks", "links"].some((a) => changed.has(a))) map.render(state, changed);
    if (state.moved?.size) map.moveTeams(state, state.moved);
    state.moved = new Set();
  }
  noteApprovalChanges(changed); noteTeamDetailChanges(changed);
  noteWarningChanges(changed); noteConsultationChanges(changed);
  if (map && (changed.has("all") || changed.has("warnings-data"))) map.showWarningAreas(warningAreas());
  if (changed.has("hazards")) loadMapHazards();
  renderGlance($("#glance"));
  renderNoticesBadge($("#notices-badge"));
  for (const b of document.querySelectorAll("#tabs button")) b.classList.toggle("active", b.dataset.tab === state.tab);
  if (changed.has("all") || changed.has("tab") || uses[state.tab].some((a) => changed.has(a))) screens[state.tab]($("#panel"), changed);
}
const renderAll = () => { applyStatic(); showConn(); $("#lang").textContent = language() === "zh" ? "English" : "中文"; render(true); };

// The top strip's clock is the server's (a drill's or a test's clock too), shown as soon as known.
const commandTabs = ["orders", "links", "duty"];
// Who is logged in: 王芳 · 值班员 (the demo's names carry the role word; it is said once).
const whoText = (user) => {
  const role = t("role." + user.role);
  return user.display_name.includes(role) ? user.display_name : `${user.display_name} · ${role}`;
};
const showClock = () => { $("#clock").textContent = state.user ? localTime(serverNow()) : ""; };
async function syncClock() {
  const r = await conn.request("server.info");
  if (r.ok) state.serverOffset = Date.parse(r.result.now) - Date.now();
  showClock();
}

// After login and after every reconnect: a fresh snapshot, so nothing pushed meanwhile is missed.
// The breadcrumbs of every team this desk reads, while the map's tracks overlay is on; kept up
// by the pushed positions from then on (state.js).
async function loadMapTracks() {
  const r = await conn.request("team.tracks", { hours: 6 });
  if (!r.ok || !map?.shown.tracks) return;
  loadTracks(r.result.teams);
  map.clearTracks();
  map.syncTracks(state);
}
// The open hazards on the map: at the board's load, then again (at most every 5 s) after hazard events.
let hazardsAsked = 0, hazardsQueued = false;
async function loadMapHazards() {
  if (!map || !can("hazard.list")) return;
  const wait = hazardsAsked + 5000 - Date.now();
  if (wait > 0) { if (!hazardsQueued) { hazardsQueued = true; setTimeout(() => { hazardsQueued = false; loadMapHazards(); }, wait); } return; }
  hazardsAsked = Date.now();
  const r = await conn.requestAll("hazard.list", {}, "hazards");
  if (r.ok) map.showHazards(r.result.hazards);
}
async function loadBoard() {
  const snap = await conn.request("board.subscribe");
  if (!snap.ok) return;
  loadSnapshot(snap.result);
  if (map?.shown.tracks) loadMapTracks();
  hazardsAsked = 0; loadMapHazards();
  // The drill's name for the 演习 banner (every participant reads it, whatever its role).
  if (snap.result.drill_name && snap.result.drill_name !== state.drillName) { state.drillName = snap.result.drill_name; renderBanner(state.realm, state.drillName); }
  await syncClock();
  const [links, deadlines, users] = await Promise.all([conn.request("link.status"), can("deadline.list") ? conn.requestAll("deadline.list", {}, "deadlines") : null,
    can("user.list") ? conn.request("user.list") : null]);  // users: a notice's sender by name
  if (links.ok) { loadLinks(links.result.links); loadGateways(links.result.gateways); }
  if (users?.ok) loadUsers(users.result.users);
  if (deadlines?.ok) loadDeadlines(deadlines.result.deadlines);
  await Promise.all([...state.tasks.values()].map(async (k) => {
    const r = await conn.request("bus.deliveries", { correlation_id: k.id });
    if (r.ok) loadDeliveries(r.result.deliveries, k.id);
  }));
  renderAll();
}

function showLogin() {
  state.user = null; state.notices.clear(); state.users.clear(); state.sent.clear(); state.departments = null; state.groups = null;
  $("#login").hidden = false; $("#main").hidden = true; $("#logout").hidden = true; $("#glance").hidden = true; $("#shortcuts").hidden = true;
  $("#drills").hidden = true;
  applyStatic();
}

async function start(user) {
  state.user = user;
  $("#login").hidden = true; $("#main").hidden = false; $("#logout").hidden = false; $("#glance").hidden = false; $("#shortcuts").hidden = false;
  $("#who").textContent = whoText(user);
  // The drills page (director's screen, after-action report): this drill's, or the list of drills.
  $("#drills").hidden = !can("drill.list") && !can("drill.register_list");  // a department keeps its drill register there
  $("#drills").href = state.realm === "live" ? "drill.html" : `drill.html?realm=${encodeURIComponent(state.realm)}`;
  document.body.dataset.role = user.role;
  $('#tabs button[data-tab="supplies"]').hidden = !suppliesVisible();
  if (state.tab === "supplies" && !suppliesVisible()) state.tab = "incidents";
  $('#tabs button[data-tab="approvals"]').hidden = !approvalsVisible();
  if (state.tab === "approvals" && !approvalsVisible()) state.tab = "incidents";
  $('#tabs button[data-tab="warnings"]').hidden = !warningsVisible();
  $('#tabs button[data-tab="consultations"]').hidden = !consultationsVisible();
  if ((state.tab === "warnings" && !warningsVisible()) || (state.tab === "consultations" && !consultationsVisible())) state.tab = "incidents";
  $('#tabs button[data-tab="reports"]').hidden = !reportsVisible();
  if (state.tab === "reports" && !reportsVisible()) state.tab = "incidents";
  $('#tabs button[data-tab="journal"]').hidden = !journalVisible();
  if (state.tab === "journal" && !journalVisible()) state.tab = "incidents";
  $('#tabs button[data-tab="charts"]').hidden = !chartsVisible();
  if (state.tab === "charts" && !chartsVisible()) state.tab = "incidents";
  // A department's desk: its warnings, consultations, messages and deadlines, the incidents and
  // the teams on the map; not the centre's orders, links and duty roster (it commands no team).
  for (const tab of commandTabs) $(`#tabs button[data-tab="${tab}"]`).hidden = user.role === "department";
  if (user.role === "department" && commandTabs.includes(state.tab)) state.tab = "incidents";
  // The links screen is what link.status answers: a desk that may not ask (the squad's) is not offered
  // it (it would say no gateway had connected).
  if (!can("link.status")) $('#tabs button[data-tab="links"]').hidden = true;
  if (state.tab === "links" && !can("link.status")) state.tab = "incidents";
  if (!map) map = new CommandMap($("#map"), { tileUrl: state.config.tiles, onTeamClick: (id) => teamDetail(id), onIncidentClick: (id) => incidentDialog(id),
    onTracks: (on) => { if (on) loadMapTracks(); else state.tracks = null; }, onHazardClick: (id) => hazardDetail(id) });
  await loadBoard();
}

$("#login-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const f = new FormData(ev.target);
  const r = await conn.login(f.get("username"), f.get("password"));
  if (r.ok) { $("#login-error").textContent = ""; start(r.result.user); } else $("#login-error").textContent = language() === "zh" ? r.error.message_zh : r.error.message_en;
});
$("#logout").addEventListener("click", async () => { await conn.logout(); showLogin(); });
$("#lang").addEventListener("click", () => { toggleLanguage(); if (state.user) $("#who").textContent = whoText(state.user); renderAll(); });
for (const b of document.querySelectorAll("#tabs button")) b.addEventListener("click", () => { state.tab = b.dataset.tab; state.changed.add("tab"); queueRender(); });
// A tab by name, and an element of it to focus once it is drawn (its data may come later).
function goTab(tab, focusSelector) {
  state.tab = tab; state.changed.add("tab"); queueRender();
  if (!focusSelector) return;
  const until = Date.now() + 3000;
  const tryFocus = () => { const el = document.querySelector(focusSelector); if (el) el.focus(); else if (Date.now() < until) setTimeout(tryFocus, 50); };
  setTimeout(tryFocus, 0);
}
installShortcuts(goTab);
$("#shortcuts").addEventListener("click", () => { if (state.user) showShortcuts(goTab); });
$("#glance").addEventListener("click", (ev) => { const go = ev.target.closest("[data-go]"); if (go) { state.tab = go.dataset.go; state.changed.add("tab"); queueRender(); } });

// Once a second: the clock, countdowns; every 10 s the server's clock (manual in drills and tests).
let lateShown = 0;
setInterval(() => {
  showClock();
  if (!state.user) return;
  // An order crossing its receipt limit changes no data: redraw the orders screen when the count moves.
  const late = lateOrders().length;
  if (late !== lateShown) { lateShown = late; state.changed.add("deliveries"); queueRender(); }
  if (tickDeadlines($("#panel")) && state.tab === "deadlines") { state.changed.add("deadlines"); queueRender(); }
  renderGlance($("#glance"));
}, 1000);
setInterval(() => { if (state.user && conn.open) syncClock(); }, 10000);
// A team's last fix ages with the server's clock though nothing is pushed: markers fade when it
// passes 15 min, tooltips and the team list say how old it is.
let fixMinute = 0;
setInterval(() => {
  if (!state.user) return;
  map?.refreshTeams(state);
  const minute = Math.floor(serverNow() / 60e3);  // ages are in whole minutes: redraw the list when one turns
  if (state.tab === "teams" && minute !== fixMinute) { fixMinute = minute; state.changed.add("positions"); queueRender(); }
}, 5000);
// The tallies of notices this desk sent, while the notices screen is open (receipts of people
// outside this desk's board are not pushed to it).
setInterval(async () => {
  if (!state.user || !conn.open || state.tab !== "notices" || !state.sent.size) return;
  await refreshSent();
  queueRender();
}, 3000);
// Gateways report their own state (queues, refused frames) without events: asked for while shown.
setInterval(async () => {
  if (!state.user || !conn.open || state.tab !== "links") return;
  const r = await conn.request("link.status");
  if (r.ok) { loadLinks(r.result.links); loadGateways(r.result.gateways); queueRender(); }
}, 5000);

const fetchJson = async (p, fallback) => { try { const r = await fetch(p); return r.ok ? await r.json() : fallback; } catch { return fallback; } };
[state.enums, state.roles, state.config] = await Promise.all([fetchJson("enums.json", {}), fetchJson("roles.json", { ops: {} }), fetchJson("config.json", {})]);
// A deployment's tile server: config.json {"tiles": "https://…/{z}/{x}/{y}.png"}, or ?tiles= for one screen.
state.config.tiles = new URLSearchParams(location.search).get("tiles") || state.config.tiles || null;
state.realm = new URLSearchParams(location.search).get("realm") || "live";
conn.realm = state.realm;
renderAll();
conn.connect();
if (!conn.token) showLogin();
