// 报告: routine reports on the bureau's cadence (schema/reports.md). The caller's own unit sends its
// report for the current period (a township daily, a county its weekly summary, the city its monthly
// one) with the figures, a text, or one click for 零报告; a county or the city sees its children's
// roll-up for a period it picks (reported / nothing to report / missing, their figures and sums,
// each report's deadline). The lists are the server's, refetched (at most once per THROTTLE_MS)
// when a pushed event may have changed them; the server checks every right again.
import { conn } from "./session.js";
import { language, localTime, t } from "./i18n.js";
import { can, serverNow, state } from "./state.js";
import { $, errText, html, joinHtml, setHtml, uuid7 } from "./ui.js";
import { Refetcher } from "./refetch.js";
import { loadUnits } from "./units.js";

const THROTTLE_MS = 1500;
const REFETCH = ["all", "tab", "reports", "deadlines"];
// The figures a report carries (reports.md), in the order the forms and tables show them.
export const FIGURES = ["incidents", "dead", "missing", "injured", "evacuated", "hazards_found", "hazards_rectified", "losses_yuan"];
const MAX_FIGURE = 1e12;
const CADENCE = { township: "daily", county: "weekly", city: "monthly" };
const DUE_HOUR = { daily: 16, weekly: 18, monthly: 20 };  // China Standard Time
const DAY = 86400000, CST = 8 * 3600000;

let units = null;          // id → unit row (units.js: once per login)
let data = null;           // the last fetch: {userId, unit, own[], rollup}
let rollStart = null;      // the roll-up's period_start the user picked (null: the current period)
let draft = {};            // what is typed into the form (kept across redraws), per period: {key, values, text}
let pending = null;        // {key, clientKey}: the client_key of the report being sent, kept until the server has it
let flash = null;          // {key, text, bad}: the result of the last submission, shown under the form
let ownSig = "";           // the own-report section is redrawn only when this changes (typing is not lost)

const lists = new Refetcher(() => load(), (d) => {
  data = d;
  if (state.tab === "reports" && state.user) draw($("#panel"));
}, THROTTLE_MS);

// Offered to the roles that may call any of the report ops (not the teams and the departments).
export const reportsVisible = () => ["report.submit", "report.get", "report.list", "report.rollup"].some(can);

export function renderReports(panel, changed = new Set(["all"])) {
  if (data && data.userId !== state.user?.id) { data = null; units = null; rollStart = null; draft = {}; pending = null; flash = null; }
  if (REFETCH.some((a) => changed.has(a))) lists.request();
  if (changed.has("all") || changed.has("tab")) ownSig = "";  // a language switch or a new visit redraws the form too
  if (data) draw(panel); else if (!panel.querySelector("#reports")) setHtml(panel, html`<p class="muted">${t("sup.loading")}</p>`);
  lists.ensure();
}

// ---- periods (local dates in China Standard Time; the wire's period_start is YYYY-MM-DD) ----
const dateOf = (ms) => new Date(ms + CST).toISOString().slice(0, 10);
const dayStart = (date) => Date.parse(`${date}T00:00:00Z`) - CST;
export function periodAt(period, ms) {
  const local = new Date(ms + CST);
  if (period === "weekly") return dateOf(ms - ((local.getUTCDay() + 6) % 7) * DAY);
  if (period === "monthly") return `${dateOf(ms).slice(0, 7)}-01`;
  return dateOf(ms);
}
export function shiftPeriod(period, start, n) {
  if (period === "monthly") {
    const [y, m] = start.split("-").map(Number);
    return new Date(Date.UTC(y, m - 1 + n, 1)).toISOString().slice(0, 10);
  }
  return dateOf(dayStart(start) + n * (period === "weekly" ? 7 : 1) * DAY);
}
// The due time of a unit's report for a period: its last day at 16:00 / 18:00 / 20:00 local.
export const dueAt = (period, start) => dayStart(shiftPeriod(period, start, 1)) - DAY + DUE_HOUR[period] * 3600000;
const en = () => language() === "en";
const fmtDate = (date, opts) => new Date(`${date}T00:00:00Z`).toLocaleDateString(en() ? "en-GB" : "zh-CN", { timeZone: "UTC", ...opts });
// The period in words: 2026年8月20日 周四 / 8月17日—8月23日 / 2026年8月.
export function periodText(period, start) {
  if (period === "monthly") return fmtDate(start, { year: "numeric", month: "long" });
  if (period === "weekly") {
    const last = shiftPeriod("daily", shiftPeriod("weekly", start, 1), -1);
    return t("rep.week_span", { a: fmtDate(start, { month: "long", day: "numeric" }), b: fmtDate(last, { month: "long", day: "numeric" }),
      y: start.slice(0, 4) });
  }
  return fmtDate(start, { year: "numeric", month: "long", day: "numeric", weekday: "short" });
}
const shortDate = (start) => fmtDate(start, { month: "numeric", day: "numeric" });
const current = (period) => periodAt(period, serverNow());

