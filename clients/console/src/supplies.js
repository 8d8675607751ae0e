// Supplies and hazards: the bureau's metrics (each rate as a percentage and as numerator/
// denominator), release orders with their dispatch deadline, approval and transport task, the
// hazards section (hazards.js, drawn from this screen's fetch), the comms device ledger
// (device_ledger.js) and depot stock with rotation alerts.
// The data is the server's (fetched, at most once per THROTTLE_MS however many pushes arrive);
// buttons follow roles.json and, for approval, the depot's approving unit (supplies.md).
import { conn } from "./session.js";
import { language, localTime, t } from "./i18n.js";
import { can, serverNow, state, teamName } from "./state.js";
import { $, closeDialog, dialog, errText, html, joinHtml, setHtml } from "./ui.js";
import { deadlineLine } from "./deadlines.js";
import { bindHazards, hazardsHtml } from "./hazards.js";
import { bindGovernance, governanceHtml, loadGovernance } from "./hazard_governance.js";
import { Refetcher } from "./refetch.js";
import { loadUnits } from "./units.js";
import { bindDevices, devicesHtml, loadDevices } from "./device_ledger.js";
import { bindEnterprises, enterprisesHtml, loadEnterprises } from "./enterprise_files.js";

const THROTTLE_MS = 1500;
const DEADLINE_KINDS = ["supply.dispatch", "supply.delivery", "hazard.assign", "hazard.verify", "hazard.report_up", "hazard.rectify", "hazard.accept"];
const ACTIVE_RELEASE = ["ordered", "approved", "departed"];
const RECENT = 10;  // finished orders shown below the open ones

let data = null;          // the last fetch: {metrics, orders, hazards, depots, rotation, deadlines}
let units = null;         // id → unit row, for the approving unit (units.js: once per login)
const lists = new Refetcher(() => load(), (d) => {
  data = d;
  if (state.tab === "supplies" && state.user) draw($("#panel"));
}, THROTTLE_MS);

// Areas that change the server's numbers (refetch) versus only this screen's drawing (tasks).
const REFETCH = ["all", "tab", "supplies", "deadlines", "teams"];
export function renderSupplies(panel, changed = new Set(["all"])) {
  if (REFETCH.some((a) => changed.has(a))) lists.request();
  if (data && data.userId !== state.user?.id) data = null;  // another login on this page: never show the previous user's rows
  if (data) draw(panel); else if (!panel.querySelector("#supplies")) setHtml(panel, html`<p class="muted">${t("sup.loading")}</p>`);
  lists.ensure();
}

async function load() {
  const req = async (op, body = {}) => (can(op) ? conn.request(op, body) : null);
  const all = async (op, body, key) => (can(op) ? conn.requestAll(op, body, key) : null);  // paged lists, every page
  const ok = (r, key, fallback) => (r?.ok ? r.result[key] : fallback);
  units = await loadUnits();
  const [m, rel, hz, dep, rot, tg, gov, dev, ent, ...dls] = await Promise.all([req("metrics.summary"), all("release.list", {}, "orders"),
    all("hazard.list", {}, "hazards"), req("depot.list"), req("stock.rotation"), req("stock.targets"), loadGovernance(req), loadDevices(req),
    loadEnterprises(req),
    ...DEADLINE_KINDS.map((kind) => all("deadline.list", { open: false, kind }, "deadlines"))]);
  const deadlines = new Map();  // subject → [deadline]
  for (const r of dls) for (const d of ok(r, "deadlines", [])) {
    const row = { ...d, due_at: toMs(d.due_at), met_at: toMs(d.met_at) };
    (deadlines.get(d.subject) ?? deadlines.set(d.subject, []).get(d.subject)).push(row);
  }
  return { userId: state.user?.id, metrics: m?.ok ? m.result : null, orders: ok(rel, "orders", []), hazards: ok(hz, "hazards", []),
    depots: ok(dep, "depots", []), rotation: rot?.ok ? rot.result : { until: "", batches: [] }, targets: tg?.ok ? tg.result : null, deadlines, governance: gov, devices: dev,
    enterprises: ent };
}
const toMs = (v) => (v === null || v === undefined ? null : typeof v === "number" ? v : Date.parse(v));

