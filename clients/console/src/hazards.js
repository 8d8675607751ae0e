// Hazards (隐患排查治理, schema/hazards.md): the list on the Supplies & hazards screen with each
// hazard's legal time limits and the five in place, the 随手拍 triage (citizen reports awaiting
// assignment first, with their 1 h limit), and the next step its state allows, offered only to the
// roles that may call it (roles.json; the server checks role and scope again): 交办 assign, 核查
// verify (with what the grade brings), 整改方案 the five in place, 已整改 rectified, 验收 accept or
// refuse (a major hazard: 县级验收 by its county's desk, then 市级销号 by the city's, each desk told
// what it waits for), 复查重开 reopen, 上报 report a major hazard upward; a new hazard; the detail with who did
// each step and when (hazard.get). The rows are supplies.js's fetch, redrawn when pushes arrive.
import { dialogButtons, dialogError, submitDialog } from "./dialog_form.js";
import { conn } from "./session.js";
import { fromLocalInput, language, localTime, t, toLocalInput } from "./i18n.js";
import { can, serverNow, state } from "./state.js";
import { dialog, errText, html } from "./ui.js";
import { countdown, deadlineLine } from "./deadlines.js";

const OPEN = ["reported", "assigned", "rectifying", "accepting", "accepted"];
const RECENT = 10;  // closed and rejected hazards shown below the open ones
const FIVE = ["target", "measures", "deadline", "funds_yuan", "owner"];  // 五到位: 目标、措施、时间、资金、责任人
const MAX_YUAN = 100000000000;  // the server's bound on funds_yuan
const LABELS = { "hazard.assign": "sup.dl.assign", "hazard.verify": "sup.dl.verify", "hazard.report_up": "sup.dl.report_up",
  "hazard.rectify": "sup.dl.rectify", "hazard.accept": "sup.dl.accept" };
// The deadline each step meets (its limit is shown in the step's dialog).
const STEP_LIMIT = { assign: "hazard.assign", verify: "hazard.verify", plan: "hazard.rectify", rectified: "hazard.rectify",
  accept: "hazard.accept", report_up: "hazard.report_up" };

let view = { hazards: [], deadlines: new Map(), units: null };  // the last drawn rows (supplies.js's fetch)
let filter = "all";  // "all" or "citizen" (随手拍 triage)

const en = () => language() === "en";
const toMs = (v) => (v === null || v === undefined || v === "" ? null : typeof v === "number" ? v : Date.parse(v));
const unitName = (id) => { const u = view.units?.get(id); return u ? (en() && u.name_en ? u.name_en : u.name) : ""; };
const deadlinesOf = (id) => (view.deadlines.get(id) || []).filter((d) => LABELS[d.kind]);
// In the row, one line per kind: the open limit, else the last one decided (the detail has them all).
const rowDeadlines = (id) => {
  const byKind = new Map();
  for (const d of deadlinesOf(id)) {
    const prev = byKind.get(d.kind), live = (x) => x.status === "open" || x.status === "missed";
    if (!prev || (live(d) && !live(prev)) || (live(d) === live(prev) && d.due_at > prev.due_at)) byKind.set(d.kind, d);
  }
  return [...byKind.values()];
};
const openLimit = (id, kind) => deadlinesOf(id).find((d) => d.kind === kind && (d.status === "open" || d.status === "missed"));
const hasFive = (h) => !!h.five_in_place && FIVE.every((f) => h.five_in_place[f] !== undefined && h.five_in_place[f] !== null && h.five_in_place[f] !== "");
const yuan = (n) => t("hz.yuan", { n: Number(n).toLocaleString(en() ? "en" : "zh-CN") });

// Funds as the person typed them: whole yuan, "80000", "80,000" or full-width digits; anything
// else is refused with a sentence saying why (never sent, never read as 0).
export function parseYuan(raw) {
  const s = String(raw ?? "").trim().replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/[,，\s]/g, "");
  if (!s) return { error: t("hz.err.funds_empty") };
  if (/^-\d+(\.\d+)?$/.test(s)) return { error: t("hz.err.funds_negative") };
  if (/^\d+\.\d*[1-9]\d*$/.test(s)) return { error: t("hz.err.funds_fraction") };
  if (!/^\d+(\.0*)?$/.test(s)) return { error: t("hz.err.funds_nan", { v: String(raw).trim() }) };
  const n = Number(s.split(".")[0]);
  if (!Number.isSafeInteger(n) || n > MAX_YUAN) return { error: t("hz.err.funds_large") };
  return { value: n };
}