// A new day (week, month) begins or the deadline passes without a push to this desk (the schedule's
// events are the centre's): checked while the screen is open.
setInterval(() => {
  if (state.tab !== "reports" || !data?.unit || data.userId !== state.user?.id) return;
  if (current(data.period) !== data.start) lists.request();
  else if ($("#rep-own")) drawOwn($("#rep-own"));  // redrawn only if the past-due state changed
}, 5000);

// ---- data ----
const unitName = (id) => { const u = units?.get(id); return u ? (en() && u.name_en ? u.name_en : u.name) : ""; };
// The caller's reporting unit: its own unit, or the nearest township / county / city above it.
function reportingUnit() {
  let id = state.user?.unit_id;
  for (let i = 0; i < 16 && id && units?.has(id); i++) {
    const u = units.get(id);
    if (CADENCE[u.kind]) return u;
    id = u.parent_id;
  }
  return null;
}

async function load() {
  const userId = state.user?.id;
  units = await loadUnits();
  const unit = reportingUnit();
  if (!unit) return { userId, unit: null, own: [], rollup: null };
  const period = CADENCE[unit.kind];
  const rollPeriod = unit.kind === "township" ? null : period;
  const [own, roll] = await Promise.all([
    can("report.list") ? conn.request("report.list", { unit: unit.id, period }) : null,
    rollPeriod && can("report.rollup") ? conn.request("report.rollup", { unit: unit.id, period: rollPeriod, period_start: rollStart ?? current(rollPeriod) }) : null]);
  return { userId, unit, period, start: current(period), own: own?.ok ? own.result.reports : [], rollup: roll?.ok ? roll.result : null,
    rollError: roll && !roll.ok ? roll : null, at: serverNow() };
}

// ---- drawing ----
const num = (n) => Number(n ?? 0).toLocaleString(en() ? "en-GB" : "zh-CN");
const figLabel = (k) => t("rep.fig." + k);
const onTime = (rep, period) => Date.parse(rep.submitted_at) <= dueAt(period, rep.period_start);

function draw(panel) {
  if (!data || data.userId !== state.user?.id) return;
  if (!panel.querySelector("#reports")) {
    // A county or the city reviews the units below first, then sends its own summary.
    setHtml(panel, data.unit && data.unit.kind !== "township"
      ? html`<div id="reports"><section id="rep-roll"></section><section id="rep-own"></section><section id="rep-history"></section></div>`
      : html`<div id="reports"><section id="rep-own"></section><section id="rep-roll"></section><section id="rep-history"></section></div>`);
    ownSig = "";
  }
  if (!data.unit) { setHtml(panel.querySelector("#rep-own"), html`<p class="muted">${t("rep.no_unit")}</p>`); return; }
  drawOwn(panel.querySelector("#rep-own"));
  drawRollup(panel.querySelector("#rep-roll"));
  drawHistory(panel.querySelector("#rep-history"));
}