// Names in the current language; the catalogue's names are in i18n.js (there is no item.list op).
const en = () => language() === "en";
export const itemName = (id) => { const k = "item." + id, s = t(k); return s === k ? id : s; };
const depotName = (id) => { const d = data?.depots.find((x) => x.id === id) ?? state.depots.get(id); return d ? (en() && d.name_en ? d.name_en : d.name) : id; };
const unitName = (id) => { const u = units?.get(id); return u ? (en() && u.name_en ? u.name_en : u.name) : id; };
const kindName = (k) => { const s = t("dlkind." + k); return s === "dlkind." + k ? k : s; };
// A quantity with its unit of measure: "8,000瓶" / "8,000 bottles" (text).
export const qty = (n, unit) => { const k = "uom." + unit, u = t(k) === k ? unit : t(k); return `${Number(n).toLocaleString()}${en() ? " " : ""}${u}`; };
const pct = (r) => (r === null || r === undefined ? "—" : `${Math.round(r * 1000) / 10}%`);
const ratio = (x) => html`<span class="ratio" data-num="${x?.numerator ?? 0}" data-den="${x?.denominator ?? 0}">${x?.numerator ?? 0}/${x?.denominator ?? 0}</span>`;

// The depot's approving unit: its own city or county; township and forward points answer to their county.
function approvingUnit(depotId) {
  const depot = data.depots.find((d) => d.id === depotId) ?? state.depots.get(depotId);
  let id = depot?.unit_id;
  for (let i = 0; i < 16 && id && units?.has(id); i++) {
    const u = units.get(id);
    if (u.kind === "city" || u.kind === "county") return id;
    id = u.parent_id;
  }
  return null;
}

// The tab is offered to roles that may read any of it (team roles may not).
export const suppliesVisible = () => ["metrics.summary", "release.list", "hazard.list", "depot.list"].some(can);

function draw(panel) {
  if (!data || data.userId !== state.user?.id) return;
  const hazards = { hazards: data.hazards, deadlines: data.deadlines, units };
  setHtml(panel, html`<div id="supplies">${metricsHtml()}${ordersHtml()}${hazardsHtml(hazards)}${governanceHtml(data.governance)}${enterprisesHtml(data.enterprises)}${targetsHtml()}${devicesHtml(data.devices, data.metrics)}${stockHtml()}<p class="error" id="sup-error"></p></div>`);
  panel.querySelector("#sup-new-release")?.addEventListener("click", () => releaseDialog());
  for (const b of panel.querySelectorAll("[data-release-op]")) b.addEventListener("click", () => releaseAction(b.dataset.releaseOp, b.dataset.id));
  bindHazards(panel, () => draw(panel));
  bindGovernance(panel);
  bindEnterprises(panel, data.enterprises);
  bindDevices(panel);
}