// Citizen reports awaiting assignment first (the nearest 1 h limit first), then the other open
// hazards, then the latest closed or rejected ones.
function ordered(all) {
  const awaiting = (h) => h.source === "citizen" && h.status === "reported";
  const due = (h) => openLimit(h.id, "hazard.assign")?.due_at ?? Infinity;
  const first = all.filter(awaiting).sort((a, b) => due(a) - due(b));
  const open = all.filter((h) => OPEN.includes(h.status) && !awaiting(h));
  return [...first, ...open, ...all.filter((h) => !OPEN.includes(h.status)).slice(0, RECENT)];
}

// A major hazard closes in two steps, each from its own desk (县级验收、市级销号): the county its
// unit lies in accepts (the city, for a hazard with no county above it), then the city closes out.
function countyOf(unitId) {
  for (let u = view.units?.get(unitId), i = 0; u && i < 16; u = view.units.get(u.parent_id), i++) if (u.kind === "county") return u.id;
  return "city";
}
const isAdmin = () => state.user?.role === "admin";
const countyDesk = (h) => isAdmin() || state.user?.unit_id === countyOf(h.unit_id);
const cityDesk = () => isAdmin() || state.user?.unit_id === "city";
// What a major hazard waits for when this desk may not do the next step itself.
function waitingFor(h) {
  if (h.grade !== "major") return "";
  if (h.status === "accepting" && can("hazard.accept") && !countyDesk(h)) return "hz.wait.county";
  if (h.status === "accepted" && !(can("hazard.close_out") && cityDesk())) return "hz.wait.city";
  return "";
}

// The steps this hazard's state allows and this role may call.
function steps(h) {
  const out = [];
  const add = (op, step) => { if (can(op)) out.push(step); };
  if (h.status === "reported") add("hazard.assign", "assign");
  if (h.status === "assigned") add("hazard.verify", "verify");
  if (h.status === "rectifying") {
    add("hazard.plan", h.five_in_place ? "replan" : "plan");
    if (!(h.grade === "major" && !hasFive(h))) add("hazard.rectified", "rectified");
  }
  if (h.status === "accepting" && h.grade !== "major") add("hazard.accept", "accept");
  if (h.status === "accepting" && h.grade === "major" && countyDesk(h)) add("hazard.accept", "county_accept");
  if (h.status === "accepted" && cityDesk()) add("hazard.close_out", "close_out");
  if (h.status === "closed") add("hazard.reopen", "reopen");
  const reported = deadlinesOf(h.id).some((d) => d.kind === "hazard.report_up" && d.status === "met");
  if (h.grade === "major" && h.status !== "rejected") add("hazard.report_up", reported ? "follow_up" : "report_up");
  return out;
}

