// 会商: joint consultations with the partner departments (schema/consultations.md), convened from a
// warning or an incident: who was invited and came, the minutes, the decisions with their owner
// and deadline tracked to done after the meeting. A department's desk sees only the consultations
// it is invited to and answers for its own attendance and decisions; the server checks every step.
import { conn } from "./session.js";
import { fromLocalInput, language, localTime, t, toLocalInput } from "./i18n.js";
import { can, serverNow, state, teamName } from "./state.js";
import { $, dialog, errText, html, setHtml, uuid7 } from "./ui.js";
import { countdown } from "./deadlines.js";
import { Refetcher } from "./refetch.js";
import { warningTitle } from "./warnings.js";
import { loadUnits } from "./units.js";

const REFETCH = ["all", "consultations", "deadlines"];
const STATUS = ["scheduled", "held", "closed"];
const DECISION_NEXT = { open: ["accepted", "in_progress", "done"], accepted: ["in_progress", "done"], in_progress: ["done"], done: [] };
let data = null;         // {userId, consultations[]}
let departments = null;  // department units (units.js: once per login)
let openId = null;       // the consultation whose dialog is open (redrawn when its events arrive)
const TYPED = ["#cons-minute", "#dec-text", "#dec-owner", "#dec-due", "#cons-summary"];

const lists = new Refetcher(() => load(), (d) => {
  data = d;
  state.changed.add("consultations-data");
  document.dispatchEvent(new Event("lifeline:render"));
  // The open dialog follows other desks, but not while this user is typing in it (focus and an
  // IME composition would be lost); their own step refreshes it anyway.
  const typing = ["INPUT", "TEXTAREA", "SELECT"].includes(document.activeElement?.tagName) && $("#dialog-body")?.contains(document.activeElement);
  if (openId && !typing && !$("#dialog").hidden && $("#dialog-body [data-consultation-dialog]")) consultationDialog(openId, true);
}, 1500);

export const consultationsVisible = () => can("consultation.list");
export const consultationStatus = (s) => t("cons.status." + (STATUS.includes(s) ? s : "scheduled"));

export function noteConsultationChanges(changed) {
  if (!consultationsVisible()) return;
  if (REFETCH.some((a) => changed.has(a))) lists.request();
  lists.ensure();
}

async function load() {
  await departmentUnits();
  const r = await conn.request("consultation.list", {});
  return { userId: state.user?.id, consultations: r.ok ? r.result.consultations : [] };
}

async function departmentUnits() {
  departments = new Map([...(await loadUnits())].filter(([, u]) => u.kind === "department"));
  return departments;
}

const en = () => language() === "en";
const ms = (v) => (v == null ? null : typeof v === "number" ? v : Date.parse(v));
const deptName = (id) => { const u = departments?.get(id); return u ? (en() && u.name_en ? u.name_en : u.name) : t("notice.a_department"); };
const userName = (addr) => state.users.get(String(addr ?? "").replace(/^user:/, "")) ?? t("notice.a_user");
// The subject in words: an incident by number and title, a warning by its headline.
function subjectText(c) {
  const i = state.incidents.get(c.subject);
  if (i) return `${t("cons.incident")} ${i.number} ${i.title}`;
  if (c.subject_kind === "warning") return `${t("cons.warning")} ${warningTitle(c.subject) || t("cons.a_warning")}`;
  return t("cons.an_incident");
}
// A decision's owner in words: a department, a team or a person.
function ownerName(owner) {
  const [kind, ...rest] = String(owner ?? "").split(":"), id = rest.join(":");
  if (kind === "dept") return deptName(id);
  if (kind === "team") { const tm = state.teams.get(id); return tm ? teamName(tm, language()) : t("notice.a_team"); }
  return userName(owner);
}
const mine = (c) => state.user?.role !== "department" || (c.departments ?? []).includes(state.user?.unit_id);