// People on post against the bureau's numbers (80 %, 100 % in a key period), team size floors by
// kind and township standby ≥12, each with numerator and denominator and who falls short.
function readinessCards(m, card) {
  if (!m.on_post) return "";
  const op = m.on_post, sb = m.township_standby;
  const unit = (id, name, nameEn) => (language() === "en" && nameEn ? nameEn : name) || unitName(id);
  const short = (list, text) => (list.length ? html`<div class="muted">${list.slice(0, 4).map(text).join("、")}${list.length > 4 ? " …" : ""}</div>` : "");
  return html`<div class="metric ${op.meets ? "" : "bad"}" data-metric="on_post"><div class="label">${t("sup.m.on_post")}</div>
      <div class="value">${pct(op.rate)}</div><div class="muted">${ratio(op)} · ${t(op.key_period ? "sup.m.required_key" : "sup.m.required", { n: op.required_percent })}</div></div>
    <div class="metric ${m.teams_below_floor.length ? "bad" : ""}" data-metric="team_size"><div class="label">${t("sup.m.team_size")}</div>
      <div class="value">${ratio(m.team_size)}</div><div class="muted">${t("sup.m.floors")}</div>
      ${short(m.teams_below_floor, (x) => t("sup.m.below_floor", { team: teamName(state.teams.get(x.team_id), language()) || x.name,
        members: x.members, skilled: x.skilled, fm: x.floor_members, fs: x.floor_skilled }))}</div>
    <div class="metric ${sb.key_period && m.townships_below_standby.length ? "bad" : ""}" data-metric="township_standby">
      <div class="label">${t("sup.m.township_standby", { n: sb.required_each })}</div>
      <div class="value">${ratio(sb)}</div><div class="muted">${t(sb.key_period ? "sup.m.key_period" : "sup.m.key_period_only")}</div>
      ${short(m.townships_below_standby, (x) => `${unit(x.unit_id, x.name, x.name_en)} ${x.on_duty}/${x.required}`)}</div>`;
}

// The urban-rural fringe campaign's hazards rectified, against its ≥95 % (hazards.md).
function fringeCard(f) {
  if (!f || !f.denominator) return "";
  return html`<div class="metric ${f.meets ? "" : "bad"}" data-metric="fringe_rectification"><div class="label">${t("sup.m.fringe", { y: f.year })}</div>
    <div class="value">${pct(f.rate)}</div><div class="muted">${ratio(f)} · ${t("sup.m.required", { n: f.target_percent })}</div></div>`;
}

function metricsHtml() {
  const m = data.metrics;
  if (!m) return "";
  const card = (key, x, extra = "") => html`<div class="metric" data-metric="${key}"><div class="label">${t("sup.m." + key)}</div>
    <div class="value">${pct(x?.rate)}</div><div class="muted">${ratio(x)}${extra}</div></div>`;
  const below = (m.standby || []).filter((s) => s.on_duty < s.required_min);
  const onTime = Object.entries(m.on_time || {});
  return html`<h3>${t("sup.metrics")}</h3><div class="metrics">
    ${card("hazard_closure", m.hazard_closure)}${m.ledger_updates ? card("ledger_updates", m.ledger_updates) : ""}${fringeCard(m.fringe_rectification)}${card("expiry", m.expiry)}${card("team_readiness", m.team_readiness)}
    <div class="metric ${m.teams_below_minimum ? "bad" : ""}" data-metric="below_minimum"><div class="label">${t("sup.m.below_minimum")}</div>
      <div class="value">${m.teams_below_minimum}</div><div class="muted">${below.length ? below.map((s) =>
        `${teamName(state.teams.get(s.team_id), language()) || s.name} ${s.on_duty}/${s.required_min}`).join("、")
        : t("sup.m.standby_of", { n: (m.standby || []).length })}</div></div>
    ${readinessCards(m, card)}</div>
    <table class="ontime"><thead><tr><th>${t("sup.on_time")}</th><th>${t("sup.rate")}</th><th>${t("sup.met_decided")}</th></tr></thead><tbody>
      ${onTime.length ? onTime.map(([k, x]) => html`<tr data-ontime="${k}"><td>${kindName(k)}</td><td>${pct(x.rate)}</td><td>${ratio(x)}</td></tr>`)
        : html`<tr><td colspan="3" class="muted">${t("sup.on_time_none")}</td></tr>`}</tbody></table>`;
}

const deadlinesOf = (subject, kinds) => (data.deadlines.get(subject) || []).filter((d) => kinds.includes(d.kind));

