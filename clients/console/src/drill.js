// The drill page (schema/drills.md). Without ?realm: the drills of the city, start one, end one.
// With ?realm=drill:<id>: the director's screen (scenario clock, pause/resume/speed/jump, load a
// scenario file, send injects from the template library, injects sent and pending) above the
// after-action report, which is what prints (A4, print to PDF) and exports as CSV. The report is
// the server's (drill.report), read again every few seconds while the drill runs, so the director
// sees what each participant did in response as it happens.
import { Connection } from "./ws.js";
import { applyStatic, language, t, toggleLanguage } from "./i18n.js";
import { can, state } from "./state.js";
import { html, setHtml } from "./ui.js";
import { csv, download, fullTime, romanLevel } from "./journaltext.js";
import { bindRegister, loadRegister, registerHtml } from "./drill_register.js";
import { bindPlans, loadPlans, plansHtml } from "./plans_register.js";

const params = new URLSearchParams(location.search);
const realm = params.get("realm") || "live";
const inDrill = realm.startsWith("drill:");
const $ = (s) => document.querySelector(s);
const en = () => language() === "en";
const pick = (zh, english) => (en() ? english || zh : zh || english) ?? "";
const status = (text) => { $("#status").textContent = text; };
const errOf = (r) => (en() ? r.error.message_en : r.error.message_zh);
let data = null, busy = false, readFailed = false;
let registerYear = Number(new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 4));  // the drill register's year (CST)

const conn = new Connection({ onPush: () => {}, onEnv: () => {}, onState: () => {},
  onSession: async (session, ok) => {
    if (!ok) { status(t("print.login_first")); return; }
    state.user = session.user;
    await refresh();
    if (inDrill) setInterval(() => { if (!data?.report?.drill?.ended_at) refresh(); }, 3000);
  } });
const must = async (op, body = {}) => {
  const r = await conn.request(op, body);
  if (!r.ok) throw new Error(errOf(r));
  return r.result;
};

// Scenario time as T+h:mm (the clock a drill runs on), real times in China Standard Time.
const scen = (ms) => {
  if (ms === null || ms === undefined) return "";
  const m = Math.floor(ms / 60000);
  return `T+${Math.floor(m / 60)}:${String(m % 60).padStart(2, "0")}`;
};
const span = (ms) => {
  if (ms === null || ms === undefined) return "";
  const m = Math.round(ms / 60000);
  if (Math.abs(ms) < 60000) return t("drill.seconds", { n: Math.round(ms / 1000) });
  if (m >= 60 && m % 60 === 0) return t("drill.hours", { n: m / 60 });
  return m >= 60 ? t("drill.hours_minutes", { h: Math.floor(m / 60), m: m % 60 }) : t("drill.minutes", { n: m });
};
// Who did it: a person's name, or "automatic" for the system and the rules (the server sends "").
const byText = (by) => by || t("drill.by_system");
const teamLabel = (team) => (team ? pick(team.name, team.name_en) : "");
const injectKind = (k) => t("drill.kind." + k);

async function refresh() {
  if (busy) return;
  busy = true;
  try {
    if (!inDrill) {
      const drills = can("drill.list") ? (await must("drill.list")).drills : [];
      const [register, plans] = await Promise.all([loadRegister(must, registerYear, data?.register?.units), loadPlans(must, registerYear)]);
      data = { drills, register, plans };
    } else {
      const [report, st, joined] = await Promise.all([must("drill.report"), must("scenario.status"), must("drill.participants")]);
      const templates = can("scenario.inject") && !data?.templates ? (await must("scenario.templates")).templates : data?.templates ?? [];
      // The units and teams that may join (once: the drill's reference data does not change).
      const units = can("drill.join") && !data?.units && can("unit.list") ? (await must("unit.list")).units : data?.units ?? [];
      data = { report, status: st, templates, participants: joined.participants, units };
    }
    // A reading that works clears "loading" or the last reading's error, not what an action said.
    if (readFailed || $("#status").textContent === t("print.loading")) status("");
    readFailed = false;
    draw();
  } catch (e) {
    status(String(e.message || e));
    readFailed = true;
  } finally {
    busy = false;
  }
}

