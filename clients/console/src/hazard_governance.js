// Hazard governance on the Supplies & hazards screen (schema/hazards.md "Governance"): this month's
// four-level ledgers per unit (updated before the 5th, with counts), the screening rounds
// the leaders' inspections and the urban-rural fringe campaign (hazard_screening.js), the quarterly look-back
// (回头看) with each sampled hazard's re-check, and the exposure board (曝光台) for the centre's
// desks. Fetched with the screen (supplies.js) and redrawn with it; the server checks every step.
import { conn } from "./session.js";
import { dialogButtons, submitDialog } from "./dialog_form.js";
import { bindScreening, fringeHtml, inspectionsHtml, screeningHtml } from "./hazard_screening.js";
import { monthText, periodText, quarterText } from "./periods.js";
import { language, localTime, t } from "./i18n.js";
import { can, serverNow, state } from "./state.js";
import { dialog, errText, html } from "./ui.js";

const CST_MS = 8 * 3600 * 1000;
const en = () => language() === "en";
const name = (row, zh = "unit_name", eng = "unit_name_en") => (en() && row[eng] ? row[eng] : row[zh]) || "";
const cityDesk = () => state.user?.role === "admin" || state.user?.unit_id === "city";

// The reads this section needs, each only when the role may call it (the exposure board: city desks).
export async function loadGovernance(req) {
  const [ledgers, lookbacks, exposure, screening, inspections, fringe] = await Promise.all([req("hazard.ledger_status"), req("hazard.lookback_list"),
    cityDesk() ? req("hazard.exposure") : null, req("hazard.screening_status"), req("hazard.leader_inspection_status"), req("hazard.fringe_status")]);
  return { ledgers: ledgers?.ok ? ledgers.result : null, lookbacks: lookbacks?.ok ? lookbacks.result.lookbacks : null,
    exposure: exposure?.ok ? exposure.result : null, screening: screening?.ok ? screening.result : null,
    inspections: inspections?.ok ? inspections.result : null, fringe: fringe?.ok ? fringe.result : null };
}

// The quarter before the one now (China Standard Time), the look-back's default.
function previousQuarter() {
  const d = new Date(serverNow() + CST_MS);
  let y = d.getUTCFullYear(), q = Math.floor(d.getUTCMonth() / 3);  // 0-based this quarter = 1-based previous
  if (q === 0) { y -= 1; q = 4; }
  return `${y}-Q${q}`;
}

export function governanceHtml(g) {
  if (!g) return "";
  return html`<div id="hz-governance">${ledgersHtml(g.ledgers)}${screeningHtml(g.screening)}${inspectionsHtml(g.inspections)}${fringeHtml(g.fringe)}${lookbackHtml(g.lookbacks)}${exposureHtml(g.exposure)}</div>`;
}

const STATE_CLASS = { updated: "st-done", updated_late: "", overdue: "st-failed", due: "", not_asked: "muted" };
const STATE_KEY = { updated: "gov.ledger.updated", updated_late: "gov.ledger.updated_late", overdue: "gov.ledger.overdue",
  due: "gov.ledger.due_state", not_asked: "gov.ledger.not_asked" };

function ledgersHtml(l) {
  if (!l) return "";
  const head = html`<div class="row section-head"><h3>${t("gov.ledger.title", { m: monthText(l.month) })}</h3>
    <span class="muted">${t("gov.ledger.due", { t: localTime(l.due_at) })}</span></div>`;
  if (!l.units.length) return html`${head}<p class="muted">${t("gov.ledger.none")}</p>`;
  const n = l.totals;
  // A month that began before the deployment is asked of nobody: one sentence, not a table of "not asked".
  if (n.not_asked === n.units) return html`${head}<p class="muted" id="gov-ledger-not-yet">${t("gov.ledger.not_yet")}</p>`;
  const mayConfirm = (u) => can("hazard.ledger_confirm") && !u.confirmed_at && u.state !== "not_asked" &&
    (state.user?.role === "admin" || state.user?.unit_id === u.unit_id);
  return html`${head}<p class="ledger-totals" data-updated="${n.updated}" data-overdue="${n.overdue}">${t("gov.ledger.totals",
      { u: n.updated, n: n.units, l: n.updated_late, o: n.overdue, d: n.due })}</p>
    <table class="ledgers"><thead><tr><th>${t("gov.ledger.unit")}</th><th>${t("gov.ledger.level")}</th><th>${t("gov.ledger.state")}</th>
      <th>${t("gov.ledger.counts")}</th></tr></thead><tbody>
    ${l.units.map((u) => html`<tr data-ledger="${u.unit_id}" data-state="${u.state}"><td>${name(u, "name", "name_en")}</td>
      <td>${t("unitkind." + u.kind)}</td>
      <td><span class="chip ${STATE_CLASS[u.state]}">${t(STATE_KEY[u.state])}</span>
        ${u.confirmed_at ? html`<div class="muted">${u.confirmed_by_name ? t("gov.ledger.by", { who: u.confirmed_by_name, t: localTime(u.confirmed_at) })
          : t("gov.ledger.by_anon", { t: localTime(u.confirmed_at) })}</div>` : ""}
        ${mayConfirm(u) ? html`<button class="small" data-ledger-confirm="${u.unit_id}" data-month="${l.month}">${t("gov.ledger.confirm")}</button>` : ""}
        <div class="error gov-error"></div></td>
      <td>${t("gov.ledger.count_cell", { o: u.open_count, c: u.closed_count })}</td></tr>`)}</tbody></table>`;
}