function ordersHtml() {
  const all = data.orders;
  const rows = [...all.filter((o) => ACTIVE_RELEASE.includes(o.status)), ...all.filter((o) => !ACTIVE_RELEASE.includes(o.status)).slice(0, RECENT)];
  const head = html`<div class="row section-head"><h3>${t("sup.releases")}</h3>${can("release.order") ? html`<button id="sup-new-release" class="small">${t("sup.new_release")}</button>` : ""}</div>`;
  if (!rows.length) return html`${head}<p class="muted">${t("sup.releases_none")}</p>`;
  return html`${head}<table class="releases"><thead><tr><th>${t("sup.release")}</th><th>${t("sup.state")}</th><th>${t("sup.deadline")}</th><th></th></tr></thead><tbody>
    ${rows.map((o) => {
      const inc = o.incident_id ? state.incidents.get(o.incident_id) : null;
      const task = o.task_id ? state.tasks.get(o.task_id) : null;
      const team = o.team_id ? teamName(state.teams.get(o.team_id), language()) || o.team_id : "";
      const approver = approvingUnit(o.depot_id);
      const dls = deadlinesOf(o.id, ["supply.dispatch", "supply.delivery"]);
      const buttons = [];
      if (o.status === "ordered" && can("release.approve") && approver && state.user.unit_id === approver) buttons.push("approve");
      if (o.status === "approved" && can("release.depart")) buttons.push("depart");
      if (o.status === "departed" && can("release.arrive")) buttons.push("arrive");
      if (["ordered", "approved"].includes(o.status) && can("release.cancel")) buttons.push("cancel");
      return html`<tr data-release="${o.id}"><td><b>${(en() ? o.depot_name_en || o.depot_name : o.depot_name) || depotName(o.depot_id)}</b> → ${o.destination}
          <div class="lines">${joinHtml(o.lines.map((l) => html`<span class="chip">${itemName(l.item)} ×${l.picked}${l.picked < l.qty ? html` <span class="st-failed">${t("sup.short", { n: l.qty - l.picked })}</span>` : ""}</span>`), " ")}</div>
          <div class="muted">${inc ? `${inc.number} ${inc.title} · ` : ""}${localTime(o.created_at)}</div></td>
        <td><span class="rel-status st-${o.status}">${t("rel." + o.status)}</span>
          <div class="muted approval">${o.approved_at ? t("sup.approved_at", { t: localTime(o.approved_at) })
            : o.status === "ordered" ? (approver ? t("sup.awaiting", { u: unitName(approver) }) : t("sup.awaiting_commander")) : ""}</div>
          ${team ? html`<div class="muted transport">${t("sup.transport_is", { n: team })}${task ? html` · <span class="st-${task.status}">${t("task." + task.status)}</span>` : ""}</div>` : ""}
          ${o.reason ? html`<div class="muted">${o.reason}</div>` : ""}</td>
        <td><table class="dls">${dls.map((d) => deadlineLine(d, d.kind === "supply.delivery" ? t("dlkind.supply.delivery") : t("dlkind.supply.dispatch")))}</table></td>
        <td class="actions">${buttons.map((b) => html`<button class="small ${b === "cancel" ? "ghost" : ""}" data-release-op="${b}" data-id="${o.id}">${t("sup.op." + b)}</button>`)}</td></tr>`;
    })}</tbody></table>`;
}

async function releaseAction(op, id) {
  if (op === "cancel") return cancelDialog(id);
  const r = await conn.request("release." + op, { id });
  if (!r.ok) { const e = $("#sup-error"); if (e) e.textContent = errText(r); }
  // The pushed release.* event refreshes the list.
}

function cancelDialog(id) {
  dialog(html`<h2>${t("sup.op.cancel")}</h2><label><span>${t("sup.reason")}</span><input name="reason"></label>
    <p class="error" id="dlg-error"></p>
    <div class="row"><button id="dlg-ok">${t("sup.op.cancel")}</button><button class="ghost" data-close>${t("common.close")}</button></div>`, (el) => {
    el.querySelector("#dlg-ok").addEventListener("click", async () => {
      const reason = el.querySelector("[name=reason]").value.trim();
      if (!reason) { el.querySelector("#dlg-error").textContent = t("sup.reason_required"); return; }
      const r = await conn.request("release.cancel", { id, reason });
      if (r.ok) closeDialog(); else el.querySelector("#dlg-error").textContent = errText(r);
    });
  });
}

