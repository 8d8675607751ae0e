// Composing a notice or a broadcast (bus.send, kind text) to teams, groups, roles and departments, and the
// list of what this desk sent with a live tally per message (delivered / read of how many people
// and teams it reached). The message id is chosen here once, so sending again after a lost answer
// is the same message (the server answers `duplicate`), never a second one.
import { conn } from "./session.js";
import { language, localTime, t } from "./i18n.js";
import { loadDeliveries, serverNow, state, teamName } from "./state.js";
import { tally } from "./tasking.js";
import { closeDialog, dialog, errText, html, uuid7 } from "./ui.js";
import { loadUnits } from "./units.js";

const roles = ["duty_officer", "duty_leader", "commander", "team_lead"];
const precedences = ["flash", "immediate", "priority", "routine"];
const str = (v) => (typeof v === "string" ? v : "");

export const canCompose = () => !!state.roles?.ops?.["bus.send"]?.includes(state.user?.role) && !["team_lead", "team_member"].includes(state.user?.role);

// Departments (the partner bureaus' units), asked for once per session.
async function departments() {
  if (!state.departments) state.departments = [...(await loadUnits()).values()].filter((u) => u.kind === "department");
  return state.departments;
}

const unitName = (u) => (language() === "en" && u.name_en) || u.name;

// The groups this desk may address (group.list: every member in its scope), by title; asked
// each time the dialog opens (a group may have changed), kept for naming what was sent.
async function groups() {
  const r = await conn.request("group.list");
  if (r.ok) state.groups = r.result.groups;
  return state.groups ?? [];
}
// A group defined without a title (before titles existed) is shown by its name rather than as one
// of several identical "a group" entries.
const groupTitle = (g) => (language() === "en" ? g.title_en || g.title_zh : g.title_zh || g.title_en) || g.name || t("compose.a_group");
const memberCount = (n) => (n === 1 ? t("compose.group_one_member") : t("compose.group_members", { n }));

export async function composeDialog() {
  const depts = await departments();
  const groupList = await groups();
  const teams = [...state.teams.values()].sort((a, b) => a.id.localeCompare(b.id));
  const id = uuid7();  // kept across retries of this one message
  dialog(html`<h2>${t("compose.title")}</h2>
    <label><span>${t("compose.teams")}</span><select name="teams" multiple size="5">${teams.map((tm) => html`<option value="team:${tm.id}">${teamName(tm, language())}</option>`)}</select></label>
    ${groupList.length ? html`<label><span>${t("compose.groups")}</span><select name="groups" multiple size="4">${groupList.map((g) => html`<option value="group:${g.name}">${groupTitle(g)}${memberCount(g.members)}</option>`)}</select></label>` : ""}
    <fieldset class="checks"><legend>${t("compose.roles")}</legend>${roles.map((r) => html`<label class="check"><input type="checkbox" name="to" value="role:${r}"> ${t("role." + r)}</label>`)}</fieldset>
    ${depts.length ? html`<fieldset class="checks"><legend>${t("compose.departments")}</legend>${depts.map((u) => html`<label class="check"><input type="checkbox" name="to" value="dept:${u.id}"> ${unitName(u)}</label>`)}</fieldset>` : ""}
    <label><span>${t("order.precedence")}</span><select name="precedence">${precedences.map((p) => html`<option value="${p}" ${p === "priority" ? "selected" : ""}>${t("precedence." + p)}</option>`)}</select></label>
    <label><span>${t("compose.text")}</span><textarea name="text" rows="3" maxlength="1000"></textarea></label>
    <p class="error" id="dlg-error"></p>
    <div class="row"><button id="dlg-ok">${t("order.send")}</button><button class="ghost" data-close>${t("dialog.close")}</button></div>`, (el) => {
    // A message about the last attempt goes once the user changes something.
    for (const ev of ["input", "change"]) el.addEventListener(ev, () => { el.querySelector("#dlg-error").textContent = ""; });
    el.querySelector("#dlg-ok").addEventListener("click", async () => {
      const to = [...el.querySelectorAll("[name=teams] option:checked"), ...el.querySelectorAll("[name=groups] option:checked"),
        ...el.querySelectorAll("[name=to]:checked")].map((o) => o.value);
      const text = el.querySelector("[name=text]").value.trim();
      const error = el.querySelector("#dlg-error");
      if (!to.length) { error.textContent = t("compose.pick"); return; }
      if (!text) { error.textContent = t("compose.no_text"); return; }
      const precedence = el.querySelector("[name=precedence]").value;
      const button = el.querySelector("#dlg-ok");
      button.disabled = true;
      const r = await conn.request("bus.send", { id, to, kind: "text", precedence, ack: "human", correlation_id: id, body: { text } });
      button.disabled = false;
      if (!r.ok) { error.textContent = errText(r); button.textContent = t("order.retry"); return; }
      state.sent.set(id, { id, to, text, precedence, at: serverNow() });
      if (r.result.deliveries) loadDeliveries(r.result.deliveries.map((d) => ({ ...d, message_id: id })), id);
      closeDialog();
      state.changed.add("notices");
      document.dispatchEvent(new Event("lifeline:render"));
    });
  });
}

// Whom a message went to, as a person reads it (also the receipts CSV of an order, tasking.js).
export function addressName(a) {
  const s = str(a), i = s.indexOf(":"), kind = s.slice(0, i), rest = s.slice(i + 1);
  if (kind === "team") return teamName(state.teams.get(rest), language()) || t("notice.a_team");
  if (kind === "role") return t("role." + rest);
  if (kind === "dept") { const u = (state.departments ?? []).find((d) => d.id === rest); return u ? unitName(u) : t("notice.a_department"); }
  if (kind === "user") return state.users.get(rest) || t("notice.a_user");
  if (kind === "group") { const g = (state.groups ?? []).find((x) => x.name === rest); return g ? groupTitle(g) : t("compose.a_group"); }
  return t("notice.unknown_sender");
}

export function sentList() {
  const rows = [...state.sent.values()].sort((a, b) => b.at - a.at);
  if (!rows.length) return html``;
  return html`<h3>${t("compose.sent")}</h3><div class="notices">${rows.map((m) => {
    const ds = [...state.deliveries.values()].filter((d) => d.message_id === m.id);
    return html`<article class="notice sent edge-${m.precedence}" data-sent="${m.id}"><div class="notice-head"><b class="prec-${m.precedence}">${t("precedence." + m.precedence)}</b>
      <span class="from">${t("compose.to")} ${m.to.map(addressName).join("、")}</span><span class="spacer"></span><span class="muted time">${localTime(m.at)}</span></div>
      <div class="notice-text">${m.text}</div><div class="tally muted">${ds.length ? tally(ds) : t("state.pending")}</div></article>`;
  })}</div>`;
}

// The tallies follow the receipts: refresh a sent message's deliveries when asked.
export async function refreshSent() {
  for (const m of state.sent.values()) {
    const r = await conn.request("bus.deliveries", { message_id: m.id });
    if (r.ok) loadDeliveries(r.result.deliveries, m.id);
  }
}