async function act(op, body, done) {
  const r = await conn.request(op, body);
  if (!r.ok) { status(errOf(r)); return; }
  await refresh();
  status(done ?? t("drill.done"));
}

// ---- the list of drills (no realm), then the drill register ----
function listHtml() {
  const registers = html`${registerHtml(data.register)}${plansHtml(data.plans, data.register?.units, data.register?.list.entries)}`;
  if (!can("drill.list")) return html`<header class="head"><div class="org">${t("print.org")}</div><h1>${t("dreg.page_title")}</h1></header>${registers}`;
  return html`<header class="head"><div class="org">${t("print.org")}</div><h1>${t("drill.list_title")}</h1></header>
    ${can("drill.start") ? html`<form id="start" class="noprint row"><input name="name" required placeholder="${t("drill.name")}">
      <label><input type="checkbox" name="scripted" checked> ${t("drill.scripted")}</label><button>${t("drill.start")}</button></form>` : ""}
    <table><thead><tr><th>${t("drill.name")}</th><th>${t("drill.started")}</th><th>${t("drill.ended")}</th><th></th></tr></thead><tbody>
    ${data.drills.length ? data.drills.map((d) => html`<tr data-drill="${d.id}"><td>${d.name}</td><td class="nowrap">${fullTime(d.started_at)}</td>
      <td class="nowrap">${d.ended_at ? fullTime(d.ended_at) : t("drill.running")}</td>
      <td class="noprint"><a href="drill.html?realm=drill:${d.id}">${d.ended_at ? t("drill.open_report") : t("drill.open")}</a>
      ${!d.ended_at && can("drill.end") ? html` <button data-end="${d.id}">${t("drill.end")}</button>` : ""}</td></tr>`)
      : html`<tr><td colspan="4" class="muted">${t("drill.none")}</td></tr>`}</tbody></table>
    ${registers}`;
}

// ---- the director's screen ----
function directorHtml() {
  const st = data.status, r = data.report, ended = !!r.drill?.ended_at, clock = st.clock;
  const director = can("scenario.clock") && !ended;
  const pending = st.injects.filter((i) => !i.sent_at), sent = st.injects.filter((i) => i.sent_at);
  return html`<h2>${t("drill.director")}${st.scenario ? html` · ${pick(st.scenario.title_zh, st.scenario.title_en)}` : ""}</h2>
    <div class="row"><span class="clockface" id="scenario-clock">${clock ? scen(clock.elapsed_ms) : t("drill.no_scenario")}</span>
      ${clock ? html`<span>${clock.paused ? t("drill.paused") : t("drill.speed", { n: clock.speed })}</span>` : ""}
      ${director && clock ? html`<button id="pause">${clock.paused ? t("drill.resume") : t("drill.pause")}</button>
        <select id="speed">${[1, 10, 60, 120, 600].map((n) => html`<option value="${n}" ${n === clock.speed ? "selected" : ""}>×${n}</option>`)}</select>
        <button data-jump="10m">${t("drill.jump", { d: "10m" })}</button><button data-jump="1h">${t("drill.jump", { d: "1h" })}</button>` : ""}
      ${ended ? html`<b>${t("drill.ended_note")}</b>` : ""}</div>
    ${director && !sent.length ? html`<div class="row"><label>${t("drill.load")} <input type="file" id="scenario-file" accept=".toml,text/plain"></label></div>` : ""}
    ${participantsHtml(!ended)}
    ${pending.length ? html`<h3>${t("drill.pending")}</h3><table><tbody>${pending.map((i) => html`<tr><td class="nowrap">${scen(i.at_ms)}</td><td>${injectKind(i.kind)}</td><td>${pick(i.title_zh, i.title_en)}</td></tr>`)}</tbody></table>` : ""}
    ${can("scenario.inject") && !ended ? html`<h3>${t("drill.templates")}</h3><table><tbody>${data.templates.map((tp) => html`<tr>
      <td>${injectKind(tp.kind)}</td><td>${pick(tp.title_zh, tp.title_en)}</td><td><button data-template="${tp.id}">${t("drill.send")}</button></td></tr>`)}</tbody></table>` : ""}`;
}