// A release order: depot, destination, the incident and transport team, up to five item lines
// from what the depot holds.
export function releaseDialog() {
  if (!can("release.order") || !data) return;
  const depots = data.depots.filter((d) => d.stock?.length);
  const incidents = [...state.incidents.values()].filter((i) => i.status !== "closed");
  const teams = [...state.teams.values()].sort((a, b) => a.id.localeCompare(b.id));
  const itemsOf = (depotId) => {
    const sums = new Map();
    for (const s of depots.find((d) => d.id === depotId)?.stock ?? []) sums.set(s.item, (sums.get(s.item) ?? 0) + s.qty);
    return [...sums].map(([item, qty]) => html`<option value="${item}">${itemName(item)} (${qty})</option>`);
  };
  const line = (depotId) => html`<div class="row rel-line"><label><span>${t("sup.item")}</span><select name="item">${itemsOf(depotId)}</select></label>
    <label><span>${t("sup.qty")}</span><input name="qty" type="number" min="1" value="1"></label></div>`;
  dialog(html`<h2>${t("sup.new_release")}</h2>
    <label><span>${t("sup.depot")}</span><select name="depot">${depots.map((d) => html`<option value="${d.id}">${en() && d.name_en ? d.name_en : d.name}</option>`)}</select></label>
    <label><span>${t("sup.destination")}</span><input name="destination"></label>
    <label><span>${t("order.incident")}</span><select name="incident"><option value=""></option>${incidents.map((i) => html`<option value="${i.id}">${i.number} ${i.title}</option>`)}</select></label>
    <label><span>${t("sup.transport")}</span><select name="team"><option value=""></option>${teams.map((tm) => html`<option value="${tm.id}">${teamName(tm, language())}</option>`)}</select></label>
    <div id="rel-lines">${line(depots[0]?.id)}</div>
    <div class="row"><button class="ghost small" id="rel-add">${t("sup.add_line")}</button>
      <label class="check"><input type="checkbox" name="split"> ${t("sup.split")}</label></div>
    <p class="error" id="dlg-error"></p>
    <div class="row"><button id="dlg-ok">${t("sup.submit")}</button><button class="ghost" data-close>${t("common.close")}</button></div>`, (el) => {
    const depotSel = el.querySelector("[name=depot]");
    depotSel.addEventListener("change", () => setHtml(el.querySelector("#rel-lines"), line(depotSel.value)));
    el.querySelector("#rel-add").addEventListener("click", () => {
      const lines = el.querySelector("#rel-lines");
      if (lines.querySelectorAll(".rel-line").length < 5) {
        const scratch = document.createElement("div");
        setHtml(scratch, line(depotSel.value));
        lines.append(...scratch.childNodes);
      }
    });
    el.querySelector("#dlg-ok").addEventListener("click", async () => {
      const v = (n) => el.querySelector(`[name=${n}]`).value.trim();
      const lines = [...el.querySelectorAll(".rel-line")].map((l) => ({ item: l.querySelector("[name=item]").value, qty: Number(l.querySelector("[name=qty]").value) }));
      if (!v("destination")) { el.querySelector("#dlg-error").textContent = t("sup.destination_required"); return; }
      const body = { depot_id: v("depot"), destination: v("destination"), lines, split: el.querySelector("[name=split]").checked };
      if (v("incident")) body.incident_id = v("incident");
      if (v("team")) body.team_id = v("team");
      const r = await conn.request("release.order", body);
      if (!r.ok) { el.querySelector("#dlg-error").textContent = errText(r); return; }
      closeDialog();
      if (r.result.shortages?.length) {
        const e = $("#sup-error");
        if (e) e.textContent = t("sup.shortages", { s: r.result.shortages.map((s) => `${itemName(s.item)} ×${s.qty}`).join("、") });
      }
    });
  });
}