export function hazardsHtml(v) {
  view = v;
  const all = v.hazards;
  const citizen = all.filter((h) => h.source === "citizen");
  const awaiting = citizen.filter((h) => h.status === "reported").length;
  const rows = ordered(filter === "citizen" ? citizen : all);
  const head = html`<div class="row section-head"><h3>${t("sup.hazards")}</h3>
    <div class="row hz-tools"><span class="seg" role="group">
      <button class="small ${filter === "all" ? "" : "ghost"}" data-hz-filter="all" aria-pressed="${filter === "all"}">${t("hz.filter.all", { n: all.length })}</button>
      <button class="small ${filter === "citizen" ? "" : "ghost"} ${awaiting ? "hz-awaiting" : ""}" data-hz-filter="citizen" aria-pressed="${filter === "citizen"}">${t("hz.filter.citizen", { n: awaiting })}</button></span>
      ${can("hazard.report") ? html`<button id="hz-new" class="small">${t("hz.new")}</button>` : ""}</div></div>`;
  if (!rows.length) return html`${head}<p class="muted" id="hz-none">${t(filter === "citizen" ? "hz.citizen_none" : "sup.hazards_none")}</p>`;
  return html`${head}<table class="hazards"><thead><tr><th>${t("sup.hazard")}</th><th>${t("sup.state")}</th><th>${t("sup.deadline")}</th><th class="hz-five-h">${t("sup.five")}</th></tr></thead><tbody>
    ${rows.map((h) => {
      const five = h.five_in_place || {};
      const done = FIVE.filter((f) => five[f] !== undefined && five[f] !== null && five[f] !== "").length;
      const needFive = h.grade === "major";
      const awaitingAssign = h.source === "citizen" && h.status === "reported";
      return html`<tr data-hazard="${h.id}" data-status="${h.status}" class="${awaitingAssign ? "hz-triage" : ""}"><td>${h.grade ? html`<span class="badge grade-${h.grade}">${t("grade." + h.grade)}</span> ` : ""}${h.title}
          ${h.source === "citizen" ? html` <span class="citizen">${t("sup.citizen")}</span>` : ""}${h.campaign === "urban_rural_fringe" ? html` <span class="chip muted">${t("hz.fringe_tag")}</span>` : ""}
          <div class="muted">${h.place_name || h.description || ""}${h.unit_id ? ` · ${unitName(h.unit_id)}` : ""} · ${localTime(h.created_at)}</div>
          ${h.suspended ? html`<span class="chip st-failed">${t("sup.suspended")}</span> ` : ""}${h.listed ? html`<span class="chip st-failed">${t(h.listed_reason === "overdue" ? "sup.listed_overdue" : "sup.listed")}</span>` : ""}
          ${h.reopen_count ? html`<span class="chip">${t("sup.reopened", { n: h.reopen_count })}</span>` : ""}</td>
        <td><span class="hz-status">${t("hz." + h.status)}</span>
          <div class="hz-actions">${steps(h).map((s) => html`<button class="small" data-hz-op="${s}" data-id="${h.id}">${t("hz.op." + s)}</button>`)}<button class="small ghost" data-hz-op="detail" data-id="${h.id}">${t("hz.op.detail")}</button></div>
          ${waitingFor(h) ? html`<div class="muted hz-wait">${t(waitingFor(h))}</div>` : ""}
          ${h.status === "rectifying" && needFive && !hasFive(h) && can("hazard.rectified") ? html`<div class="muted hz-hint">${t("hz.rectified.needs_five")}</div>` : ""}
          <div class="error hz-error"></div></td>
        <td><table class="dls">${rowDeadlines(h.id).map((d) => deadlineLine(d, t(LABELS[d.kind])))}</table></td>
        <td class="five ${needFive && done < 5 ? "st-failed" : done === 5 ? "st-done" : ""}" title="${FIVE.filter((f) => !(f in five)).map((f) => t("five." + f)).join("、")}">
          ${needFive || done ? `${done}/5` : html`<span class="muted">—</span>`}</td></tr>`;
    })}</tbody></table>`;
}

export function bindHazards(panel, redraw) {
  for (const b of panel.querySelectorAll("[data-hz-filter]")) b.addEventListener("click", () => { filter = b.dataset.hzFilter; redraw(); });
  panel.querySelector("#hz-new")?.addEventListener("click", () => newDialog());
  for (const b of panel.querySelectorAll("[data-hz-op]")) b.addEventListener("click", () => act(b, b.dataset.hzOp, b.dataset.id));
}

const hazardOf = (id) => view.hazards.find((h) => h.id === id);

function act(button, step, id) {
  const h = hazardOf(id);
  if (!h) return;
  if (step === "detail") return detailDialog(id);
  if (step === "rectified") return direct(button, "hazard.rectified", { id });
  ({ assign: assignDialog, verify: verifyDialog, plan: planDialog, replan: planDialog, accept: acceptDialog, county_accept: acceptDialog,
    close_out: closeOutDialog, reopen: reopenDialog,
    report_up: reportUpDialog, follow_up: reportUpDialog })[step]?.(h);
}

// A step without a form: the button waits for the answer; the pushed event redraws the row.
async function direct(button, op, body) {
  const err = button.closest("td")?.querySelector(".hz-error");
  button.disabled = true;
  if (err) err.textContent = "";
  const r = await conn.request(op, body);
  if (!r.ok) { button.disabled = false; if (err) err.textContent = r.error?.code === "invalid_transition" ? t("hz.err.stale") : errText(r); }
}

// The limit a step meets, as a sentence: due when, and how long is left (or how overdue).
function limitHtml(h, step) {
  const d = openLimit(h.id, STEP_LIMIT[step]);
  if (!d) return "";
  const left = d.due_at - serverNow();
  return html`<p class="hz-limit ${left < 0 ? "st-failed" : "muted"}">${t(LABELS[d.kind])} · ${t("hz.limit", { t: localTime(d.due_at), left: countdown(left) })}</p>`;
}