export function renderConsultations(panel) {
  if (!data || data.userId !== state.user?.id) { setHtml(panel, html`<p class="muted">${t("sup.loading")}</p>`); lists.request(); return; }
  const order = (c) => ({ held: 0, scheduled: 1, closed: 2 })[c.status] ?? 3;
  const rows = data.consultations.filter(mine).sort((a, b) => order(a) - order(b) || ms(b.scheduled_at) - ms(a.scheduled_at));
  setHtml(panel, html`<div id="consultations">
    <div class="row section-head"><h3>${t("cons.title", { n: rows.filter((c) => c.status !== "closed").length })}</h3>
      ${can("consultation.open") ? html`<button id="cons-new" class="small">${t("cons.new")}</button>` : ""}</div>
    ${rows.length ? html`<table id="consultation-list"><thead><tr><th>${t("cons.meeting")}</th><th>${t("cons.when")}</th><th>${t("cons.departments")}</th><th>${t("inc.status")}</th></tr></thead><tbody>
      ${rows.map((c) => html`<tr class="clickable" data-consultation="${c.id}"><td><b>${c.title}</b><div class="muted">${subjectText(c)}</div></td>
        <td>${localTime(c.held_at ?? c.scheduled_at)}</td>
        <td>${(c.departments ?? []).map((d) => html`<span class="chip">${deptName(d)}</span> `)}</td>
        <td class="st-${c.status}">${consultationStatus(c.status)}</td></tr>`)}
      </tbody></table>` : html`<p class="muted" id="no-consultations">${t("cons.none")}</p>`}</div>`);
  panel.querySelector("#cons-new")?.addEventListener("click", () => consultationOpenDialog({}));
  for (const tr of panel.querySelectorAll("[data-consultation]")) tr.addEventListener("click", () => consultationDialog(tr.dataset.consultation));
}

// Convening: about a warning or an open incident, with the departments the rules named ticked.
export async function consultationOpenDialog({ subject = null, title = "", departments: asked = [] }) {
  const depts = [...(await departmentUnits()).values()];
  const incidents = [...state.incidents.values()].filter((i) => i.status !== "closed");
  const key = uuid7();  // a retry after a lost answer opens the same consultation
  dialog(html`<h2>${t("cons.new")}</h2>
    ${subject ? "" : html`<label><span>${t("cons.subject")}</span><select name="subject">${incidents.map((i) => html`<option value="${i.id}">${i.number} ${i.title}</option>`)}</select></label>`}
    <label><span>${t("cons.meeting")}</span><input name="title" maxlength="200" value="${title}"></label>
    <fieldset class="checks"><legend>${t("cons.departments")}</legend>${depts.map((u) => html`<label class="check"><input type="checkbox" name="dept" value="${u.id}" ${asked.includes(u.id) ? "checked" : ""}> ${en() && u.name_en ? u.name_en : u.name}</label>`)}</fieldset>
    <div class="row"><label><span>${t("cons.when")}</span><input type="datetime-local" name="at" value="${toLocalInput(serverNow())}"></label>
      <label class="check"><input type="checkbox" name="held" checked> ${t("cons.held_now")}</label></div>
    <p class="error" id="dlg-error"></p>
    <div class="row"><button id="dlg-ok">${t("cons.convene")}</button><button class="ghost" data-close>${t("dialog.close")}</button></div>`, (el) => {
    const error = el.querySelector("#dlg-error");
    if (!subject && !incidents.length) error.textContent = t("cons.no_subject");
    el.querySelector("#dlg-ok").addEventListener("click", async () => {
      const about = subject ?? el.querySelector("[name=subject]")?.value;
      const name = el.querySelector("[name=title]").value.trim();
      const chosen = [...el.querySelectorAll("[name=dept]:checked")].map((x) => x.value);
      const held = el.querySelector("[name=held]").checked;
      const at = held ? serverNow() : fromLocalInput(el.querySelector("[name=at]").value);
      if (!about) { error.textContent = t("cons.no_subject"); return; }
      if (!name) { error.textContent = t("cons.need_title"); return; }
      if (!chosen.length) { error.textContent = t("cons.need_department"); return; }
      if (at === null) { error.textContent = t("cons.need_time"); return; }
      const button = el.querySelector("#dlg-ok");
      button.disabled = true;
      const r = await conn.request("consultation.open", { subject: about, title: name, departments: chosen, scheduled_at: new Date(at).toISOString(), held, client_key: key });
      button.disabled = false;
      if (!r.ok) { error.textContent = errText(r); button.textContent = t("order.retry"); return; }
      lists.request();
      consultationDialog(r.result.id);
    });
  });
}