// 参演单位与队伍: who plays (the drill's messages reach only them), who may still join.
const KIND_ORDER = ["city", "county", "township", "department", "team"];
function participantsHtml(open) {
  const joined = data.participants ?? [], ids = new Set(joined.map((p) => p.unit_id));
  const name = (u) => pick(u.name, u.name_en) || u.unit_id || u.id;
  const byKind = (a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || String(a.id ?? a.unit_id).localeCompare(String(b.id ?? b.unit_id));
  const joinable = (data.units ?? []).filter((u) => !ids.has(u.id) && KIND_ORDER.includes(u.kind)).sort(byKind);
  return html`<h3>${t("drill.participants", { n: joined.length })}</h3>
    <div class="participants">${joined.length ? [...joined].sort(byKind).map((p) => html`<span class="chip" data-participant="${p.unit_id}">${name(p)}<span class="muted"> ${t("drill.pkind." + (p.kind ?? "team"))}</span>
      ${open && can("drill.leave") ? html` <button class="small ghost" data-leave="${p.unit_id}" title="${t("drill.leave")}">×</button>` : ""}</span>`) : html`<span class="muted">${t("drill.no_participants")}</span>`}</div>
    ${open && can("drill.join") && joinable.length ? html`<div class="row noprint"><select id="join-unit">${joinable.map((u) => html`<option value="${u.id}">${name(u)} · ${t("drill.pkind." + u.kind)}</option>`)}</select>
      <label><input type="checkbox" id="join-teams" checked> ${t("drill.join_teams")}</label><button id="join">${t("drill.join")}</button></div>` : ""}
    <p class="muted">${t("drill.participants_note")}</p>`;
}

// ---- the after-action report (printed) ----
function reportHtml() {
  const r = data.report, s = r.summary;
  const maxAck = Math.max(1, ...r.teams.map((x) => x.max_ack_ms));
  const statusCell = (x) => html`<td class="status-${x.status}" data-status="${x.status}">${t("drill.status." + x.status)}</td>`;
  const channels = Object.entries(r.delivered_by_channel ?? {});
  const lost = Object.entries(r.not_delivered ?? {});
  return html`<header class="head"><div class="org">${t("print.org")}</div><h1>${t("drill.report_title")}</h1>
    <div class="sub">${r.drill?.name ?? ""}${r.scenario && pick(r.scenario.title_zh, r.scenario.title_en) !== r.drill?.name ? html` · ${pick(r.scenario.title_zh, r.scenario.title_en)}` : ""}</div>
    <div class="sub">${t("drill.period", { from: fullTime(r.drill?.started_at), to: r.drill?.ended_at ? fullTime(r.drill.ended_at) : t("drill.running") })} · ${t("drill.scenario_time")} ${scen(r.elapsed_ms)}</div></header>
    <section class="kpis"><div>${t("drill.k.expect")}<b id="kpi-expect">${s.expectations_met} / ${s.expectations}</b></div>
      <div>${t("drill.k.injects")}<b>${s.injects}</b></div><div>${t("drill.k.orders")}<b>${s.orders_acked} / ${s.orders}</b></div>
      <div>${t("drill.k.levels")}<b>${s.level_decisions}</b></div>${s.outage_teams ? html`<div>${t("drill.k.outage")}<b id="kpi-outage">${s.outage_teams_reached} / ${s.outage_teams}</b></div>` : ""}</section>
    <section><h2>${t("drill.expectations")}</h2><table><thead><tr><th>${t("drill.expected")}</th><th>${t("drill.within")}</th><th>${t("inc.status")}</th><th>${t("drill.delay")}</th><th>${t("drill.by")}</th></tr></thead>
      <tbody>${r.expectations.length ? r.expectations.map((x) => html`<tr data-expect="${x.id}"><td>${pick(x.title_zh, x.title_en)}</td><td class="nowrap">${span(x.within_ms)}</td>${statusCell(x)}
        <td class="nowrap">${x.delay_ms !== undefined ? span(x.delay_ms) : x.waited_ms !== undefined ? t("drill.waited", { d: span(x.waited_ms) }) : ""}${x.depots_released !== undefined ? html`<div class="muted">${t("drill.depots", { n: x.depots_released, of: x.depots ?? 1 })}</div>` : ""}</td>
        <td>${x.by !== undefined ? byText(x.by) : ""}</td></tr>`) : html`<tr><td colspan="5" class="muted">${t("print.none")}</td></tr>`}</tbody></table></section>
    <section><h2>${t("drill.levels")}</h2><table><thead><tr><th>${t("drill.when")}</th><th>${t("drill.about")}</th><th>${t("inc.level")}</th><th>${t("inc.reason")}</th><th>${t("drill.decided_by")}</th></tr></thead>
      <tbody>${r.level_decisions.length ? r.level_decisions.map((l) => html`<tr><td class="nowrap">${scen(l.elapsed_ms)}</td><td>${l.subject}</td><td>${l.level ? romanLevel(l.level) : ""}</td><td>${l.reason}</td><td>${byText(l.approved_by ?? l.by)}</td></tr>`)
        : html`<tr><td colspan="5" class="muted">${t("print.none")}</td></tr>`}</tbody></table></section>
    <section><h2>${t("drill.injects")}</h2><table><thead><tr><th>${t("drill.when")}</th><th>${t("drill.inject")}</th><th>${t("drill.first_response")}</th></tr></thead>
      <tbody>${r.injects.length ? r.injects.map((i) => html`<tr><td class="nowrap">${scen(i.elapsed_ms)}</td><td>${pick(i.title_zh, i.title_en)}<div class="muted">${injectKind(i.kind)}</div>${i.error ? html`<div class="error">${t("drill.refused")}: ${pick(i.error_zh, i.error)}</div>` : ""}</td>
        <td>${i.first_response ? html`${t("drill.resp." + i.first_response.kind)} · ${byText(i.first_response.by)} · ${t("drill.after", { d: span(i.first_response.delay_ms) })}` : html`<span class="muted">${t("drill.no_response")}</span>`}</td></tr>`)
        : html`<tr><td colspan="3" class="muted">${t("print.none")}</td></tr>`}</tbody></table></section>
    <section><h2>${t("drill.teams")}</h2><p class="muted">${t("drill.teams_note")}</p><table><thead><tr><th>${t("order.team")}</th><th>${t("drill.orders_acked")}</th><th>${t("drill.median_ack")}</th><th>${t("drill.max_ack")}</th></tr></thead>
      <tbody>${r.teams.length ? r.teams.map((x) => html`<tr><td>${teamLabel(x.team)}</td><td class="num">${x.orders_acked}</td>
        <td class="nowrap"><span class="bar" data-width="${Math.round(120 * x.median_ack_ms / maxAck)}"></span>${span(x.median_ack_ms)}</td><td class="nowrap">${span(x.max_ack_ms)}</td></tr>`)
        : html`<tr><td colspan="4" class="muted">${t("print.none")}</td></tr>`}</tbody></table>
      <p>${t("drill.by_channel")}: ${channels.length ? channels.map(([c, n], k) => html`${k ? "，" : ""}${t("chan." + c)} ${n}`) : t("print.none")}
        ${lost.length ? html` · ${t("drill.not_delivered")}: ${lost.map(([st, n], k) => html`${k ? "，" : ""}${t("state." + st)} ${n}`)}` : ""}</p></section>
    ${(r.comms_outage ?? []).length ? outageHtml(r.comms_outage) : ""}
    <section class="break-ok"><h2>${t("print.timeline")}</h2><table class="tl"><thead><tr><th>${t("drill.when")}</th><th>${t("jr.csv.time")}</th><th>${t("jr.csv.who")}</th><th>${t("jr.csv.what")}</th></tr></thead>
      <tbody>${r.timeline.map((e) => html`<tr><td class="nowrap">${scen(e.elapsed_ms)}</td><td class="nowrap">${fullTime(e.at)}</td><td>${byText(e.by)}</td><td>${timelineText(e)}</td></tr>`)}</tbody></table></section>
    <footer class="printed">${t("print.printed", { at: fullTime(Date.now()), who: state.user?.display_name ?? "" })}</footer>`;
}

// 通信中断: per team cut, when the drill reached it again and over which link, and what did not.
function outageHtml(rows) {
  const links = (cs) => cs.map((c) => t("chan." + c)).join(en() ? ", " : "、");
  return html`<section><h2>${t("drill.outage")}</h2><p class="muted">${t("drill.outage_note")}</p><table class="outage"><thead><tr>
      <th>${t("order.team")}</th><th>${t("drill.outage.cut")}</th><th>${t("drill.outage.links")}</th><th>${t("drill.outage.reached")}</th><th>${t("drill.outage.restored")}</th><th>${t("drill.outage.pending")}</th></tr></thead>
    <tbody>${rows.map((o) => html`<tr data-outage="${o.recipient}"><td>${teamLabel(o.team)}</td><td class="nowrap">${scen(o.cut_elapsed_ms)}</td><td>${links(o.channels)}</td>
      <td class="nowrap">${o.reached_after_ms !== undefined ? t("drill.outage.via", { d: span(o.reached_after_ms), c: t("chan." + (o.reached_channel || "ip")) }) : html`<span class="status-missed">${t("drill.outage.not_reached")}</span>`}</td>
      <td class="nowrap">${o.restored_at ? fullTime(o.restored_at) : t("drill.outage.still_cut")}</td>
      <td>${o.not_delivered.length ? o.not_delivered.map((m, k) => html`${k ? "，" : ""}${t("msgkind." + m.kind)} ${t("state." + m.state)}`) : t("print.none")}</td></tr>`)}</tbody></table></section>`;
}

function timelineText(e) {
  const what = t("drill.ev." + e.kind), colon = en() ? ": " : "：";
  if (e.kind === "scenario.inject_sent" || e.kind === "incident.created" || e.kind === "deadline.missed") return `${what}${colon}${pick(e.title_zh, e.title_en)}`;
  if (e.kind === "incident.level_set") return `${what}${colon}${romanLevel(e.level)}`;
  if (e.kind === "drill.link_cut" || e.kind === "drill.link_restored") return `${what}${colon}${t("drill.ev.links", { n: e.teams, channels: (e.channels ?? []).map((c) => t("chan." + c)).join(en() ? ", " : "、") })}`;
  if (e.kind === "task.created" || e.kind === "team.readiness_changed") return `${what}${colon}${teamLabel(e.team)}${e.readiness ? " · " + t("readiness." + e.readiness) : ""}`;
  return what;
}

function reportCsv() {
  const r = data.report;
  return csv([
    [t("drill.csv.section"), t("drill.when"), t("jr.csv.time"), t("jr.csv.what"), t("inc.status"), t("drill.delay_minutes"), t("drill.by")],
    ...r.expectations.map((x) => [t("drill.expectations"), scen(x.trigger_elapsed_ms), x.met_at ? fullTime(x.met_at) : "", pick(x.title_zh, x.title_en),
      t("drill.status." + x.status), x.delay_ms !== undefined ? (x.delay_ms / 60000).toFixed(1) : "", x.by !== undefined ? byText(x.by) : ""]),
    ...r.orders.map((o) => [t("drill.teams"), "", fullTime(o.queued_at), teamLabel(o.team) || o.recipient, t("state." + o.state),
      o.ack_ms !== undefined ? (o.ack_ms / 60000).toFixed(2) : "", o.channel ? t("chan." + o.channel) : ""]),
    ...r.timeline.map((e) => [t("print.timeline"), scen(e.elapsed_ms), fullTime(e.at), timelineText(e), "", "", byText(e.by)]),
  ]);
}

function bind() {
  // Bar lengths through the CSSOM: the console's CSP allows no style attribute in markup.
  for (const bar of document.querySelectorAll(".bar[data-width]")) bar.style.width = `${Number(bar.dataset.width) || 0}px`;
  $("#start")?.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const f = new FormData(ev.target);
    const r = await conn.request("drill.start", { name: f.get("name"), scripted: !!f.get("scripted") });
    if (!r.ok) { status(errOf(r)); return; }
    location.href = `drill.html?realm=${encodeURIComponent(r.result.realm)}`;
  });
  for (const b of document.querySelectorAll("[data-end]"))
    b.addEventListener("click", () => { if (confirm(t("drill.end_confirm"))) act("drill.end", { id: b.dataset.end }); });
  $("#pause")?.addEventListener("click", () => act("scenario.clock", { paused: !data.status.clock.paused }));
  $("#speed")?.addEventListener("change", (ev) => act("scenario.clock", { speed: Number(ev.target.value) }));
  for (const b of document.querySelectorAll("[data-jump]")) b.addEventListener("click", () => act("scenario.clock", { advance: b.dataset.jump }));
  $("#join")?.addEventListener("click", () => {
    const unit = $("#join-unit").value, teams = $("#join-teams").checked;
    act("drill.join", teams ? { units: [unit], teams_in: [unit] } : { units: [unit] }, t("drill.joined"));
  });
  for (const b of document.querySelectorAll("[data-leave]")) b.addEventListener("click", () => act("drill.leave", { units: [b.dataset.leave] }, t("drill.left")));
  for (const b of document.querySelectorAll("[data-template]"))
    b.addEventListener("click", () => act("scenario.inject", { template: b.dataset.template }, t("drill.sent")));
  if (!inDrill) {
    bindRegister($("#sheet"), data.register, act, (year) => { registerYear = year; refresh(); });
    bindPlans($("#sheet"), act);
  }
  $("#scenario-file")?.addEventListener("change", async (ev) => {
    const file = ev.target.files?.[0];
    if (!file) return;
    act("scenario.load", { text: await file.text() }, t("drill.loaded"));
  });
}