const head = (h, titleKey) => html`<h2>${t(titleKey)}</h2><p class="hz-subject">${h.grade ? html`<span class="badge grade-${h.grade}">${t("grade." + h.grade)}</span> ` : ""}${h.title}
  ${h.source === "citizen" ? html` <span class="citizen">${t("sup.citizen")}</span>` : ""}${h.campaign === "urban_rural_fringe" ? html` <span class="chip muted">${t("hz.fringe_tag")}</span>` : ""}<span class="muted"> · ${h.place_name || ""}${h.unit_id ? ` · ${unitName(h.unit_id)}` : ""}</span></p>`;
// The server names states by their codes ("reported → assigned"): say it in words.
const explain = (r) => (r.error?.code === "invalid_transition" ? t("hz.err.stale") : errText(r));
const submit = (el, button, op, body) => submitDialog(el, op, body, explain);
const buttons = dialogButtons;
const fail = dialogError;

// Units the caller may assign to: its own unit and those below it (city-level: all), teams aside;
// each named with its parents ("滨海县 · 石塘镇").
function assignableUnits() {
  if (!view.units) return [];
  const units = [...view.units.values()].filter((u) => u.kind !== "team");
  const mine = state.user?.role === "admin" ? "city" : state.user?.unit_id;
  const chain = (u) => { const out = []; for (let x = u, i = 0; x && i < 16; x = view.units.get(x.parent_id), i++) out.unshift(x); return out; };
  const order = { city: 0, county: 1, township: 2, department: 3 };
  return units.filter((u) => chain(u).some((x) => x.id === mine))
    .map((u) => { const c = chain(u), named = c.length > 1 ? c.slice(1) : c;  // the city goes without saying below it
      return { id: u.id, kind: u.kind, label: named.map((x) => (en() && x.name_en ? x.name_en : x.name)).join(" · "),
      key: c.map((x) => x.id).join("/") }; })
    .sort((a, b) => (order[a.kind] ?? 9) - (order[b.kind] ?? 9) || a.key.localeCompare(b.key));
}

function assignDialog(h) {
  const units = assignableUnits();
  dialog(html`${head(h, "hz.assign.title")}${limitHtml(h, "assign")}
    <label><span>${t("hz.assign.unit")}</span><select name="unit"><option value="">${t("hz.assign.pick")}</option>
      ${units.map((u) => html`<option value="${u.id}">${u.label}</option>`)}</select></label>
    <p class="muted">${t("hz.assign.next")}</p>
    ${buttons("hz.op.assign")}`, (el) => {
    el.querySelector("#dlg-ok").addEventListener("click", (ev) => {
      const unit = el.querySelector("[name=unit]").value;
      if (!unit) return fail(el, t("hz.assign.pick"));
      submit(el, ev.currentTarget, "hazard.assign", { id: h.id, unit_id: unit });
    });
  });
}

// What a finding brings, said before it is sent (schema/hazards.md "Limits by grade").
function consequence(h, valid, grade) {
  if (!valid) return t("hz.conseq.invalid");
  if (grade === "general") return t(h.source === "citizen" ? "hz.conseq.general_citizen" : "hz.conseq.general_inspector");
  return t("hz.conseq." + grade);
}

function verifyDialog(h) {
  dialog(html`${head(h, "hz.verify.title")}${limitHtml(h, "verify")}
    <fieldset class="checks hz-finding"><legend>${t("hz.verify.finding")}</legend>
      <label class="check"><input type="radio" name="valid" value="yes" checked> ${t("hz.verify.valid_yes")}</label>
      <label class="check"><input type="radio" name="valid" value="no"> ${t("hz.verify.valid_no")}</label></fieldset>
    <fieldset class="checks hz-grade"><legend>${t("hz.verify.grade")}</legend>
      ${["general", "larger", "major"].map((g) => html`<label class="check"><input type="radio" name="grade" value="${g}" ${g === (h.grade || "general") ? "checked" : ""}> ${t("grade." + g)}</label>`)}</fieldset>
    <p class="note hz-conseq"></p>
    <label><span>${t("hz.verify.note")}</span><textarea name="note" rows="2" maxlength="500"></textarea></label>
    ${buttons("hz.op.verify")}`, (el) => {
    const valid = () => el.querySelector("[name=valid]:checked").value === "yes";
    const grade = () => el.querySelector("[name=grade]:checked")?.value;
    const show = () => {
      el.querySelector(".hz-grade").disabled = !valid();
      el.querySelector(".hz-conseq").textContent = consequence(h, valid(), grade());
      el.querySelector(".hz-conseq").dataset.grade = valid() ? grade() : "invalid";
    };
    for (const i of el.querySelectorAll("input[type=radio]")) i.addEventListener("change", show);
    show();
    el.querySelector("#dlg-ok").addEventListener("click", (ev) => {
      const body = { id: h.id, valid: valid() };
      if (valid()) body.grade = grade();
      const note = el.querySelector("[name=note]").value.trim();
      if (note) body.note = note;
      submit(el, ev.currentTarget, "hazard.verify", body);
    });
  });
}

