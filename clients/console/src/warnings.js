// 预警: the departments' CAP warnings (schema/cap.md "Warnings in the command") as the duty desk
// follows them: which are in force, their colour, area and townships, what the rules proposed and
// did, the convene deadline and the consultation about each; a CAP file imported by the officer on a
// department's behalf. The list is the server's, refetched (throttled) when a pushed event may have
// changed it; the townships of the warnings in force are coloured on the map.
import { conn } from "./session.js";
import { language, localTime, t } from "./i18n.js";
import { can, serverNow, state, teamName } from "./state.js";
import { $, closeDialog, dialog, errText, html, joinHtml, setHtml } from "./ui.js";
import { levelBadge, typeName } from "./board.js";
import { countdown } from "./deadlines.js";
import { tally } from "./tasking.js";
import { Refetcher } from "./refetch.js";
import { consultationOpenDialog, consultationDialog, consultationStatus } from "./consultations.js";
import { loadUnits } from "./units.js";

const COLOURS = ["red", "orange", "yellow", "blue"];  // highest first
const REFETCH = ["all", "warnings", "approvals", "consultations", "deadlines"];
let filter = "active";
let data = null;   // {userId, filter, warnings[], consultations[]}
let townships = null;  // id → unit row (units.js: once per login)

const lists = new Refetcher(() => load(), (d) => {
  data = d;
  state.changed.add("warnings-data");
  document.dispatchEvent(new Event("lifeline:render"));
}, 1500);

export const warningsVisible = () => can("warning.list");

export function noteWarningChanges(changed) {
  if (!warningsVisible()) return;
  if (REFETCH.some((a) => changed.has(a))) lists.request();
  lists.ensure();
}

async function load() {
  townships = await loadUnits();
  // The map shows the warnings in force whatever the list shows: fetched apart when the list shows only cancelled ones.
  const [w, c, a] = await Promise.all([conn.requestAll("warning.list", { status: filter }, "warnings"),
    can("consultation.list") ? conn.request("consultation.list", {}) : null,
    filter === "cancelled" ? conn.requestAll("warning.list", { status: "active" }, "warnings") : null]);
  return { userId: state.user?.id, filter, warnings: w.ok ? w.result.warnings : [], consultations: c?.ok ? c.result.consultations : [],
    inForce: a ? (a.ok ? a.result.warnings : []) : null };
}

const en = () => language() === "en";
export const unitName = (id) => { const u = townships?.get(id); return u ? (en() && u.name_en ? u.name_en : u.name) : ""; };
// The issuing department: as the CAP message names it (示范市气象局), or by name when it is a unit id.
const departmentName = (w) => unitName(w.department) || w.department;
export const headline = (w) => (en() ? w.headline_en || w.headline_zh : w.headline_zh || w.headline_en) || typeName(w.type);
const colourBadge = (c) => (COLOURS.includes(c) ? html`<span class="badge colour-${c}">${t("colour." + c)}</span>` : html`<span class="badge">${t("colour.none")}</span>`);
const townshipNames = (w) => joinHtml((w.townships ?? []).map((x) => unitName(x.township_id)).filter(Boolean).map((n) => html`<span class="chip">${n}</span>`), " ");
// A warning in words for another screen (a consultation's subject, a deadline).
export const warningTitle = (id) => { const w = data?.warnings.find((x) => x.id === id); return w ? `${t("colour." + (w.colour || "none"))} ${headline(w)}` : ""; };

// Township id → the highest colour of the warnings in force over it (for the map).
export function warningAreas() {
  const out = new Map();
  for (const w of data?.inForce ?? data?.warnings ?? []) {
    if (w.status !== "active" || !COLOURS.includes(w.colour)) continue;
    for (const { township_id: id } of w.townships ?? [])
      if (!out.has(id) || COLOURS.indexOf(w.colour) < COLOURS.indexOf(out.get(id))) out.set(id, w.colour);
  }
  return out;
}

// The consultation about a warning, or what the convene deadline says while there is none.
function convene(w) {
  const c = data.consultations.filter((x) => x.subject === w.id).sort((a, b) => (a.status === "closed") - (b.status === "closed"))[0];
  if (c) return html`<span class="chip">${consultationStatus(c.status)}</span>`;
  const d = [...state.deadlines.values()].find((x) => x.kind === "consultation.convene" && x.subject === w.id);
  if (!d) return "";
  const left = d.due_at - serverNow();
  return html`<span class="${left < 0 ? "overdue" : "countdown"}">${t("warn.convene_in")} ${countdown(left)}</span>`;
}

