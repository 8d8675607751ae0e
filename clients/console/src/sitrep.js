// Print pages (A4, print to PDF from the browser): ?incident=<id> is the incident's SITREP (facts,
// level and who approved it, casualties and losses, teams and their task and delivery state,
// supplies released for it, open deadlines, timeline); ?shift=current the shift handover sheet
// (the shift, officer and leader, handover notes, the shift log, open incidents, alarms, orders not
// yet delivered, this shift's journal). The session is this tab's (a tab opened from the console
// starts with a copy of it); ?realm= prints a drill's, marked 演习.
import { Connection } from "./ws.js";
import { applyStatic, language, t, toggleLanguage } from "./i18n.js";
import { state } from "./state.js";
import { html, setHtml } from "./ui.js";
import { fullTime, romanLevel, sentence, typeLabel, who } from "./journaltext.js";

const params = new URLSearchParams(location.search);
const $ = (s) => document.querySelector(s);
const en = () => language() === "en";
const pick = (zh, english) => (en() ? english || zh : zh || english) ?? "";
const status = (text) => { $("#status").textContent = text; };
let user = null, data = null;

const conn = new Connection({ onPush: () => {}, onEnv: () => {}, onState: () => {},
  onSession: async (session, ok) => {
    if (!ok) { status(t("print.login_first")); return; }
    user = session.user;
    try { data = await load(); draw(); } catch (e) { status(String(e.message || e)); }
  } });

const must = async (op, body = {}) => {
  const r = await conn.request(op, body);
  if (!r.ok) throw new Error(en() ? r.error.message_en : r.error.message_zh);
  return r.result;
};
const maybe = async (op, body = {}) => { const r = await conn.request(op, body); return r.ok ? r.result : null; };
const journal = async (body) => {
  const out = [];
  let cursor = null;
  for (let i = 0; i < 20; i++) {
    const r = await maybe("journal.list", { ...body, limit: 1000, ...(cursor ? { cursor } : {}) });
    if (!r) return null;  // a role without the journal: the page says so
    out.push(...r.entries); cursor = r.next_cursor;
    if (!cursor) break;
  }
  return out.reverse();  // oldest first on paper
};
// The state of an order's delivery to its team: the newest order message's row.
const deliveryOf = async (taskId) => {
  const r = await maybe("bus.deliveries", { correlation_id: taskId });
  const rows = (r?.deliveries ?? []).filter((d) => d.kind === "order");
  return rows.length ? rows[rows.length - 1] : null;
};

async function load() {
  const info = await must("server.info");
  const units = new Map(((await maybe("unit.list"))?.units ?? []).map((u) => [u.id, u]));
  if (params.get("incident")) {
    const id = params.get("incident");
    const got = await must("incident.get", { id });
    const entries = await journal({ incident_id: id });
    const tasks = await Promise.all(got.tasks.map(async (k) => ({ ...k, delivery: await deliveryOf(k.id) })));
    return { kind: "sitrep", now: Date.parse(info.now), units, ...got, tasks, entries };
  }
  const duty = await must("duty.current");
  const board = await must("board.snapshot");
  const deadlines = (await maybe("deadline.list", { open: true, limit: 1000 }))?.deadlines ?? [];
  const tasks = await Promise.all(board.tasks.map(async (k) => ({ ...k, delivery: await deliveryOf(k.id) })));
  const entries = duty.shift ? await journal({ shift_id: duty.shift.id, kinds: ["incident", "level", "order", "warning", "consultation", "deadline", "duty"] }) : null;
  return { kind: "handover", now: Date.parse(info.now), units, duty, board, deadlines, tasks, entries };
}

const unitName = (id) => { const u = data.units.get(id); return u ? pick(u.name, u.name_en) : ""; };
const teamName = (id) => { const tm = data.board?.teams?.find((x) => x.id === id); return tm ? pick(tm.name, tm.name_en) : ""; };
const deliveryText = (d) => (d ? `${t("state." + d.state)}${d.channel ? ` · ${t("chan." + d.channel)}` : ""}` : t("print.no_delivery"));
const footer = () => html`<footer class="printed">${t("print.printed", { at: fullTime(data.now), who: user?.display_name ?? "" })}</footer>`;
const empty = (cols) => html`<tr><td colspan="${cols}" class="muted">${t("print.none")}</td></tr>`;
const timeline = (entries) => entries === null ? html`<p class="muted">${t("print.no_journal")}</p>`
  : html`<table class="tl"><thead><tr><th>${t("jr.csv.time")}</th><th>${t("jr.csv.who")}</th><th>${t("jr.csv.what")}</th></tr></thead>
    <tbody>${entries.length ? entries.map((e) => html`<tr><td class="nowrap">${fullTime(e.at)}</td><td>${who(e)}</td><td>${sentence(e)}</td></tr>`) : empty(3)}</tbody></table>`;