// 五到位: every field in place; the deadline in Beijing time and later than now; the funds whole yuan.
function planDialog(h) {
  const five = h.five_in_place || {};
  const due = toMs(five.deadline) ?? openLimit(h.id, "hazard.rectify")?.due_at ?? null;
  dialog(html`${head(h, "hz.plan.title")}${limitHtml(h, "plan")}
    <label><span>${t("hz.plan.target")}</span><input name="target" maxlength="2000" value="${five.target ?? ""}"></label>
    <label><span>${t("hz.plan.measures")}</span><textarea name="measures" rows="3" maxlength="2000">${five.measures ?? ""}</textarea></label>
    <div class="row"><label><span>${t("hz.plan.deadline")}</span><input name="deadline" type="datetime-local" value="${due ? toLocalInput(due) : ""}"></label>
      <label><span>${t("hz.plan.funds")}</span><input name="funds" inputmode="numeric" autocomplete="off" value="${five.funds_yuan ?? ""}" placeholder="${t("hz.plan.funds_ph")}"></label></div>
    <label><span>${t("hz.plan.owner")}</span><input name="owner" maxlength="100" value="${five.owner ?? ""}"></label>
    <p class="muted">${t(h.grade === "major" ? "hz.plan.note_major" : "hz.plan.note")}</p>
    ${buttons("hz.plan.save")}`, (el) => {
    el.querySelector("#dlg-ok").addEventListener("click", (ev) => {
      const v = (n) => el.querySelector(`[name=${n}]`).value.trim();
      if (!v("target")) return fail(el, t("hz.err.target"));
      if (!v("measures")) return fail(el, t("hz.err.measures"));
      if (!v("deadline")) return fail(el, t("hz.err.deadline"));
      const deadline = fromLocalInput(v("deadline"));
      if (deadline === null || Number.isNaN(deadline)) return fail(el, t("hz.err.deadline"));
      if (deadline <= serverNow()) return fail(el, t("hz.err.deadline_past", { t: localTime(serverNow()) }));
      const funds = parseYuan(el.querySelector("[name=funds]").value);
      if (funds.error) { el.querySelector("[name=funds]").focus(); return fail(el, funds.error); }
      if (!v("owner")) return fail(el, t("hz.err.owner"));
      submit(el, ev.currentTarget, "hazard.plan", { id: h.id, five_in_place: { target: v("target"), measures: v("measures"),
        deadline: new Date(deadline).toISOString(), funds_yuan: funds.value, owner: v("owner") } });
    });
  });
}

// 验收: passed closes it (a larger hazard only on a third-party acceptance); refused sends it back
// to rectification with a new 7-day limit, and the reason is required.
function acceptDialog(h) {
  const major = h.grade === "major";
  dialog(html`${head(h, major ? "hz.county_accept.title" : "hz.accept.title")}${limitHtml(h, "accept")}
    ${h.grade === "larger" ? html`<p class="note">${t("hz.accept.third_needed")}</p>` : ""}
    ${major ? html`<p class="note">${t("hz.county_accept.next")}</p>` : ""}
    <label class="check"><input type="checkbox" name="third_party"> ${t("hz.accept.third_party")}</label>
    <label><span>${t("hz.accept.note")}</span><textarea name="note" rows="2" maxlength="500"></textarea></label>
    <p class="muted">${t("hz.accept.fail_conseq")}</p>
    ${buttons(major ? "hz.county_accept.pass" : "hz.accept.pass", html`<button id="dlg-refuse" class="danger">${t("hz.accept.fail")}</button>`)}`, (el) => {
    const body = (passed) => {
      const b = { id: h.id, passed, third_party: el.querySelector("[name=third_party]").checked };
      const note = el.querySelector("[name=note]").value.trim();
      if (note) b.note = note;
      return b;
    };
    el.querySelector("#dlg-ok").addEventListener("click", (ev) => {
      if (h.grade === "larger" && !el.querySelector("[name=third_party]").checked) return fail(el, t("hz.accept.third_needed"));
      submit(el, ev.currentTarget, "hazard.accept", body(true));
    });
    el.querySelector("#dlg-refuse").addEventListener("click", (ev) => {
      if (!el.querySelector("[name=note]").value.trim()) return fail(el, t("hz.accept.fail_note"));
      submit(el, ev.currentTarget, "hazard.accept", body(false));
    });
  });
}