function responseText(w) {
  if (w.response_level) return html`${levelBadge(w.response_level)} <span class="muted">${t("warn.approved")}</span>`;
  if (w.proposed_level && w.status === "active") return html`${levelBadge(w.proposed_level)} <span class="muted">${t("warn.proposed")}</span>`;
  return "";
}

export function renderWarnings(panel) {
  if (!data || data.userId !== state.user?.id || data.filter !== filter) { setHtml(panel, html`<p class="muted">${t("sup.loading")}</p>`); lists.request(); return; }
  const rows = [...data.warnings].sort((a, b) => (a.status === "active" ? 0 : 1) - (b.status === "active" ? 0 : 1)
    || COLOURS.indexOf(a.colour) - COLOURS.indexOf(b.colour) || b.updated_at - a.updated_at);
  setHtml(panel, html`<div id="warnings">
    <div class="row section-head"><h3>${t("warn.title", { n: rows.length })}</h3>
      <span class="row"><select id="warn-filter">${["active", "cancelled", "all"].map((f) => html`<option value="${f}" ${f === filter ? "selected" : ""}>${t("warn.filter." + f)}</option>`)}</select>
      ${can("warning.import") ? html`<button id="warn-import" class="small">${t("warn.import")}</button>` : ""}</span></div>
    ${rows.length ? html`<table id="warning-list"><thead><tr><th>${t("warn.colour")}</th><th>${t("warn.headline")}</th><th>${t("warn.area")}</th><th>${t("warn.response")}</th><th>${t("warn.consultation")}</th></tr></thead><tbody>
      ${rows.map((w) => html`<tr class="clickable ${w.status === "cancelled" ? "row-cancelled" : ""}" data-warning="${w.id}">
        <td>${colourBadge(w.colour)}<div class="muted">${typeName(w.type)}</div></td>
        <td><b>${headline(w)}</b><div class="muted">${departmentName(w)} · ${localTime(w.updated_at)}${w.status === "cancelled" ? html` · <span class="st-cancelled">${t("warn.cancelled")}</span>` : ""}</div></td>
        <td>${townshipNames(w) || html`<span class="muted">${(w.areas ?? []).join("、")}</span>`}</td>
        <td>${responseText(w)}</td><td>${w.status === "active" ? convene(w) : ""}</td></tr>`)}
      </tbody></table>` : html`<p class="muted" id="no-warnings">${t("warn.none")}</p>`}
    <p class="error" id="warn-error"></p></div>`);
  panel.querySelector("#warn-filter").addEventListener("change", (ev) => { filter = ev.target.value; lists.request(); state.changed.add("tab"); document.dispatchEvent(new Event("lifeline:render")); });
  panel.querySelector("#warn-import")?.addEventListener("click", importDialog);
  for (const tr of panel.querySelectorAll("[data-warning]")) tr.addEventListener("click", () => warningDialog(tr.dataset.warning));
}

const ruleTitle = (x) => (en() ? x.title_en || x.detail?.title_en : x.title_zh || x.detail?.title_zh) || t("warn.a_rule");
const actionText = (a) => t("warn.action." + (["require_consultation", "raise_duty_level", "notify", "propose_level", "notify_area_teams"].includes(a) ? a : "other"));
const changeName = (m) => t("warn.msg." + (["Alert", "Update", "Cancel"].includes(m) ? m : "other"));

function proposalsHtml(proposals, w) {
  if (!proposals.length) return "";
  const mayApprove = (p) => can("warning.approve_level") && (state.user?.role === p.approver || state.user?.role === "commander");
  return html`<h3>${t("warn.proposals")}</h3><ul class="timeline">${proposals.map((p) => html`<li>${levelBadge(p.level)} ${en() ? p.title_en : p.title_zh}
    · ${t("inc.approver")}: ${t("role." + p.approver)} ·
    ${p.status === "approved" ? html`<span class="st-done">${t("warn.approved_by", { who: state.users.get(p.approved_by?.replace(/^user:/, "")) ?? t("role." + p.approver), t: localTime(p.approved_at) })}</span>`
      : p.status === "pending" ? (mayApprove(p) ? html`<button class="small" data-approve="${p.id}">${t("inc.approve")}</button>` : html`<span class="muted">${t("inc.awaiting")}</span>`)
      : html`<span class="muted">${t(w.status === "cancelled" ? "warn.lapsed" : "warn.superseded")}</span>`}</li>`)}</ul>`;
}