function lookbackHtml(draws) {
  if (!draws) return "";
  // Offered for the quarter just ended until it is drawn (one draw a quarter).
  const mayDraw = can("hazard.lookback_draw") && cityDesk() && !(draws || []).some((d) => d.quarter === previousQuarter());
  const mayRecord = can("hazard.lookback_record") && cityDesk();
  const head = html`<div class="row section-head"><h3>${t("gov.lb.title")}</h3>
    ${mayDraw ? html`<button id="gov-lb-draw" class="small">${t("gov.lb.draw")}</button>` : ""}</div>`;
  if (!draws.length) return html`${head}<p class="muted" id="gov-lb-none">${t("gov.lb.none")}</p>`;
  return html`${head}${draws.map((d) => html`<div class="lookback" data-quarter="${d.quarter}">
    <p>${t("gov.lb.summary", { q: quarterText(d.quarter), p: d.population, r: d.rate_percent, n: d.items.length, s: d.seed,
      c: d.checked, n2: d.items.length, f: d.recheck_failure.numerator, n3: d.items.length })}</p>
    ${d.items.length ? html`<table class="lookback-items"><thead><tr><th>${t("gov.lb.hazard")}</th><th>${t("gov.ex.unit")}</th><th>${t("gov.lb.result")}</th></tr></thead><tbody>
      ${d.items.map((i) => html`<tr data-lb-hazard="${i.hazard_id}" data-result="${i.result ?? "pending"}">
        <td>${i.grade ? html`<span class="badge grade-${i.grade}">${t("grade." + i.grade)}</span> ` : ""}${i.title}<div class="muted">${i.place_name || ""}</div></td>
        <td>${name(i)}</td>
        <td>${i.result ? html`<span class="chip ${i.result === "ok" ? "st-done" : "st-failed"}">${t("gov.lb." + i.result)}</span>${i.note ? html`<div class="muted">${i.note}</div>` : ""}`
          : mayRecord ? html`<button class="small" data-lb-ok="${i.hazard_id}" data-quarter="${d.quarter}">${t("gov.lb.mark_ok")}</button>
            <button class="small danger" data-lb-recurred="${i.hazard_id}" data-quarter="${d.quarter}">${t("gov.lb.mark_recurred")}</button>`
          : html`<span class="muted">${t("gov.lb.pending")}</span>`}<div class="error gov-error"></div></td></tr>`)}</tbody></table>` : ""}
    </div>`)}`;
}

function exposureHtml(x) {
  if (!x) return "";
  const mayPublish = can("hazard.exposure_publish") && !x.published_at && x.entries.length > 0;
  const head = html`<div class="row section-head"><h3>${t("gov.ex.title")}</h3>
    ${mayPublish ? html`<button id="gov-ex-publish" class="small" data-n="${x.weekly_count}">${t("gov.ex.publish")}</button>` : ""}
    ${x.published_at ? html`<span class="muted" id="gov-ex-published">${t("gov.ex.published", { w: periodText(x.week), t: localTime(x.published_at) })}</span>` : ""}</div>
    <p class="muted">${t("gov.ex.about", { d: x.overdue_limit_days, n: x.weekly_count })}</p>`;
  if (!x.entries.length) return html`${head}<p class="muted" id="gov-ex-none">${t("gov.ex.none")}</p>`;
  const reason = (e, r) => (r === "overdue" ? t("gov.ex.overdue", { n: e.overdue_days, t: localTime(e.due_at) })
    : t("gov.ex.recurred", { q: quarterText(e.lookback_quarter) }));
  return html`${head}<table class="exposure"><thead><tr><th>${t("gov.ex.hazard")}</th><th>${t("gov.ex.unit")}</th>
    <th>${t("gov.ex.owner")}</th><th>${t("gov.ex.reason")}</th></tr></thead><tbody>
    ${x.entries.map((e, i) => html`<tr data-exposed="${e.hazard_id}">
      <td>${e.grade ? html`<span class="badge grade-${e.grade}">${t("grade." + e.grade)}</span> ` : ""}${e.title}
        ${i < x.weekly_count ? html` <span class="chip st-failed">${t("gov.ex.this_week")}</span>` : ""}<div class="muted">${e.place_name || ""}${e.enterprise_name ? ` · ${t("gov.ex.enterprise", { n: e.enterprise_name })}` : ""}</div></td>
      <td>${name(e)}</td><td>${e.owner || html`<span class="muted">${t("gov.ex.no_owner")}</span>`}</td>
      <td>${e.reasons.map((r) => html`<div>${reason(e, r)}</div>`)}</td></tr>`)}</tbody></table>`;
}