// The caller's own report for the current period: sent (when, on time or late, what) or the form.
function drawOwn(box) {
  const { unit, period } = data;
  const start = current(period), key = `${unit.id}/${period}/${start}`;
  const sent = data.own.find((r) => r.period_start === start && r.unit_id === unit.id);
  const mayDo = can("report.submit");
  const sig = JSON.stringify([language(), key, sent?.submitted_at ?? null, mayDo, flash?.key === key ? flash : null, serverNow() > dueAt(period, start)]);
  if (sig === ownSig) return;
  ownSig = sig;
  const due = dueAt(period, start);
  const head = html`<div class="row section-head"><h3>${t("rep.own_title", { unit: unitName(unit.id), period: t("rep.period." + period) })}</h3></div>
    <p class="rep-period"><b>${periodText(period, start)}</b> · ${t("rep.due", { t: localTime(due) })}</p>`;
  const note = flash?.key === key ? html`<p class="${flash.bad ? "error" : "rep-ok"}" id="rep-result">${flash.text}</p>` : "";
  if (sent) {
    setHtml(box, html`${head}<div class="rep-sent" data-report-state="sent">${sentLine(sent, period)}${contents(sent)}</div>${note}`);
    return;
  }
  if (flash?.key === key && !flash.bad) { setHtml(box, html`${head}${note}`); return; }  // sent: its row arrives with the refetch
  if (!mayDo) {
    setHtml(box, html`${head}<p class="muted" data-report-state="open">${t("rep.not_yet")}${serverNow() > due ? html` · <span class="st-failed">${t("rep.dl.overdue")}</span>` : ""}</p>
      <p class="muted">${t("rep.read_only")}</p>`);
    return;
  }
  const d = draft[key] ?? (draft[key] = { values: {}, text: "" });
  const rollsUp = unit.kind !== "township";
  setHtml(box, html`${head}
    ${serverNow() > due ? html`<p class="rep-late st-failed">${t("rep.past_due")}</p>` : ""}
    <form id="rep-form" class="rep-form" novalidate data-report-state="open">
      <p class="muted">${t(rollsUp ? "rep.own_figures_hint" : "rep.figures_hint")}</p>
      <div class="rep-figures">${FIGURES.map((k) => html`<label data-figure="${k}"><span>${figLabel(k)}</span>
        <input name="${k}" inputmode="numeric" autocomplete="off" value="${d.values[k] ?? ""}" placeholder="0"></label>`)}</div>
      <label><span>${t("rep.text")}</span><textarea name="text" rows="2" maxlength="4000" placeholder="${t("rep.text_ph")}">${d.text}</textarea></label>
      <div class="row rep-actions"><button type="submit" id="rep-submit">${t("rep.submit")}</button>
        <button type="button" id="rep-zero" class="ghost">${t("rep.zero")}</button><span class="muted">${t("rep.zero_hint")}</span></div>
      <p class="error" id="rep-error"></p>
    </form>${note}`);
  const form = box.querySelector("#rep-form");
  form.addEventListener("input", (ev) => {
    const el = ev.target;
    form.querySelector("#rep-error").textContent = "";  // the message was about what is being changed
    if (el.name === "text") d.text = el.value; else if (FIGURES.includes(el.name)) { d.values[el.name] = el.value; el.classList.remove("invalid"); el.removeAttribute("aria-invalid"); }
  });
  form.addEventListener("submit", (ev) => { ev.preventDefault(); submit(form, key, false); });
  box.querySelector("#rep-zero").addEventListener("click", () => submit(form, key, true));
}