// 市级销号: the city closes out a major hazard the county accepted.
function closeOutDialog(h) {
  dialog(html`${head(h, "hz.close_out.title")}
    ${h.county_accepted_at ? html`<p class="muted">${t("hz.close_out.accepted_at", { t: localTime(toMs(h.county_accepted_at)) })}</p>` : ""}
    <label><span>${t("hz.close_out.note")}</span><textarea name="note" rows="2" maxlength="500"></textarea></label>
    ${buttons("hz.close_out.submit")}`, (el) => {
    el.querySelector("#dlg-ok").addEventListener("click", (ev) => {
      const note = el.querySelector("[name=note]").value.trim();
      submit(el, ev.currentTarget, "hazard.close_out", note ? { id: h.id, note } : { id: h.id });
    });
  });
}

function reopenDialog(h) {
  dialog(html`${head(h, "hz.reopen.title")}
    <label><span>${t("hz.reopen.reason")}</span><textarea name="reason" rows="3" maxlength="500"></textarea></label>
    <p class="muted">${t("hz.reopen.conseq")}</p>
    ${buttons("hz.op.reopen")}`, (el) => {
    el.querySelector("#dlg-ok").addEventListener("click", (ev) => {
      const reason = el.querySelector("[name=reason]").value.trim();
      if (!reason) return fail(el, t("hz.reopen.reason_needed"));
      submit(el, ev.currentTarget, "hazard.reopen", { id: h.id, reason });
    });
  });
}

// 信息报送 of a major hazard: the first report meets the 1 h limit, later ones are numbered follow-ups.
function reportUpDialog(h) {
  const first = !deadlinesOf(h.id).some((d) => d.kind === "hazard.report_up" && d.status === "met");
  const parent = view.units?.get(h.unit_id)?.parent_id;
  dialog(html`${head(h, first ? "hz.report_up.title" : "hz.report_up.follow_title")}${limitHtml(h, "report_up")}
    <label><span>${t("hz.report_up.text")}</span><textarea name="text" rows="4" maxlength="2000" placeholder="${t("hz.report_up.ph")}"></textarea></label>
    <p class="muted">${t("hz.report_up.to", { u: (parent && unitName(parent)) || unitName("city") || t("hz.report_up.city") })}</p>
    ${buttons(first ? "hz.op.report_up" : "hz.report_up.follow_send")}`, (el) => {
    el.querySelector("#dlg-ok").addEventListener("click", (ev) => {
      const text = el.querySelector("[name=text]").value.trim();
      if (!text) return fail(el, t("hz.report_up.need_text"));
      submit(el, ev.currentTarget, "hazard.report_up", { id: h.id, text });
    });
  });
}

// A hazard found by the caller (an inspector's find). Citizens' 随手拍 come only through the public
// channel (the server refuses source: citizen from a logged-in user), so there is no citizen flag.
function newDialog() {
  const units = assignableUnits();
  dialog(html`<h2>${t("hz.new.title")}</h2>
    <label><span>${t("hz.new.name")}</span><input name="title" maxlength="200"></label>
    <label><span>${t("hz.new.place")}</span><input name="place" maxlength="200"></label>
    <label><span>${t("hz.new.description")}</span><textarea name="description" rows="2" maxlength="2000"></textarea></label>
    <div class="row"><label><span>${t("hz.new.unit")}</span><select name="unit"><option value="">${t("hz.new.unit_none")}</option>
      ${units.map((u) => html`<option value="${u.id}">${u.label}</option>`)}</select></label>
      <label><span>${t("hz.new.grade")}</span><select name="grade"><option value="">${t("hz.new.grade_none")}</option>
      ${["general", "larger", "major"].map((g) => html`<option value="${g}">${t("grade." + g)}</option>`)}</select></label></div>
    <label class="check"><input type="checkbox" name="fringe"> <span>${t("hz.new.fringe")}</span></label>
    <p class="note hz-conseq"></p>
    <p class="muted">${t("hz.new.citizen_note")}</p>
    ${buttons("hz.new.submit")}`, (el) => {
    const grade = el.querySelector("[name=grade]");
    const show = () => { const c = el.querySelector(".hz-conseq"); c.textContent = grade.value ? consequence({ source: "inspector" }, true, grade.value) : ""; c.hidden = !grade.value; };
    grade.addEventListener("change", show);
    show();
    el.querySelector("#dlg-ok").addEventListener("click", (ev) => {
      const v = (n) => el.querySelector(`[name=${n}]`).value.trim();
      if (!v("title")) return fail(el, t("hz.new.need_title"));
      if (!v("place")) return fail(el, t("hz.new.need_place"));
      const body = { title: v("title"), place: { name: v("place") } };
      if (v("description")) body.description = v("description");
      if (v("unit")) body.unit_id = v("unit");
      if (v("grade")) body.grade = v("grade");
      if (el.querySelector("[name=fringe]").checked) body.campaign = "urban_rural_fringe";
      submit(el, ev.currentTarget, "hazard.report", body);
    });
  });
}