function participantsHtml(c, centre) {
  return html`<table class="participants"><tbody>${c.participants.map((p) => {
    const own = state.user?.role === "department" && state.user?.unit_id === p.department_id;
    return html`<tr data-participant="${p.department_id}"><td>${en() && p.name_en ? p.name_en : p.name}</td>
      <td class="att-${p.attendance}">${t("cons.att." + (["present", "absent"].includes(p.attendance) ? p.attendance : "invited"))}${p.joined_at ? html` <span class="muted">${localTime(p.joined_at)}</span>` : ""}</td>
      <td class="actions">${c.status !== "closed" && (centre || own) && p.attendance !== "present" ? html`<button class="small" data-join="${p.department_id}">${own ? t("cons.join") : t("cons.mark_present")}</button>` : ""}
        ${c.status !== "closed" && centre && p.attendance === "invited" ? html`<button class="small ghost" data-absent="${p.department_id}">${t("cons.mark_absent")}</button>` : ""}</td></tr>`;
  })}</tbody></table>`;
}

function decisionState(d) {
  if (d.status === "done") return html`<span class="st-done">${t("cons.dstatus.done")}</span> <span class="muted">${localTime(d.done_at)}${d.on_time === false ? ` · ${t("cons.late")}` : ""}</span>`;
  const left = ms(d.due_at) - serverNow();
  return html`<span>${t("cons.dstatus." + d.status)}</span> <span class="${left < 0 ? "overdue" : "countdown"}">${countdown(left)}</span>`;
}

function decisionsHtml(c, mayUpdate) {
  if (!c.decisions.length) return html`<p class="muted">${t("cons.no_decisions")}</p>`;
  return html`<table class="decisions"><thead><tr><th>${t("cons.decision")}</th><th>${t("cons.owner")}</th><th>${t("cons.due")}</th><th>${t("inc.status")}</th></tr></thead><tbody>
    ${c.decisions.map((d) => html`<tr data-decision="${d.id}"><td>${d.text}${d.note ? html`<div class="muted">${d.note}</div>` : ""}</td><td>${ownerName(d.owner)}</td>
      <td>${localTime(d.due_at)}</td><td>${decisionState(d)}
      ${mayUpdate(d) ? html`<div class="row">${DECISION_NEXT[d.status]?.map((s) => html`<button class="small ghost" data-decision-status="${s}" data-decision-id="${d.id}">${t("cons.to." + s)}</button>`)}</div>` : ""}</td></tr>`)}
  </tbody></table>`;
}

// Scheduled (unless it was held then), held, closed, and who convened it.
function whenText(c) {
  const parts = [];
  if (!c.held_at || Math.abs(ms(c.held_at) - ms(c.scheduled_at)) >= 60000) parts.push(`${t("cons.scheduled")} ${localTime(c.scheduled_at)}`);
  if (c.held_at) parts.push(`${t("cons.held_at")} ${localTime(c.held_at)}`);
  if (c.closed_at) parts.push(`${t("cons.closed_at")} ${localTime(c.closed_at)}`);
  parts.push(t("cons.opened_by", { who: c.opened_by_name || userName(c.opened_by) }));
  return parts.join(" · ");
}

