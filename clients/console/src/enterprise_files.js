// 企业档案（一企一档）on the Supplies & hazards screen (schema/hazards.md "Enterprise files"): the
// enterprises the desk keeps with this month's self-inspection, the watch list's inspections (at
// least 2 a month) and this quarter's drill filing, open hazards and weeks on the exposure board;
// the dishonesty list (失信名单); a filing recorded from the row and the whole file in a dialog.
// Fetched with the screen (supplies.js) and redrawn when an enterprise.* event is pushed.
import { conn } from "./session.js";
import { dialogButtons, dialogError, submitDialog } from "./dialog_form.js";
import { language, localTime, t } from "./i18n.js";
import { can, serverNow, state } from "./state.js";
import { dialog, errText, html } from "./ui.js";
import { periodText } from "./periods.js";

const SHOWN = 30;  // rows of enterprises; those that still owe something this period first

export async function loadEnterprises(req) {
  const [list, dishonest] = await Promise.all([req("enterprise.list"), req("enterprise.dishonesty_list")]);
  if (!list?.ok) return null;
  return { ...list.result, dishonest: dishonest?.ok ? dishonest.result.entries : [] };
}

const en = () => language() === "en";
// Removal from the list (信用修复) is the city's (the server says so too).
const mayRestore = () => can("enterprise.dishonesty_remove") && (state.user?.role === "admin" || state.user?.unit_id === "city");
const name = (zh, english) => (en() && english ? english : zh);
const CST_MS = 8 * 3600 * 1000;
const today = () => new Date(serverNow() + CST_MS).toISOString().slice(0, 10);
// What the enterprise still owes this period: the month's self-inspection, the watch list's inspections, the quarter's drill.
const owes = (e) => !e.this_period.self_inspected || e.this_period.inspections < e.this_period.inspections_required || !e.this_period.drill_filed;

export function enterprisesHtml(ent) {
  if (!ent) return "";
  const n = ent.totals;
  const head = html`<h3 id="ent-files">${t("ent.title")} <span class="muted">${t("ent.summary", { n: n.enterprises, s: n.self_inspected,
    w: n.watch_list, wi: n.watch_list_inspected, d: n.dishonest })}</span></h3>`;
  if (!ent.enterprises.length) return html`<div id="enterprise-files">${head}<p class="muted">${t("ent.none")}</p>${dishonestHtml(ent.dishonest)}</div>`;
  const rows = [...ent.enterprises].sort((a, b) => owes(b) - owes(a)).slice(0, SHOWN);
  const recording = can("enterprise.record");
  const p = ent.enterprises[0].this_period;
  const done = (ok, text) => html`<span class="chip ${ok ? "st-done" : "st-standby"}">${text}</span>`;
  return html`<div id="enterprise-files">${head}${dishonestHtml(ent.dishonest)}
    <table class="enterprises"><thead><tr><th>${t("ent.name")}</th><th>${t("gov.ex.unit")}</th>
      <th>${t("ent.self", { m: periodText(p.month) })}</th><th>${t("ent.inspections")}</th><th>${t("ent.drill", { q: periodText(p.quarter) })}</th>
      <th>${t("ent.open_hazards")}</th>${recording ? html`<th></th>` : ""}</tr></thead><tbody>
    ${rows.map((e) => html`<tr data-enterprise="${e.id}" data-owes="${owes(e) ? 1 : 0}">
      <td><button class="link" data-ent-file="${e.id}">${name(e.name, e.name_en)}</button>
        <div class="muted">${t("ent.industry." + e.industry)}${e.watch_list ? html` · <span class="chip st-standby">${t("ent.watch")}</span>` : ""}
        ${e.dishonest ? html` · <span class="chip st-failed">${t("ent.dishonest")}</span>` : ""}</div></td>
      <td>${name(e.unit_name, e.unit_name_en)}</td>
      <td>${done(e.this_period.self_inspected, t(e.this_period.self_inspected ? "ent.filed" : "ent.not_filed"))}</td>
      <td>${e.this_period.inspections_required ? done(e.this_period.inspections >= e.this_period.inspections_required,
        t("ent.inspected", { n: e.this_period.inspections, r: e.this_period.inspections_required })) : html`<span class="muted">${t("ent.inspections_none", { n: e.this_period.inspections })}</span>`}</td>
      <td>${done(e.this_period.drill_filed, t(e.this_period.drill_filed ? "ent.filed" : "ent.not_filed"))}</td>
      <td>${e.open_hazards}${e.weeks_exposed ? html`<div class="muted">${t("ent.weeks_exposed", { n: e.weeks_exposed })}</div>` : ""}</td>
      ${recording ? html`<td><button class="small" data-ent-record="${e.id}">${t("ent.record")}</button></td>` : ""}</tr>`)}</tbody></table>
    ${ent.enterprises.length > SHOWN ? html`<p class="muted">${t("ent.more", { n: ent.enterprises.length - SHOWN })}</p>` : ""}</div>`;
}