// "已报送 08/20 09:12 · 按时" with what the report said.
function sentLine(rep, period) {
  const late = !onTime(rep, period);
  return html`<div><span class="badge ${rep.zero ? "rep-zero" : "rep-reported"}">${t(rep.zero ? "rep.status.zero" : "rep.status.reported")}</span>
    ${t("rep.sent_at", { t: localTime(rep.submitted_at) })} · <span class="${late ? "st-failed" : "st-done"}" data-on-time="${late ? "late" : "on_time"}">${t(late ? "rep.dl.late" : "rep.dl.on_time")}</span>
    ${rep.submitted_by && state.users.get(rep.submitted_by) ? html`<span class="muted"> · ${t("rep.by", { who: state.users.get(rep.submitted_by) })}</span>` : ""}</div>`;
}
// A report's figures (only those not 0) and text; a zero report says so.
function contents(rep) {
  const figs = FIGURES.filter((k) => Number(rep.figures?.[k] ?? 0) > 0);
  return html`${rep.zero ? html`<div class="muted">${t("rep.zero_says")}</div>` : ""}
    ${figs.length ? html`<div class="lines">${joinHtml(figs.map((k) => html`<span class="chip" data-fig="${k}">${figLabel(k)} ${num(rep.figures[k])}</span>`), " ")}</div>` : ""}
    ${rep.children ? html`<div class="muted">${t("rep.children_said", { s: rep.children.submitted.length, z: rep.children.zero.length, m: rep.children.missing.length })}</div>` : ""}
    ${rep.text ? html`<div class="rep-text">${rep.text}</div>` : ""}`;
}

// Reads the form: each figure a whole number 0…10¹² (full-width digits and thousands separators
// accepted), an empty field not reported; anything else is named, never sent as 0.
export function readFigures(values) {
  const figures = {}, errors = [];
  for (const k of FIGURES) {
    const raw = String(values[k] ?? "").trim();
    if (!raw) continue;
    const s = raw.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/[,，\s]/g, "");
    if (!/^\d+$/.test(s)) { errors.push([k, t("rep.bad_number", { label: figLabel(k), v: raw })]); continue; }
    const n = Number(s);
    if (n > MAX_FIGURE) { errors.push([k, t("rep.too_big", { label: figLabel(k) })]); continue; }
    figures[k] = n;
  }
  return { figures, errors };
}

async function submit(form, key, zero) {
  const err = form.querySelector("#rep-error");
  const d = draft[key];
  const { figures, errors } = readFigures(d.values);
  for (const el of form.querySelectorAll(".rep-figures input")) { el.classList.remove("invalid"); el.removeAttribute("aria-invalid"); }
  if (errors.length) {
    for (const [k] of errors) { const el = form.querySelector(`input[name="${k}"]`); el.classList.add("invalid"); el.setAttribute("aria-invalid", "true"); }
    err.textContent = errors.map((e) => e[1]).join("；");
    form.querySelector("input.invalid")?.focus();
    return;
  }
  const text = d.text.trim();
  const anyFigure = Object.values(figures).some((n) => n > 0);
  if (zero && anyFigure) { err.textContent = t("rep.zero_with_figures"); return; }
  if (!zero && !anyFigure && !text && data.unit.kind === "township") { err.textContent = t("rep.empty"); return; }
  err.textContent = "";
  const [unitId, period, start] = key.split("/");
  if (pending?.key !== key) pending = { key, clientKey: uuid7() };  // the same key on a retry: never a second report
  const body = { unit: unitId, period, period_start: start, zero, client_key: pending.clientKey };
  if (!zero && Object.keys(figures).length) body.figures = figures;
  if (text) body.text = text;
  for (const b of form.querySelectorAll("button")) b.disabled = true;
  const r = await conn.request("report.submit", body);
  for (const b of form.querySelectorAll("button")) b.disabled = false;
  if (!r.ok) {
    if (r.error.code === "report_exists") { pending = null; lists.request(); }
    // The answer may have been lost after the server stored the report: the same client_key makes a retry safe.
    const settled = ["bad_field", "unknown_field", "report_exists", "period_in_future", "out_of_scope", "not_found", "conflict", "forbidden", "disconnected"];
    err.textContent = submitError(r) + (settled.includes(r.error.code) ? "" : t("rep.retry_safe"));
    return;
  }
  pending = null;
  delete draft[key];
  const due = dueAt(period, start), late = serverNow() > due;
  const met = r.result.duplicate ? null : r.result.deadline_met > 0;
  flash = { key, bad: false, text: r.result.duplicate ? t("rep.duplicate")
    : t(late ? "rep.sent_late" : "rep.sent_on_time", { due: localTime(due), what: t("rep.period." + period) }) + (met ? t("rep.deadline_closed") : "") };
  lists.request();
}
function submitError(r) {
  const known = { report_exists: "rep.err.exists", period_in_future: "rep.err.future", out_of_scope: "rep.err.scope", disconnected: "rep.err.offline" };
  return known[r.error.code] ? t(known[r.error.code]) : errText(r);
}