export async function consultationDialog(id, refresh = false) {
  await departmentUnits();
  const r = await conn.request("consultation.get", { id });
  if (!r.ok) { if (!refresh) { const e = $("#warn-error") ?? $("#dlg-error"); if (e) e.textContent = errText(r); } return; }
  // A redraw answered after the user closed the dialog (Esc while it was in flight) must not
  // open it again over whatever they turned to next.
  if (refresh && ($("#dialog").hidden || !$(`#dialog-body [data-consultation-dialog="${id}"]`))) return;
  const c = r.result;
  openId = id;
  const role = state.user?.role;
  const centre = ["duty_officer", "duty_leader", "commander", "admin"].includes(role);
  const mayUpdate = (d) => can("consultation.decision_update") && d.status !== "done"
    && (centre || (role === "department" && d.owner === `dept:${state.user?.unit_id}`) || d.owner === `user:${state.user?.id}`);
  // Owners a decision can have: the invited departments, then the teams.
  const owners = [...c.participants.map((p) => [`dept:${p.department_id}`, en() && p.name_en ? p.name_en : p.name]),
    ...[...state.teams.values()].map((tm) => [`team:${tm.id}`, teamName(tm, language())])];
  // A refresh (someone else joined, a decision moved) keeps what this user was typing and where they were.
  const scrollTop = refresh ? $("#dialog-body")?.scrollTop ?? 0 : 0;
  const typed = refresh ? TYPED.map((s) => [s, $(`#dialog-body ${s}`)?.value]) : [];
  dialog(html`<div data-consultation-dialog="${c.id}"><h2>${c.title}</h2>
    <p>${subjectText(c)} · <b class="st-${c.status}">${consultationStatus(c.status)}</b></p>
    <p class="muted">${whenText(c)}</p>
    ${c.summary ? html`<p class="note">${c.summary}</p>` : ""}
    <h3>${t("cons.attendance")}</h3>${participantsHtml(c, centre)}
    <h3>${t("cons.minutes")}</h3>
    ${c.minutes.length ? html`<ul class="timeline">${c.minutes.map((m) => html`<li>${localTime(m.at)} <span class="muted">${m.author_name || userName(m.author)}</span> ${m.text}</li>`)}</ul>` : html`<p class="muted">${t("cons.no_minutes")}</p>`}
    ${c.status === "held" && can("consultation.minutes") ? html`<div class="row"><textarea id="cons-minute" rows="2" maxlength="8000" placeholder="${t("cons.minute_ph")}"></textarea><button id="cons-minute-add" class="small">${t("cons.record")}</button></div>` : ""}
    <h3>${t("cons.decisions")}</h3>${decisionsHtml(c, mayUpdate)}
    ${c.status === "held" && can("consultation.decide") ? html`<div class="decide"><input id="dec-text" maxlength="2000" placeholder="${t("cons.decision_ph")}">
      <div class="row"><select id="dec-owner">${owners.map(([v, n]) => html`<option value="${v}">${n}</option>`)}</select>
      <input type="datetime-local" id="dec-due" value="${toLocalInput(serverNow() + 4 * 3600 * 1000)}">
      <button id="dec-add" class="small">${t("cons.decide")}</button></div></div>` : ""}
    <p class="error" id="dlg-error"></p>
    <div class="row">${c.status === "scheduled" && can("consultation.start") ? html`<button id="cons-start">${t("cons.start")}</button>` : ""}
      ${c.status === "held" && can("consultation.close") ? html`<input id="cons-summary" class="grow" maxlength="2000" placeholder="${t("cons.summary_ph")}"><button id="cons-close">${t("cons.close")}</button>` : ""}
      <button class="ghost" data-close>${t("dialog.close")}</button></div></div>`, (el) => {
    const error = el.querySelector("#dlg-error");
    // `done`: the inputs this step used, emptied once the server took it (what else was typed stays).
    const send = async (button, op, body, done = []) => {
      button.disabled = true;
      const res = await conn.request(op, body);
      button.disabled = false;
      if (!res.ok) { error.textContent = errText(res); return false; }
      for (const s of done) el.querySelector(s).value = "";
      lists.request();
      consultationDialog(id, true);
      return true;
    };
    el.querySelectorAll("[data-join]").forEach((b) => b.addEventListener("click", () =>
      send(b, "consultation.join", role === "department" ? { id } : { id, department: b.dataset.join, attendance: "present" })));
    el.querySelectorAll("[data-absent]").forEach((b) => b.addEventListener("click", () => send(b, "consultation.join", { id, department: b.dataset.absent, attendance: "absent" })));
    el.querySelector("#cons-minute-add")?.addEventListener("click", (ev) => {
      const text = el.querySelector("#cons-minute").value.trim();
      if (!text) { error.textContent = t("cons.need_text"); return; }
      send(ev.target, "consultation.minutes", { id, text }, ["#cons-minute"]);
    });
    el.querySelector("#dec-add")?.addEventListener("click", (ev) => {
      const text = el.querySelector("#dec-text").value.trim(), due = fromLocalInput(el.querySelector("#dec-due").value);
      if (!text) { error.textContent = t("cons.need_text"); return; }
      if (due === null) { error.textContent = t("cons.need_time"); return; }
      if (due <= serverNow()) { error.textContent = t("cons.due_past"); return; }
      send(ev.target, "consultation.decide", { id, text, owner: el.querySelector("#dec-owner").value, due_at: new Date(due).toISOString() }, ["#dec-text"]);
    });
    el.querySelectorAll("[data-decision-status]").forEach((b) => b.addEventListener("click", () =>
      send(b, "consultation.decision_update", { decision_id: b.dataset.decisionId, status: b.dataset.decisionStatus })));
    el.querySelector("#cons-start")?.addEventListener("click", (ev) => send(ev.target, "consultation.start", { id }));
    el.querySelector("#cons-close")?.addEventListener("click", (ev) => {
      const summary = el.querySelector("#cons-summary").value.trim();
      send(ev.target, "consultation.close", summary ? { id, summary } : { id });
    });
    for (const [s, v] of typed) { const input = el.querySelector(s); if (input && v !== undefined) input.value = v; }
    if (scrollTop) $("#dialog-body").scrollTop = scrollTop;
  });
}