function dishonestHtml(list) {
  if (!list?.length) return "";
  return html`<div class="dishonest-list"><h4>${t("ent.dishonest_title")}</h4><p class="muted">${t("ent.dishonest_about")}</p>
    <ul>${list.map((d) => html`<li data-dishonest="${d.enterprise_id}"><b>${name(d.name, d.name_en)}</b> · ${name(d.unit_name, d.unit_name_en)}
      <span class="muted">· ${t("ent.listed_at", { t: localTime(d.listed_at), a: periodText(d.weeks[0]), b: periodText(d.weeks[1]) })} · ${d.contact_name} ${d.contact_phone}</span>
      ${mayRestore() ? html` <button class="small ghost" data-ent-restore="${d.enterprise_id}">${t("ent.restore")}</button>` : ""}</li>`)}</ul></div>`;
}

export function bindEnterprises(panel, ent) {
  const byId = new Map((ent?.enterprises ?? []).map((e) => [e.id, e]));
  for (const b of panel.querySelectorAll("[data-ent-record]")) b.addEventListener("click", () => recordDialog(byId.get(b.dataset.entRecord)));
  for (const b of panel.querySelectorAll("[data-ent-file]")) b.addEventListener("click", () => fileDialog(b.dataset.entFile));
  for (const b of panel.querySelectorAll("[data-ent-restore]"))
    b.addEventListener("click", () => restoreDialog((ent?.dishonest ?? []).find((d) => d.enterprise_id === b.dataset.entRestore)));
}

// A self-inspection, an inspection or a drill, on a date not after today.
function recordDialog(e) {
  if (!e) return;
  const kinds = ["self_inspection", "inspection", "drill"];
  dialog(html`<h2>${t("ent.record_title")} · ${name(e.name, e.name_en)}</h2>
    <label><span>${t("ent.kind")}</span><select name="kind">${kinds.map((k) => html`<option value="${k}">${t("ent.kind." + k)}</option>`)}</select></label>
    <label><span>${t("ent.on")}</span><input name="on" type="date" value="${today()}" max="${today()}"></label>
    <label class="ent-found"><span>${t("ent.hazards_found")}</span><input name="found" inputmode="numeric" value="0"></label>
    <label class="ent-people" hidden><span>${t("ent.participants")}</span><input name="people" inputmode="numeric"></label>
    <label><span>${t("ent.note")}</span><textarea name="note" rows="2" maxlength="1000"></textarea></label>
    ${dialogButtons("ent.record")}`, (el) => {
    const kind = el.querySelector("[name=kind]");
    kind.addEventListener("change", () => {
      el.querySelector(".ent-found").hidden = kind.value === "drill";
      el.querySelector(".ent-people").hidden = kind.value !== "drill";
    });
    el.querySelector("#dlg-ok").addEventListener("click", () => {
      const v = (n) => el.querySelector(`[name=${n}]`).value.trim();
      const body = { enterprise_id: e.id, kind: kind.value, on: v("on") };
      const count = (raw, min) => (/^\d+$/.test(raw) && Number(raw) >= min ? Number(raw) : null);
      if (kind.value === "drill") {
        body.participants = count(v("people"), 1);
        if (body.participants === null) return dialogError(el, t("ent.participants_bad"));
      } else {
        body.hazards_found = count(v("found"), 0);
        if (body.hazards_found === null) return dialogError(el, t("ent.found_bad"));
      }
      if (!v("on") || v("on") > today()) return dialogError(el, t("ent.on_bad"));
      if (v("note")) body.note = v("note");
      submitDialog(el, "enterprise.record", body);
    });
  });
}