// A county's week or the city's month: each child with its status, figures and each report's deadline.
function drawRollup(box) {
  const { unit, period } = data;
  if (unit.kind === "township" || !can("report.rollup")) { setHtml(box, html``); return; }
  const start = rollStart ?? current(period), now = current(period);
  const r = data.rollup && data.rollup.period_start === start ? data.rollup : null;
  const nav = html`<div class="row rep-nav">
      <button class="small ghost" id="rep-prev">${t("rep.prev")}</button>
      <b class="rep-span">${periodText(period, start)}</b>
      <button class="small ghost" id="rep-next">${t("rep.next")}</button>
      ${start !== now ? html`<button class="small ghost" id="rep-now">${t("rep.current")}</button>` : ""}</div>`;
  let body;
  if (!r) body = html`<p class="muted">${data.rollError ? submitError(data.rollError) : t("sup.loading")}</p>`;
  else {
    const counts = { reported: 0, zero: 0, missing: 0, not_asked: 0 };
    for (const c of r.children) counts[childStatus(c)]++;
    body = html`<p class="rep-counts" data-counts="${counts.reported}/${counts.zero}/${counts.missing}">
        <span class="badge rep-reported">${t("rep.status.reported")} ${counts.reported}</span>
        <span class="badge rep-zero">${t("rep.status.zero")} ${counts.zero}</span>
        <span class="badge rep-missing">${t("rep.status.missing")} ${counts.missing}</span>
        ${counts.not_asked ? html`<span class="badge">${t("rep.status.not_asked")} ${counts.not_asked}</span>` : ""}
        <span class="muted">${t("rep.child_due", { what: t("rep.period." + CADENCE[childKind(unit.kind)]) })}</span></p>
      <div class="rep-table-wrap"><table class="rep-rollup"><thead><tr><th>${t("rep.unit")}</th>${FIGURES.map((k) => html`<th class="num">${t("rep.short." + k)}</th>`)}</tr></thead><tbody>
        ${r.children.map((c) => childRow(c))}
        <tr class="rep-sum" data-sum="1"><td><b>${t("rep.sum")}</b></td>${FIGURES.map((k) => html`<td class="num" data-fig="${k}"><b>${num(r.sums[k])}</b></td>`)}</tr>
      </tbody></table></div>
      ${r.report ? html`<div class="rep-own-roll muted">${t("rep.own_sent", { what: t("rep.period." + period) })} ${localTime(r.report.submitted_at)}</div>` : ""}`;
  }
  setHtml(box, html`<div class="row section-head"><h3>${t("rep.rollup_title", { unit: unitName(unit.id), what: t("rep.roll." + period) })}</h3></div>
    ${nav}<p class="muted">${t("rep.roll_due", { t: localTime(dueAt(period, start)) })}</p>${body}`);
  box.querySelector("#rep-next").disabled = start >= now;  // a period that has not begun cannot be rolled up
  const go = (s) => { rollStart = s === now ? null : s; data.rollup = null; drawRollup(box); lists.request(); };
  box.querySelector("#rep-prev").addEventListener("click", () => go(shiftPeriod(period, start, -1)));
  box.querySelector("#rep-next").addEventListener("click", () => { if (start < now) go(shiftPeriod(period, start, 1)); });
  box.querySelector("#rep-now")?.addEventListener("click", () => go(now));
}
const childKind = (kind) => (kind === "city" ? "county" : "township");
// A child none of whose reports was asked for in the period (before the deployment) is `not_asked`
// (the server says so; a child without reports is read so too).
const childStatus = (c) => (c.reports.length ? c.status : "not_asked");