function deadlinesHtml(deadlines) {
  if (!deadlines.length) return "";
  return html`<h3>${t("warn.deadlines")}</h3><ul class="timeline">${deadlines.map((d) => html`<li>${en() ? d.title_en : d.title_zh} · ${t("dl.due")} ${localTime(d.due_at)} ·
    ${d.status === "open" ? html`<span class="${d.due_at < serverNow() ? "overdue" : "countdown"}">${countdown(d.due_at - serverNow())}</span>` : html`<span class="st-${d.status === "met" ? "done" : "cancelled"}">${t("dl.status." + d.status)}</span>`}</li>`)}</ul>`;
}

// The teams in the area the rules told (notify_area_teams): one message, its tally and each team's state.
function areaTeamsHtml(fired, deliveries) {
  const told = fired.filter((f) => f.action === "notify_area_teams" && Array.isArray(f.detail?.message_ids)
    && deliveries.some((d) => f.detail.message_ids.includes(d.message_id)));  // rows this desk may read
  if (!told.length) return "";
  return html`<h3>${t("warn.teams_told")}</h3>${told.map((f) => {
    const ds = deliveries.filter((d) => f.detail.message_ids.includes(d.message_id));
    return html`<div class="area-teams"><div class="tally">${en() ? f.detail.message_en : f.detail.message_zh} · ${tally(ds)}</div>
      ${ds.map((d) => { const tm = state.teams.get(String(d.recipient).replace(/^team:/, ""));
        return html`<span class="chip">${tm ? teamName(tm, language()) : t("notice.a_team")} <span class="st-${d.state}">${t("state." + d.state)}</span></span> `; })}</div>`;
  })}`;
}

export async function warningDialog(id) {
  const [r, c, dv] = await Promise.all([conn.request("warning.get", { id }), can("consultation.list") ? conn.request("consultation.list", { subject: id }) : null,
    can("bus.deliveries") ? conn.request("bus.deliveries", { correlation_id: id }) : null]);
  const deliveries = dv?.ok ? dv.result.deliveries : [];
  if (!r.ok) { const e = $("#warn-error"); if (e) e.textContent = errText(r); return; }
  const { warning: w, messages = [], proposals = [], rules_fired: fired = [], deadlines = [] } = r.result;
  const consultations = c?.ok ? c.result.consultations : [];
  // The departments the rules ask to the table (require_consultation), offered when convening.
  const asked = fired.find((f) => f.action === "require_consultation")?.detail?.departments ?? [];
  dialog(html`<div data-warning-dialog><h2>${colourBadge(w.colour)} ${headline(w)}</h2>
    <p>${typeName(w.type)} · ${departmentName(w)} · ${w.status === "active" ? t("warn.active") : t("warn.cancelled")}</p>
    <p class="muted">${t("warn.issued")} ${localTime(w.issued_at)} · ${t("warn.updated")} ${localTime(w.updated_at)}
      ${w.onset ? html` · ${t("warn.onset")} ${localTime(w.onset)}` : ""}${w.expires ? html` · ${t("warn.expires")} ${localTime(w.expires)}` : ""}</p>
    <p>${t("warn.area")}: ${townshipNames(w) || t("warn.no_township")} <span class="muted">${(w.areas ?? []).join("、")}</span></p>
    ${proposalsHtml(proposals, w)}
    ${fired.length ? html`<h3>${t("warn.rules")}</h3><ul class="timeline">${fired.map((f) => html`<li>${localTime(f.at)} ${ruleTitle(f)} · ${actionText(f.action)}</li>`)}</ul>` : ""}
    ${areaTeamsHtml(fired, deliveries)}
    ${deadlinesHtml(deadlines)}
    <h3>${t("warn.consultations")}</h3>
    ${consultations.length ? html`<ul class="timeline">${consultations.map((x) => html`<li class="clickable" data-consultation="${x.id}">${x.title} · ${consultationStatus(x.status)} · ${localTime(x.scheduled_at)}</li>`)}</ul>`
      : html`<p class="muted">${t("warn.no_consultation")}</p>`}
    <h3>${t("warn.messages")}</h3>
    <ul class="timeline">${messages.map((m) => html`<li>${changeName(m.msg_type)} · ${t("warn.sent")} ${localTime(m.sent)} · ${t("warn.received")} ${localTime(m.received_at)}
      ${m.received_by ? html`<span class="muted">${t("warn.by", { who: state.users.get(String(m.received_by).replace(/^user:/, "")) ?? t("notice.a_user") })}</span>` : ""}</li>`)}</ul>
    <p class="error" id="dlg-error"></p>
    <div class="row">${w.status === "active" && can("consultation.open") ? html`<button id="warn-convene">${t("warn.convene")}</button>` : ""}
      ${w.cap_scope === "Public" ? html`<a class="button ghost" href="api/cap/${w.id}.xml" target="_blank" rel="noopener">${t("warn.cap_file")}</a>` : ""}
      <button class="ghost" data-close>${t("dialog.close")}</button></div></div>`, (el) => {
    el.querySelectorAll("[data-approve]").forEach((b) => b.addEventListener("click", async () => {
      b.disabled = true;
      const res = await conn.request("warning.approve_level", { proposal_id: b.dataset.approve });
      if (res.ok) warningDialog(id); else { b.disabled = false; el.querySelector("#dlg-error").textContent = errText(res); }
    }));
    el.querySelectorAll("[data-consultation]").forEach((li) => li.addEventListener("click", () => consultationDialog(li.dataset.consultation)));
    el.querySelector("#warn-convene")?.addEventListener("click", () => consultationOpenDialog({ subject: id, title: `${headline(w)} ${t("warn.meeting")}`, departments: asked }));
  });
}