function draw() {
  applyStatic();
  $("#do-print").textContent = t("print.print");
  $("#do-csv").textContent = t("jr.export");
  $("#do-csv").hidden = !inDrill;
  $("#do-lang").textContent = en() ? "中文" : "English";
  $("#to-drills").textContent = t("drill.list_title");
  $("#exercise").hidden = !inDrill;
  $("#exercise").textContent = t("app.exercise");
  if (!data) return;
  if (inDrill) {
    setHtml($("#director"), directorHtml());
    setHtml($("#sheet"), reportHtml());
    document.title = `${t("drill.report_title")} ${data.report.drill?.name ?? ""}`;
  } else {
    setHtml($("#sheet"), listHtml());
    document.title = t("drill.list_title");
  }
  bind();
  document.body.dataset.ready = "1";
}

$("#do-print").addEventListener("click", () => window.print());
$("#do-csv").addEventListener("click", () => data?.report && download(`${t("drill.report_title")}.csv`, reportCsv()));
$("#do-lang").addEventListener("click", () => { toggleLanguage(); draw(); });
const fetchJson = async (p, fallback) => { try { const r = await fetch(p); return r.ok ? await r.json() : fallback; } catch { return fallback; } };
state.enums = await fetchJson("enums.json", {});
state.roles = await fetchJson("roles.json", {});
state.realm = realm;
conn.realm = realm;
draw();
status(t("print.loading"));
if (!conn.token) status(t("print.login_first"));
else conn.connect();