function sitrepHtml() {
  const i = data.incident;
  const levelSet = [...(data.entries ?? [])].reverse().find((e) => e.kind === "incident.level_set");
  const approvedBy = levelSet ? (levelSet.summary.by_rule ? t("inc.by_rule") : levelSet.summary.approved_by_name || who(levelSet)) : "";
  // Task team names: the journal's order entries name them.
  const teamOf = new Map((data.entries ?? []).filter((e) => e.kind === "task.created").map((e) => [e.subject, pick(e.summary.team_name, e.summary.team_name_en)]));
  // Releases: each order's latest step and its lines, from the journal.
  const releases = new Map();
  for (const e of data.entries ?? []) if (e.kind.startsWith("release.")) releases.set(e.subject, { ...(releases.get(e.subject) ?? {}), last: e, ...(e.kind === "release.ordered" ? { ordered: e } : {}) });
  const openDeadlines = (data.deadlines ?? []).filter((d) => d.status === "open" || d.status === "missed");
  return html`<header class="head"><div class="org">${t("print.org")}</div><h1>${t("print.sitrep_title")}</h1>
    <div class="sub">${i.number} · ${t("print.as_of", { at: fullTime(data.now) })}</div></header>
    <section><h2>${t("print.facts")}</h2><table class="facts">
      <tr><th>${t("inc.title")}</th><td>${i.title}</td><th>${t("print.number")}</th><td>${i.number}</td></tr>
      <tr><th>${t("inc.type")}</th><td>${typeLabel(i.type)}</td><th>${t("inc.status")}</th><td>${t("status." + i.status)}</td></tr>
      <tr><th>${t("inc.place")}</th><td>${i.place_name}</td><th>${t("print.unit")}</th><td>${unitName(i.unit_id)}</td></tr>
      <tr><th>${t("print.reported_at")}</th><td>${fullTime(i.created_at)}</td><th>${t("print.updated_at")}</th><td>${fullTime(i.updated_at)}</td></tr>
    </table></section>
    <section><h2>${t("inc.level")}</h2><p class="level" data-level="${i.level ?? ""}">${i.level ? t("print.level_line", { level: romanLevel(i.level) }) : t("level.none")}
      ${levelSet ? html` · ${t("inc.approved_by")}: <b class="approver">${approvedBy}</b> · ${fullTime(levelSet.at)}` : ""}
      ${i.level_reason && i.level_reason !== "-" ? html`<br><span class="muted">${t("inc.reason")}: ${i.level_reason}</span>` : ""}</p></section>
    <section><h2>${t("print.casualties")}</h2><table class="facts">
      <tr><th>${t("inc.dead")}</th><td class="num" data-dead>${i.dead}</td><th>${t("inc.missing")}</th><td class="num" data-missing>${i.missing}</td>
        <th>${t("inc.injured")}</th><td class="num" data-injured>${i.injured}</td></tr>
      <tr><th>${t("inc.losses")}</th><td colspan="5" class="num">${Number(i.losses_yuan).toLocaleString()}</td></tr></table></section>
    <section><h2>${t("print.teams")}</h2><table><thead><tr><th>${t("order.team")}</th><th>${t("order.what")}</th><th>${t("order.task")}</th><th>${t("order.state")}</th><th>${t("print.ordered_at")}</th></tr></thead>
      <tbody>${data.tasks.length ? data.tasks.map((k) => html`<tr><td>${teamOf.get(k.id) || teamName(k.team_id) || t("print.a_team")}</td><td>${t("what." + k.what)}</td>
        <td>${t("task." + k.status)}</td><td>${deliveryText(k.delivery)}</td><td class="nowrap">${fullTime(k.created_at)}</td></tr>`) : empty(5)}</tbody></table></section>
    <section><h2>${t("print.supplies")}</h2><table><thead><tr><th>${t("print.depot")}</th><th>${t("print.goods")}</th><th>${t("print.release_state")}</th><th>${t("print.ordered_at")}</th></tr></thead>
      <tbody>${releases.size ? [...releases.values()].map((r) => { const s = (r.ordered ?? r.last).summary;
        return html`<tr><td>${pick(s.depot_name, s.depot_name_en)} → ${s.destination ?? ""}</td><td>${(s.lines ?? []).map((l) => `${pick(l.item_name, l.item_name_en)} ${l.qty}${l.unit ? " " + l.unit : ""}`).join(en() ? ", " : "、")}</td>
          <td>${t("print.release." + r.last.kind.split(".")[1])}</td><td class="nowrap">${fullTime((r.ordered ?? r.last).at)}</td></tr>`; }) : empty(4)}</tbody></table></section>
    <section><h2>${t("print.deadlines")}</h2><table><thead><tr><th>${t("print.deadline")}</th><th>${t("dl.due")}</th><th>${t("inc.status")}</th></tr></thead>
      <tbody>${openDeadlines.length ? openDeadlines.map((d) => html`<tr><td>${pick(d.title_zh, d.title_en)}</td><td class="nowrap">${fullTime(d.due_at)}</td><td>${t("dl.status." + d.status)}</td></tr>`) : empty(3)}</tbody></table></section>
    <section class="break-ok"><h2>${t("print.timeline")}</h2>${timeline(data.entries)}</section>${footer()}`;
}