// A CAP file received by phone, e-mail or a USB stick, imported on the department's behalf: a file
// or pasted text; the server checks it (schema/cap.md) and says what changed.
function importDialog() {
  dialog(html`<h2>${t("warn.import")}</h2>
    <p class="muted">${t("warn.import_help")}</p>
    <label><span>${t("warn.file")}</span><input type="file" id="cap-file" accept=".xml,.cap,application/xml,text/xml,application/cap+xml"></label>
    <label><span>${t("warn.paste")}</span><textarea id="cap-xml" rows="8" spellcheck="false"></textarea></label>
    <p class="error" id="dlg-error"></p><p id="cap-result"></p>
    <div class="row"><button id="dlg-ok">${t("warn.import_go")}</button><button class="ghost" data-close>${t("dialog.close")}</button></div>`, (el) => {
    const error = el.querySelector("#dlg-error");
    el.querySelector("#cap-file").addEventListener("change", async (ev) => {
      const f = ev.target.files?.[0];
      if (!f) return;
      if (f.size > 1 << 20) { error.textContent = t("warn.too_big"); return; }
      el.querySelector("#cap-xml").value = await f.text();
      error.textContent = "";
    });
    el.querySelector("#dlg-ok").addEventListener("click", async () => {
      const xml = el.querySelector("#cap-xml").value.trim();
      if (!xml) { error.textContent = t("warn.empty"); return; }
      const button = el.querySelector("#dlg-ok");
      button.disabled = true;
      const r = await conn.request("warning.import", { xml });
      button.disabled = false;
      if (!r.ok) { error.textContent = errText(r); return; }
      error.textContent = "";
      const res = r.result;
      const towns = (res.townships ?? []).map((x) => unitName(x.township_id)).filter(Boolean).join("、");
      el.querySelector("#cap-result").textContent = res.duplicate ? t("warn.duplicate")
        : t("warn.imported", { change: t("warn.change." + res.change), towns: towns || t("warn.no_township") });
      lists.request();
      button.hidden = true;
      const open = Object.assign(document.createElement("button"), { textContent: t("warn.open"), className: "ghost" });
      open.addEventListener("click", () => { closeDialog(); warningDialog(res.id); });
      el.querySelector(".row").prepend(open);
    });
  });
}