// 储备定额: each city, county and township against its tier's targets; the shortfalls listed, the
// rest counted (stock.targets).
function targetsHtml() {
  const tg = data.targets;
  if (!tg || !tg.total) return "";
  const short = tg.targets.filter((x) => x.shortfall > 0);
  const head = html`<h3>${t("sup.targets")} <span class="muted">${t("sup.targets_met", { met: tg.met, total: tg.total })}</span></h3>`;
  if (!short.length) return html`${head}<p class="muted">${t("sup.targets_all")}</p>`;
  return html`${head}<table class="targets"><thead><tr><th>${t("sup.targets_unit")}</th><th>${t("sup.item")}</th><th>${t("sup.targets_held")}</th><th>${t("sup.targets_short")}</th></tr></thead><tbody>
    ${short.map((x) => { const measure = en() ? "" : x.measure;  // the catalogue's measures are Chinese
      return html`<tr data-target="${`${x.unit_id}/${x.item}`}"><td>${en() && x.unit_name_en ? x.unit_name_en : x.unit_name}</td>
      <td>${en() && x.item_name_en ? x.item_name_en : x.item_name}</td><td>${x.held}/${x.target}${measure}</td>
      <td class="st-failed">${t("sup.targets_gap", { n: x.shortfall, unit: measure })}</td></tr>`; })}</tbody></table>`;
}

function stockHtml() {
  const days = (date) => Math.ceil((Date.parse(`${date}T00:00:00+08:00`) - serverNow()) / 86400000);
  const rot = data.rotation.batches;
  const rotHtml = rot.length ? html`<table class="rotation"><thead><tr><th>${t("sup.depot")}</th><th>${t("sup.item")}</th><th>${t("sup.expires")}</th></tr></thead><tbody>
    ${rot.map((b) => { const d = days(b.expires_on); return html`<tr class="${d <= 7 ? "row-overdue" : "row-warn"}" data-rotation="${`${b.depot_id}/${b.item}/${b.batch}`}"><td>${depotName(b.depot_id)}</td>
      <td>${itemName(b.item)} <span class="muted">${t("sup.batch")} ${b.batch}</span> · ${qty(b.qty, b.unit)}</td>
      <td>${b.expires_on} <span class="${d <= 7 ? "st-failed" : "st-standby"}">${t(d < 0 ? "sup.expired_ago" : "sup.days_left", { n: Math.abs(d) })}</span></td></tr>`; })}</tbody></table>`
    : html`<p class="muted">${t("sup.rotation_none", { d: data.rotation.until })}</p>`;
  const rotating = new Set(rot.map((b) => `${b.depot_id}/${b.item}`));
  return html`<h3>${t("sup.rotation")} <span class="muted">${data.rotation.until ? t("sup.until", { d: data.rotation.until }) : ""}</span></h3>${rotHtml}
    <h3>${t("sup.stock")}</h3><table class="stock"><thead><tr><th>${t("sup.depot")}</th><th>${t("sup.items")}</th></tr></thead><tbody>
    ${data.depots.map((d) => {
      const sums = new Map();
      for (const s of d.stock || []) { const x = sums.get(s.item) ?? { qty: 0, unit: s.unit }; x.qty += s.qty; sums.set(s.item, x); }
      return html`<tr data-depot="${d.id}"><td>${en() && d.name_en ? d.name_en : d.name}<div class="muted">${t("tier." + d.tier)}</div></td>
        <td>${sums.size ? joinHtml([...sums].map(([item, x]) => html`<span class="chip ${rotating.has(`${d.id}/${item}`) ? "chip-warn" : ""}">${itemName(item)} ${qty(x.qty, x.unit)}</span>`), " ") : html`<span class="muted">${t("sup.empty")}</span>`}</td></tr>`;
    })}</tbody></table>`;
}