// Who did a step: a person by name (user.list, or this desk's own user), the public channel for a
// citizen's report, else the system.
function who(e) {
  if (e.actor === "system") return t(e.kind === "hazard.reported" && e.body?.source === "citizen" ? "hz.who.citizen" : "notice.system");
  const id = String(e.actor || "").replace(/^user:/, "");
  if (id && id === state.user?.id) return state.user.display_name;
  return state.users.get(id) || t("notice.a_user");
}

function fiveText(five) {
  if (!five) return "";
  const colon = en() ? ": " : "：", parts = [];
  const add = (f, v) => { if (v !== undefined && v !== null && v !== "") parts.push(`${t("five." + f)}${colon}${v}`); };
  add("target", five.target ?? five.plan);  // a plan written before the target existed (schema/hazards.md)
  add("measures", five.measures);
  add("deadline", five.deadline === undefined || five.deadline === null ? null : localTime(toMs(five.deadline)));
  add("funds_yuan", five.funds_yuan === undefined || five.funds_yuan === null ? null : yuan(five.funds_yuan));
  add("owner", five.owner);
  return parts.join(en() ? "; " : "；");
}

// One step of the history, in words (never the event's raw body).
function stepText(e) {
  const b = e.body || {};
  const colon = en() ? ": " : "：";
  const note = (x) => (x ? `${colon}${x}` : "");
  switch (e.kind) {
    case "hazard.reported": return t(b.source === "citizen" ? "hz.ev.reported_citizen" : "hz.ev.reported", { p: b.place?.name || "" })
      + (b.grade ? ` · ${t("grade." + b.grade)}` : "") + (b.description && b.description !== b.title ? note(b.description) : "");
    case "hazard.assigned": return t("hz.ev.assigned", { u: unitName(b.unit_id) || t("hz.a_unit") });
    case "hazard.verified": return (b.valid ? t("hz.ev.verified", { g: t("grade." + b.grade) }) : t("hz.ev.rejected")) + note(b.note);
    case "hazard.planned": return t("hz.ev.planned") + note(fiveText(b.five_in_place));
    case "hazard.rectified": return t("hz.ev.rectified");
    case "hazard.accepted": return (b.passed ? t(b.stage === "county" ? "hz.ev.county_accepted" : b.third_party ? "hz.ev.accepted_third" : "hz.ev.accepted")
      : t("hz.ev.refused")) + note(b.note);
    case "hazard.closed_out": return t("hz.ev.closed_out") + note(b.note);
    case "hazard.lookback_checked": return t(b.result === "ok" ? "hz.ev.lookback_ok" : "hz.ev.lookback_recurred") + note(b.note);
    case "hazard.reopened": return t(b.lookback ? "hz.ev.reopened_lookback" : "hz.ev.reopened") + note(b.reason);
    case "hazard.rewarded": return t("hz.ev.rewarded", { n: yuan(b.amount_yuan) });
    case "hazard.reported_up": return t("hz.ev.reported_up", { u: unitName(b.to_unit) || b.to_unit_name || "",
      which: b.number === 1 ? t("inc.first_report") : `${t("inc.follow_up")} ${b.number - 1}` }) + note(b.text);
    case "hazard.listed": return t(b.reason === "overdue" ? "hz.ev.listed_overdue" : "hz.ev.listed");
    default: return t("hz.ev.other");
  }
}