function handoverHtml() {
  const d = data.duty, s = d.shift;
  const alarms = data.deadlines.filter((x) => x.status === "missed" || Date.parse(x.due_at) < data.now);
  const undelivered = data.tasks.filter((k) => !k.delivery || !["delivered", "read"].includes(k.delivery.state));
  const prevNote = d.previous?.handover_note;
  return html`<header class="head"><div class="org">${t("print.org")}</div><h1>${t("print.handover_title")}</h1>
    <div class="sub">${t("print.as_of", { at: fullTime(data.now) })}</div></header>
    ${s ? html`<section><h2>${t("duty.shift")}</h2><table class="facts">
      <tr><th>${t("print.shift_time")}</th><td colspan="3">${fullTime(s.starts_at)} – ${fullTime(s.ends_at)}</td></tr>
      <tr><th>${t("duty.officer")}</th><td>${d.officer?.display_name ?? ""}</td><th>${t("duty.leader")}</th><td>${d.leader?.display_name ?? t("duty.no_leader")}</td></tr>
      <tr><th>${t("duty.level")}</th><td colspan="3">${d.duty_level ? t("duty.readiness", { n: d.duty_level.readiness_percent }) + (d.duty_level.leader_24h ? ` · ${t("duty.leader_24h")}` : "") : t("duty.level_normal")}</td></tr></table></section>
    <section><h2>${t("print.notes")}</h2>
      <p><span class="muted">${t("duty.prev_note")}:</span> ${prevNote || t("print.none")}</p>
      <p><span class="muted">${t("duty.note")}:</span> ${s.handover_note || t("print.not_yet")}</p>
      <h3>${t("duty.log")}</h3><ul>${d.log.length ? d.log.map((l) => html`<li>${fullTime(l.at)} ${l.text}</li>`) : html`<li class="muted">${t("duty.nolog")}</li>`}</ul></section>`
    : html`<p>${t("duty.none")}</p>`}
    <section><h2>${t("print.open_incidents")}</h2><table><thead><tr><th>${t("print.number")}</th><th>${t("inc.title")}</th><th>${t("inc.level")}</th><th>${t("inc.status")}</th><th>${t("inc.casualties")}</th></tr></thead>
      <tbody>${data.board.incidents.length ? data.board.incidents.map((i) => html`<tr><td class="nowrap">${i.number}</td><td>${i.title}<div class="muted">${typeLabel(i.type)} · ${i.place_name}</div></td>
        <td>${romanLevel(i.level)}</td><td>${t("status." + i.status)}</td><td class="num">${i.dead}/${i.missing}/${i.injured}</td></tr>`) : empty(5)}</tbody></table></section>
    <section><h2>${t("print.alarms")}</h2><table><thead><tr><th>${t("print.deadline")}</th><th>${t("dl.due")}</th><th>${t("dl.level")}</th></tr></thead>
      <tbody>${alarms.length ? alarms.map((x) => html`<tr><td>${pick(x.title_zh, x.title_en)}</td><td class="nowrap">${fullTime(x.due_at)}</td><td>${x.escalation_level ?? 0}</td></tr>`) : empty(3)}</tbody></table></section>
    <section><h2>${t("print.undelivered")}</h2><table><thead><tr><th>${t("order.team")}</th><th>${t("order.what")}</th><th>${t("order.state")}</th><th>${t("print.ordered_at")}</th></tr></thead>
      <tbody>${undelivered.length ? undelivered.map((k) => html`<tr><td>${teamName(k.team_id) || t("print.a_team")}</td><td>${t("what." + k.what)}</td><td>${deliveryText(k.delivery)}</td><td class="nowrap">${fullTime(k.created_at)}</td></tr>`) : empty(4)}</tbody></table></section>
    <section class="break-ok"><h2>${t("print.shift_journal")}</h2>${timeline(data.entries)}</section>
    <section class="sign"><span>${t("print.sign_off")}</span><span>${t("print.sign_on")}</span></section>${footer()}`;
}

function draw() {
  applyStatic();
  $("#do-print").textContent = t("print.print");
  $("#do-lang").textContent = en() ? "中文" : "English";
  const realm = params.get("realm") || "live";
  $("#exercise").hidden = realm === "live";
  $("#exercise").textContent = t("app.exercise");
  if (!data) return;
  setHtml($("#sheet"), data.kind === "sitrep" ? sitrepHtml() : handoverHtml());
  document.title = data.kind === "sitrep" ? `${t("print.sitrep_title")} ${data.incident.number}` : t("print.handover_title");
  document.body.dataset.ready = "1";
  status("");
}

$("#do-print").addEventListener("click", () => window.print());
$("#do-lang").addEventListener("click", () => { toggleLanguage(); draw(); });
const fetchJson = async (p, fallback) => { try { const r = await fetch(p); return r.ok ? await r.json() : fallback; } catch { return fallback; } };
state.enums = await fetchJson("enums.json", {});
conn.realm = params.get("realm") || "live";
draw();
status(t("print.loading"));
if (!conn.token) status(t("print.login_first"));
else conn.connect();