function childRow(c) {
  const status = childStatus(c);
  const name = (en() && c.name_en ? c.name_en : c.name) || unitName(c.unit_id);
  return html`<tr data-child="${c.unit_id}" data-status="${status}" class="${status === "missing" && c.reports.some(overdueSub) ? "row-overdue" : ""}">
    <td><b>${name}</b> <span class="badge rep-${status}">${t("rep.status." + status)}</span>
      <div class="rep-subs">${joinHtml(c.reports.map((s) => subChip(s, data.unit.kind === "city" ? "weekly" : "daily")), " ")}</div></td>
    ${FIGURES.map((k) => html`<td class="num" data-fig="${k}">${(status === "missing" || status === "not_asked") && !c.reports.some((s) => s.figures) ? "—" : num(c.figures[k])}</td>`)}</tr>`;
}
const overdueSub = (s) => s.status === "missing" && (s.deadline ? s.deadline.status === "missed" || serverNow() > Date.parse(s.deadline.due_at) : false);
// One of a child's reports in the period: the day (or week), what came in, and its deadline.
function subChip(s, period) {
  // A week by its first and last day (8/31–9/6), not its Monday alone (read as a day).
  const label = period === "weekly" ? `${shortDate(s.period_start)}–${shortDate(shiftPeriod("daily", shiftPeriod("weekly", s.period_start, 1), -1))}` : shortDate(s.period_start);
  let dl = "";
  if (s.status === "missing") {
    dl = overdueSub(s) ? html`<span class="st-failed">${t("rep.dl.overdue")}</span>`
      : s.deadline ? html`<span class="muted">${t("rep.dl.due", { t: localTime(s.deadline.due_at) })}</span>` : "";
  } else if (s.deadline?.status === "met") {
    const late = s.deadline.on_time === 0 || s.deadline.on_time === false || Date.parse(s.deadline.met_at) > Date.parse(s.deadline.due_at);
    dl = html`<span class="${late ? "st-failed" : "st-done"}">${t(late ? "rep.dl.late" : "rep.dl.on_time")}</span>`;
  } else if (s.submitted_at) dl = html`<span class="muted">${localTime(s.submitted_at)}</span>`;
  return html`<span class="chip rep-sub rep-sub-${s.status}" data-sub="${s.period_start}">${label} ${t("rep.status." + s.status)} ${dl}</span>`;
}

// The unit's own reports so far (a township's days, a county's weeks, the city's months).
function drawHistory(box) {
  const { unit, period } = data;
  const rows = data.own.filter((r) => r.unit_id === unit.id);
  setHtml(box, html`<div class="row section-head"><h3>${t("rep.history", { unit: unitName(unit.id) })}</h3></div>
    ${rows.length ? html`<table class="rep-history"><thead><tr><th>${t("rep.col.period")}</th><th>${t("rep.col.content")}</th><th>${t("rep.col.sent")}</th></tr></thead><tbody>
      ${rows.map((rep) => html`<tr data-report="${rep.period_start}"><td>${periodText(period, rep.period_start)}</td><td>${contents(rep)}</td>
        <td>${localTime(rep.submitted_at)}<div><span class="${onTime(rep, period) ? "st-done" : "st-failed"}">${t(onTime(rep, period) ? "rep.dl.on_time" : "rep.dl.late")}</span></div></td></tr>`)}
    </tbody></table>` : html`<p class="muted">${t("rep.history_none")}</p>`}`);
}