export function bindGovernance(panel) {
  for (const b of panel.querySelectorAll("[data-ledger-confirm]"))
    b.addEventListener("click", () => direct(b, "hazard.ledger_confirm", { unit_id: b.dataset.ledgerConfirm, month: b.dataset.month }));
  for (const b of panel.querySelectorAll("[data-lb-ok]"))
    b.addEventListener("click", () => direct(b, "hazard.lookback_record", { quarter: b.dataset.quarter, hazard_id: b.dataset.lbOk, result: "ok" }));
  for (const b of panel.querySelectorAll("[data-lb-recurred]"))
    b.addEventListener("click", () => recurredDialog(b.dataset.quarter, b.dataset.lbRecurred));
  panel.querySelector("#gov-lb-draw")?.addEventListener("click", () => drawDialog());
  bindScreening(panel);
  panel.querySelector("#gov-ex-publish")?.addEventListener("click", (ev) => publishDialog(Number(ev.currentTarget.dataset.n)));
}

// A one-click step: the button waits for the answer; the pushed event refetches the screen.
async function direct(button, op, body) {
  const err = button.closest("td")?.querySelector(".gov-error");
  button.disabled = true;
  if (err) err.textContent = "";
  const r = await conn.request(op, body);
  if (!r.ok) { button.disabled = false; if (err) err.textContent = errText(r); }
}

const submit = (el, button, op, body) => submitDialog(el, op, body);
const buttons = dialogButtons;

function drawDialog() {
  const q = previousQuarter();
  dialog(html`<h2>${t("gov.lb.draw_title")}</h2>
    <p>${t("gov.lb.quarter")}${en() ? ": " : "："}<b>${quarterText(q)}</b></p>
    <label><span>${t("gov.lb.rate")}</span><input name="rate" inputmode="numeric" value="10"></label>
    <p class="muted">${t("gov.lb.rule")}</p>${buttons("gov.lb.draw")}`, (el) => {
    el.querySelector("#dlg-ok").addEventListener("click", (ev) => {
      const raw = el.querySelector("[name=rate]").value.trim();
      const rate = Number(raw);
      if (!/^\d+$/.test(raw) || rate < 1 || rate > 100) { el.querySelector("#dlg-error").textContent = t("gov.lb.rate_bad"); return; }
      submit(el, ev.currentTarget, "hazard.lookback_draw", { quarter: q, rate_percent: rate });
    });
  });
}

function recurredDialog(quarter, hazardId) {
  dialog(html`<h2>${t("gov.lb.recurred_title")}</h2>
    <label><span>${t("gov.lb.recurred_note")}</span><textarea name="note" rows="3" maxlength="500"></textarea></label>
    <p class="muted">${t("gov.lb.recurred_conseq")}</p>${buttons("gov.lb.mark_recurred")}`, (el) => {
    el.querySelector("#dlg-ok").addEventListener("click", (ev) => {
      const note = el.querySelector("[name=note]").value.trim();
      if (!note) { el.querySelector("#dlg-error").textContent = t("gov.lb.note_needed"); return; }
      submit(el, ev.currentTarget, "hazard.lookback_record", { quarter, hazard_id: hazardId, result: "recurred", note });
    });
  });
}

// The week's board goes out: the consequence (the dishonesty list) is said before the click.
function publishDialog(weekly) {
  dialog(html`<h2>${t("gov.ex.publish")}</h2><p>${t("gov.ex.publish_conseq", { n: weekly })}</p>${buttons("gov.ex.publish")}`, (el) => {
    el.querySelector("#dlg-ok").addEventListener("click", (ev) => submit(el, ev.currentTarget, "hazard.exposure_publish", {}));
  });
}
