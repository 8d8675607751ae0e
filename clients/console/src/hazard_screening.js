// Periodic rounds on the Supplies & hazards screen: 隐患排查 (schema/hazards.md "Screening rounds":
// townships weekly, villages every half month) and 领导带队检查 ("Leaders' inspections": the city
// quarterly, counties monthly, townships weekly). Per level: this period's rounds against the units
// asked, who missed the period before, and for a desk with a small area each unit's row with the
// round recorded from it. And 城乡结合部专项排查 ("Urban-rural fringe": each county monthly in October
// and November, the hazards it found rectified against 95 %). Part of the governance section
// (hazard_governance.js), fetched with it.
import { dialogButtons, dialogError, submitDialog } from "./dialog_form.js";
import { language, t } from "./i18n.js";
import { can, serverNow } from "./state.js";
import { dialog, html } from "./ui.js";
import { dayText, periodText } from "./periods.js";

const ROWS = 20;    // a desk with more units than this sees the totals and who missed, not every row
const MISSED = 12;  // names of units that missed, then "and n more"
const CST_MS = 8 * 3600 * 1000;
const en = () => language() === "en";
const name = (u) => (en() && u.name_en ? u.name_en : u.name);
const today = () => new Date(serverNow() + CST_MS).toISOString().slice(0, 10);
// A period is due at 00:00 of the day after it: say its last day (10月4日 / 4 Oct).
function lastDay(dueMs) {
  const d = new Date(dueMs - 1 + CST_MS);
  return en() ? d.toLocaleString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" }) : `${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

// The two kinds of round: their words (i18n prefix), the op that records one, and whether the
// leader who led it is asked.
const SCREENING = { key: "scr", op: "hazard.screening_record", leader: false };
const INSPECTION = { key: "ldr", op: "hazard.leader_inspection_record", leader: true };
const FRINGE = { key: "frg", op: "hazard.fringe_round_record", leader: false };
const ROUNDS = { scr: SCREENING, ldr: INSPECTION, frg: FRINGE };

export function screeningHtml(s) {
  if (!s) return "";
  return html`<div id="hz-screening"><div class="row section-head"><h3>${t("scr.title")}</h3></div>
    ${levelHtml(s.townships, "township", SCREENING)}${levelHtml(s.villages, "village", SCREENING)}</div>`;
}

export function inspectionsHtml(s) {
  if (!s) return "";
  return html`<div id="hz-inspections"><div class="row section-head"><h3>${t("ldr.title")}</h3></div>
    ${levelHtml(s.city, "city", INSPECTION)}${levelHtml(s.counties, "county", INSPECTION)}${levelHtml(s.townships, "township", INSPECTION)}</div>`;
}

// The fringe campaign: per county its October and November rounds and the rectification of what
// it found (rectified ÷ found, against 95 %); the desk records a round while a campaign month runs.
export function fringeHtml(f) {
  if (!f || !f.counties.length) return "";
  const month = today().slice(0, 7), running = f.counties[0].months.some((m) => m.period === month);
  const recording = running && can(FRINGE.op);
  const pct = (r) => r.denominator ? `${Math.round(r.rate * 1000) / 10}%` : "—";
  const rect = (r) => html`<span class="chip ${!r.denominator ? "muted" : r.meets ? "st-done" : "st-failed"}">${r.denominator
    ? t("frg.rect_cell", { n: r.numerator, d: r.denominator, p: pct(r) }) : t("frg.none_found")}</span>`;
  const cell = (m) => html`<td data-month="${m.period}" data-state="${m.state}">${m.rounds ? t("frg.rounds_cell", { n: m.rounds, f: m.hazards_found, d: dayText(m.last_on) })
    : ""}${!m.rounds || m.state === "done_late" ? html` <span class="chip ${m.state === "missed" || m.state === "done_late" ? "st-failed" : "muted"}">${t("frg.state." + m.state)}</span>` : ""}</td>`;
  const total = f.rectification;
  return html`<div id="hz-fringe"><div class="row section-head"><h3>${t("frg.title", { y: f.year })}</h3></div>
    <p class="fringe-totals" data-numerator="${total.numerator}" data-denominator="${total.denominator}" data-meets="${total.meets}">${total.denominator
      ? t("frg.totals", { n: total.numerator, d: total.denominator, p: pct(total), t: f.target_percent })
      : t("frg.totals_none", { t: f.target_percent })}</p>
    <table class="screening-units fringe"><thead><tr><th>${t("frg.county")}</th>${f.counties[0].months.map((m) => html`<th>${periodText(m.period)}</th>`)}
      <th>${t("frg.rect")}</th>${recording ? html`<th></th>` : ""}</tr></thead><tbody>
    ${f.counties.map((c) => html`<tr data-fringe="${c.unit_id}"><td>${name(c)}</td>${c.months.map(cell)}<td>${rect(c.rectification)}</td>
      ${recording ? html`<td><button class="small" data-round-record="${c.unit_id}" data-round="frg" data-name="${name(c)}">${t("frg.record")}</button></td>` : ""}</tr>`)}
    </tbody></table></div>`;
}

function levelHtml(l, kind, round) {
  if (!l || !l.units.length) return "";
  const k = round.key, n = l.totals, missed = l.units.filter((u) => u.last_period_state === "missed");
  const recording = can(round.op);
  const state = (u) => html`<span class="chip ${u.last_period_state === "done" ? "st-done" : u.last_period_state === "missed" ? "st-failed" : "muted"}">${t(k + ".last." + u.last_period_state)}</span>`;
  return html`<div class="screening" data-level="${kind}">
    <h4>${t(k + ".level." + kind, { p: periodText(l.period) })} <span class="muted">${t("scr.due", { d: lastDay(l.due_at) })}</span></h4>
    <p class="screening-totals" data-screened="${n.screened}" data-units="${n.units}" data-missed="${n.last_missed}">${t(k + ".totals",
      { s: n.screened, n: n.units, p: periodText(l.last_period), d: n.last_done, m: n.last_missed })}</p>
    ${l.units.length <= ROWS ? html`<table class="screening-units"><thead><tr><th>${t("gov.ledger.unit")}</th><th>${t(k + ".rounds")}</th>
        <th>${t("scr.last_col", { p: periodText(l.last_period) })}</th>${recording ? html`<th></th>` : ""}</tr></thead><tbody>
      ${l.units.map((u) => html`<tr data-${k === "scr" ? "screening" : "inspection"}="${u.unit_id}" data-rounds="${u.rounds}"><td>${name(u)}</td>
        <td>${u.rounds ? t(k + ".rounds_cell", { n: u.rounds, f: u.hazards_found, d: dayText(u.last_on) }) : html`<span class="muted">${t(k + ".none_yet")}</span>`}</td>
        <td>${state(u)}</td>
        ${recording ? html`<td><button class="small" data-round-record="${u.unit_id}" data-round="${k}" data-name="${name(u)}">${t(k + ".record")}</button></td>` : ""}</tr>`)}</tbody></table>`
    : missed.length ? html`<p class="muted screening-missed">${t(k + ".missed_list", { p: periodText(l.last_period) })}${missed.slice(0, MISSED).map(name).join("、")}${missed.length > MISSED ? t("scr.and_more", { n: missed.length - MISSED }) : ""}</p>` : ""}
  </div>`;
}

export function bindScreening(panel) {
  for (const b of panel.querySelectorAll("[data-round-record]"))
    b.addEventListener("click", () => recordDialog(b.dataset.roundRecord, b.dataset.name, ROUNDS[b.dataset.round] || SCREENING));
}

function recordDialog(unitId, unitName, round) {
  const k = round.key;
  dialog(html`<h2>${t(k + ".record_title")} · ${unitName}</h2>
    ${round.leader ? html`<label><span>${t("ldr.leader")}</span><input name="leader" maxlength="100"></label>` : ""}
    <label><span>${t("ent.on")}</span><input name="on" type="date" value="${today()}" max="${today()}"></label>
    <label><span>${t("ent.hazards_found")}</span><input name="found" inputmode="numeric" value="0"></label>
    <label><span>${t(k + ".note")}</span><textarea name="note" rows="2" maxlength="1000"></textarea></label>
    ${dialogButtons(k + ".record")}`, (el) => {
    el.querySelector("#dlg-ok").addEventListener("click", () => {
      const v = (n) => el.querySelector(`[name=${n}]`).value.trim();
      if (round.leader && !v("leader")) return dialogError(el, t("ldr.leader_needed"));
      if (!/^\d+$/.test(v("found"))) return dialogError(el, t("ent.found_bad"));
      if (!v("on") || v("on") > today()) return dialogError(el, t("ent.on_bad"));
      const body = { unit_id: unitId, on: v("on"), hazards_found: Number(v("found")) };
      if (round.leader) body.leader = v("leader");
      if (v("note")) body.note = v("note");
      submitDialog(el, round.op, body);
    });
  });
}