// 一企一档: the enterprise, its hazards, its filings, its weeks on the board, its dishonesty records.
async function fileDialog(id) {
  const r = await conn.request("enterprise.file", { id });
  if (!r.ok) { dialog(html`<p class="error">${errText(r)}</p><div class="row"><button class="ghost" data-close>${t("common.close")}</button></div>`); return; }
  const { enterprise: e, hazards, filings, exposures } = r.result;
  const filingText = (f) => (f.kind === "drill" ? t("ent.filing_drill", { n: f.participants }) : t("ent.filing_found", { n: f.hazards_found }));
  dialog(html`<h2>${t("ent.file_title")} · ${name(e.name, e.name_en)}</h2>
    <p>${t("ent.industry." + e.industry)} · ${name(e.unit_name, e.unit_name_en)} · ${t("ent.contact")}${en() ? ": " : "："}${e.contact_name} ${e.contact_phone}
      ${e.watch_list ? html` · <span class="chip st-standby">${t("ent.watch")}</span>` : ""}${e.dishonest ? html` · <span class="chip st-failed">${t("ent.dishonest")}</span>` : ""}</p>
    <h4>${t("ent.file_hazards", { n: hazards.length })}</h4>
    ${hazards.length ? html`<ul class="ent-hazards">${hazards.map((h) => html`<li>${h.grade ? html`<span class="badge grade-${h.grade}">${t("grade." + h.grade)}</span> ` : ""}${h.title}
      <span class="muted">· ${t("hz." + h.status)} · ${localTime(h.created_at)}</span></li>`)}</ul>` : html`<p class="muted">${t("ent.file_no_hazards")}</p>`}
    <h4>${t("ent.file_filings", { n: filings.length })}</h4>
    ${filings.length ? html`<table class="ent-filings"><thead><tr><th>${t("ent.on")}</th><th>${t("ent.kind")}</th><th>${t("ent.result")}</th><th>${t("ent.by")}</th></tr></thead><tbody>
      ${filings.map((f) => html`<tr><td>${f.on_date}</td><td>${t("ent.kind." + f.kind)}</td><td>${filingText(f)}${f.note ? html`<div class="muted">${f.note}</div>` : ""}</td>
        <td>${f.filed_by_name || "—"}</td></tr>`)}</tbody></table>` : html`<p class="muted">${t("ent.file_no_filings")}</p>`}
    ${exposures.length ? html`<h4>${t("ent.file_exposures", { n: new Set(exposures.map((x) => x.week)).size })}</h4>
      <ul>${exposures.map((x) => html`<li>${periodText(x.week)} · ${x.title}</li>`)}</ul>` : ""}
    <div class="row"><button class="ghost" data-close>${t("common.close")}</button></div>`);
}

function restoreDialog(d) {
  if (!d) return;
  dialog(html`<h2>${t("ent.restore_title")} · ${name(d.name, d.name_en)}</h2>
    <label><span>${t("ent.restore_note")}</span><textarea name="note" rows="3" maxlength="1000"></textarea></label>
    ${dialogButtons("ent.restore")}`, (el) => {
    el.querySelector("#dlg-ok").addEventListener("click", () => {
      const note = el.querySelector("[name=note]").value.trim();
      if (!note) return dialogError(el, t("ent.restore_note_needed"));
      submitDialog(el, "enterprise.dishonesty_remove", { enterprise_id: d.enterprise_id, note });
    });
  });
}