export async function detailDialog(id) {
  const r = await conn.request("hazard.get", { id });
  if (!r.ok) { const err = document.querySelector(`tr[data-hazard="${id}"] .hz-error`); if (err) err.textContent = errText(r); return; }
  const h = r.result;
  const dls = (h.deadlines || []).filter((d) => LABELS[d.kind]).map((d) => ({ ...d, due_at: toMs(d.due_at), met_at: toMs(d.met_at) }));
  const five = h.five_in_place;
  dialog(html`<div class="hz-detail"><h2>${h.grade ? html`<span class="badge grade-${h.grade}">${t("grade." + h.grade)}</span> ` : ""}${h.title}</h2>
    <p>${t(h.source === "citizen" ? "hz.src.citizen" : h.source === "employee" ? "hz.src.employee" : "hz.src.inspector")} · ${h.place_name || ""} · <b class="hz-status">${t("hz." + h.status)}</b>
      ${h.unit_id ? html`<span class="muted"> · ${t("hz.detail.unit")}${en() ? ": " : "："}${unitName(h.unit_id)}</span>` : ""}</p>
    ${h.description && h.description !== h.title ? html`<p class="muted">${h.description}</p>` : ""}
    <p>${h.suspended ? html`<span class="chip st-failed">${t("sup.suspended")}</span> ` : ""}${h.listed ? html`<span class="chip st-failed">${t(h.listed_reason === "overdue" ? "sup.listed_overdue" : "sup.listed")}</span> ` : ""}
      ${h.reopen_count ? html`<span class="chip">${t("sup.reopened", { n: h.reopen_count })}</span> ` : ""}${h.reward_yuan ? html`<span class="chip">${t("hz.detail.reward", { n: yuan(h.reward_yuan) })}</span>` : ""}</p>
    <h3>${t("hz.detail.deadlines")}</h3>
    ${dls.length ? html`<table class="dls hz-dls">${dls.map((d) => html`${deadlineLine(d, t(LABELS[d.kind]))}`)}</table>` : html`<p class="muted">${t("hz.detail.no_deadlines")}</p>`}
    <h3>${t("sup.five")}</h3>
    ${five ? html`<dl class="hz-five">${FIVE.map((f) => html`<dt>${t("five." + f)}</dt><dd>${five[f] === undefined || five[f] === null || five[f] === ""
      ? html`<span class="st-failed">${t("hz.five.missing")}</span>` : f === "deadline" ? localTime(toMs(five[f])) : f === "funds_yuan" ? yuan(five[f]) : five[f]}</dd>`)}</dl>`
      : html`<p class="muted">${t("hz.five.none")}</p>`}
    <h3>${t("hz.detail.history")}</h3>
    <ul class="timeline hz-history">${(h.history || []).map((e) => html`<li data-kind="${e.kind}"><span class="muted">${localTime(toMs(e.at))}</span> <b>${who(e)}</b> ${stepText(e)}</li>`)}</ul>
    <div class="row">${rewardRange(h) ? html`<button id="hz-reward">${t("hz.reward.open")}</button>` : ""}<button class="ghost" data-close>${t("common.close")}</button></div></div>`,
  (el) => el.querySelector("#hz-reward")?.addEventListener("click", () => rewardDialog(h)));
}

// 举报奖励 (seed-digest §4): a verified citizen report RMB 50–500, an employee's report of a major
// hazard RMB 500–1,000, once. Null when this hazard cannot (or can no longer) be rewarded here.
function rewardRange(h) {
  if (!can("hazard.reward") || Number(h.reward_yuan) > 0 || ["reported", "assigned", "rejected"].includes(h.status)) return null;
  if (h.source === "citizen") return { min: 50, max: 500, key: "hz.reward.citizen" };
  if (h.source === "employee" && h.grade === "major") return { min: 500, max: 1000, key: "hz.reward.employee" };
  return null;
}
function rewardDialog(h) {
  const range = rewardRange(h);
  dialog(html`<h2>${t("hz.reward.title")} · ${h.title}</h2>
    <p class="muted">${t(range.key, { min: yuan(range.min), max: yuan(range.max) })}</p>
    <label><span>${t("hz.reward.amount")}</span><input name="amount" type="number" min="${range.min}" max="${range.max}" step="1" value="${range.min}"></label>
    ${dialogButtons("hz.reward.pay")}`, (el) => {
    el.querySelector("#dlg-ok").addEventListener("click", async () => {
      const raw = el.querySelector("[name=amount]").value.trim(), n = Number(raw);
      if (!/^\d+$/.test(raw) || n < range.min || n > range.max) return dialogError(el, t("hz.reward.out_of_range", { min: range.min, max: range.max }));
      const r = await submitDialog(el, "hazard.reward", { id: h.id, amount_yuan: n });
      if (r.ok) detailDialog(h.id);
    });
  });
}
