// Tasking: teams to order (from the map, the team list or an incident), and every order with its
// delivery state per recipient, live: queued / sent via which channel / delivered / read / failed,
// with times, and a tally for messages to several recipients.
import { conn } from "./session.js";
import { hasText, language, localTime, t } from "./i18n.js";
import { can, loadDeliveries, serverNow, state, teamName } from "./state.js";
import { closeDialog, dialog, errText, html, setHtml, uuid7 } from "./ui.js";
import { csv, deliveryReason, download, fullTime } from "./journaltext.js";
import { submitDialog } from "./dialog_form.js";
import { addressName } from "./compose.js";
import { overdue } from "./deadlines.js";

// Whom this desk may order. A department tasks only its own teams (scope.json; the server refuses
// the rest anyway), so the city's order buttons are not on its desk.
export const mayOrder = (tm) => can("task.assign") && (state.user?.role !== "department" || tm?.unit_id === state.user?.unit_id);
export const orderableTeams = () => [...state.teams.values()].filter(mayOrder).sort((a, b) => a.id.localeCompare(b.id));

// Whether an order is late is the server's: its `order.receipt` deadline (schema/bus.md §2), missed
// until a receipt, the team's answer or a cancellation settles it, so every desk counts the same.
export const lateOrders = () => [...state.deadlines.values()].filter((dl) => dl.kind === "order.receipt" && overdue(dl));
// The missed receipt deadline of a delivery still waiting, if any.
const lateReceipt = (d) => d.kind === "order" && ["queued", "sent"].includes(d.state)
  ? lateOrders().find((dl) => dl.subject === d.correlation_id) : undefined;

const stamps = ["sent", "delivered", "read", "failed"];
function deliveryCell(d) {
  const late = lateReceipt(d);  // its limit in minutes: from the order's queueing to the deadline
  return html`<div class="delivery${late ? " late" : ""}">${late ? html`<div class="late-alarm"><b>${t("order.late", { p: t("precedence." + d.precedence), m: Math.round((late.due_at - d.queued_at) / 60e3) })}</b>
      ${can("task.reroute") && d.correlation_id ? html`<button class="small" data-reroute="${d.correlation_id}">${t("order.next_link")}</button>` : ""}
      ${can("task.update_status") && d.correlation_id ? html`<button class="small" data-phone-confirm="${d.correlation_id}">${t("order.phone_confirm")}</button>` : ""}
      <span class="error" data-reroute-error></span></div>` : ""}
    <span class="st-${d.state}">${t("state." + d.state)}</span>
    ${d.channel ? html`<span class="chan">${t("chan." + d.channel)}</span>` : ""}
    ${d.answer ? html`<span class="muted">${t("answer." + d.answer)}</span>` : ""}
    ${d.receipt_channel && d.receipt_channel !== d.channel && hasText("chan." + d.receipt_channel) ? html`<span class="muted">${t("receipt.via", { c: t("chan." + d.receipt_channel) })}</span>` : ""}
    <div class="muted stamps">${stamps.filter((s) => d[`${s}_at`]).map((s) => `${t("state." + s)} ${localTime(d[`${s}_at`])}`).join(" · ")}${d.reason && ["failed", "expired"].includes(d.state) ? ` · ${deliveryReason(d.reason)}` : ""}</div></div>`;
}
export function tally(ds) {
  const n = ds.length, count = (...s) => ds.filter((d) => s.includes(d.state)).length;
  return t("tally", { d: count("delivered", "read"), n, r: count("read"), f: count("failed", "expired") });
}

// The incident an order was given for, by its number and title (the desk reads orders by incident).
const incidentOf = (k) => {
  const i = k.incident_id ? state.incidents.get(k.incident_id) : null;
  return i ? html`<div class="muted" data-order-incident>${i.number} ${i.title}</div>` : "";
};

export function renderOrders(panel) {
  const tasks = [...state.tasks.values()].sort((a, b) => b.created_at - a.created_at);
  const byTask = new Map();
  for (const d of state.deliveries.values()) if (d.correlation_id) (byTask.get(d.correlation_id) ?? byTask.set(d.correlation_id, []).get(d.correlation_id)).push(d);
  setHtml(panel, tasks.length ? html`<table class="orders"><thead><tr><th>${t("order.team")}</th><th>${t("order.what")}</th><th>${t("order.task")}</th><th>${t("order.state")}</th><th></th></tr></thead><tbody>
    ${tasks.map((k) => {
      const ds = byTask.get(k.id) ?? [];
      return html`<tr data-task="${k.id}"><td>${teamName(state.teams.get(k.team_id), language()) || k.team_id}<div class="muted">${localTime(k.created_at)}</div></td>
        <td>${t("what." + k.what)}${incidentOf(k)}<div class="muted">${k.note}</div></td>
        <td class="st-${k.status}">${t("task." + k.status)}${k.reason ? html`<div class="muted">${k.reason}</div>` : ""}</td>
        <td>${ds.length > 1 ? html`<div class="tally">${tally(ds)}</div>` : ""}${ds.length ? ds.map(deliveryCell) : html`<span class="muted">${t("state.pending")}</span>`}
          ${ds.length && can("bus.deliveries") ? html`<div class="receipts-csv"><button class="small ghost" data-receipts-csv="${k.id}" title="${t("order.receipts_csv_title")}">${t("order.receipts_csv")}</button><span class="error" data-receipts-error></span></div>` : ""}</td>
        <td class="actions">${closed.has(k.status) ? "" : html`${can("task.cancel") ? html`<button class="small ghost" data-cancel-task="${k.id}">${t("order.cancel_task")}</button>` : ""}
          ${can("task.update_status") && !teamRole() ? html`<button class="small ghost" data-phoned="${k.id}">${t("order.phoned")}</button>` : ""}`}</td></tr>`;
    })}</tbody></table>` : html`<p class="muted">${t("order.none")}</p>`);
  for (const b of panel.querySelectorAll("[data-cancel-task]")) b.addEventListener("click", () => cancelDialog(b.dataset.cancelTask));
  for (const b of panel.querySelectorAll("[data-phoned]")) b.addEventListener("click", () => phonedDialog(b.dataset.phoned));
  for (const b of panel.querySelectorAll("[data-phone-confirm]")) b.addEventListener("click", () => phonedDialog(b.dataset.phoneConfirm, "acknowledged"));
  for (const b of panel.querySelectorAll("[data-receipts-csv]")) b.addEventListener("click", () => exportReceipts(b.dataset.receiptsCsv, b));
  // Over the next link of the team's ladder now (the one it is on is given up for this order).
  for (const b of panel.querySelectorAll("[data-reroute]")) b.addEventListener("click", async () => {
    b.disabled = true;
    const r = await conn.request("task.reroute", { id: b.dataset.reroute });
    b.disabled = false;
    const out = b.parentElement.querySelector("[data-reroute-error]");
    if (!r.ok) out.textContent = errText(r);
    else if (r.result.state !== "sent") out.textContent = t("order.next_link_none");
    else out.textContent = "";
  });
}

// An order's receipts as CSV, as the server has them at the click (bus.deliveries, not what this
// desk last heard): one row per recipient by name and message (the order; after a cancellation
// also the task notice that told the team), its state, the link it went over and the one its
// receipt came back on, the team's answer, and when it was sent, delivered and acknowledged (read),
// in China Standard Time. Headers in the console's language; csv() makes formula-like cells text.
const named = (prefix, v) => (!v ? "" : hasText(prefix + v) ? t(prefix + v) : String(v));  // a value we have no word for, as sent
const receiptsCsv = (rows) => csv([[t("rc.csv.recipient"), t("rc.csv.message"), t("order.state"), t("order.channel"), t("rc.csv.receipt_channel"),
  t("rc.csv.answer"), t("rc.csv.sent"), t("rc.csv.delivered"), t("rc.csv.read")],
  ...rows.map((d) => [addressName(d.recipient), named("msgkind.", d.kind), named("state.", d.state), named("chan.", d.channel), named("chan.", d.receipt_channel),
    named("answer.", d.answer), fullTime(d.sent_at), fullTime(d.delivered_at), fullTime(d.read_at)])]);
async function exportReceipts(taskId, button) {
  const k = state.tasks.get(taskId);
  if (!k) return;
  const out = button.parentElement.querySelector("[data-receipts-error]");
  button.disabled = true;
  const r = await conn.request("bus.deliveries", { correlation_id: taskId });
  button.disabled = false;
  if (!r.ok) { out.textContent = errText(r); return; }
  out.textContent = "";
  const stamp = fullTime(serverNow()).replace(/[^\d]/g, "").slice(0, 12);
  const team = (teamName(state.teams.get(k.team_id), language()) || t("notice.a_team")).replace(/[\\/:*?"<>|]/g, "_");
  download(`${t("rc.csv.file")}-${team}-${stamp}.csv`, receiptsCsv(r.result.deliveries));
}

const closed = new Set(["done", "failed", "cancelled"]);
const teamRole = () => ["team_lead", "team_member"].includes(state.user?.role);
const taskTitle = (k) => `${teamName(state.teams.get(k.team_id), language()) || t("notice.a_team")} · ${t("what." + k.what)}`;

// Cancelling an order: the reason is required; the team is told over the bus (task notice).
function cancelDialog(taskId) {
  const k = state.tasks.get(taskId);
  if (!k) return;
  dialog(html`<h2>${t("order.cancel_task")} · ${taskTitle(k)}</h2>
    <label><span>${t("order.cancel_reason")}</span><textarea name="reason" rows="2"></textarea></label>
    <p class="error" id="dlg-error"></p>
    <div class="row"><button id="dlg-ok" class="danger">${t("order.cancel_task")}</button><button class="ghost" data-close>${t("dialog.close")}</button></div>`, (el) => {
    el.querySelector("#dlg-ok").addEventListener("click", async () => {
      const reason = el.querySelector("[name=reason]").value.trim();
      if (!reason) { el.querySelector("#dlg-error").textContent = t("order.reason_needed"); return; }
      submitDialog(el, "task.cancel", { id: taskId, reason });  // its button waits for the answer: one click, one cancel
    });
  });
}

// A status the team phoned in (their handheld has no link): recorded for them, marked as by phone.
const phoneable = ["acknowledged", "en_route", "on_scene", "returning", "done", "failed"];
function phonedDialog(taskId, preset = "") {
  const k = state.tasks.get(taskId);
  if (!k) return;
  dialog(html`<h2>${t("order.phoned")} · ${taskTitle(k)}</h2>
    <label><span>${t("order.task")}</span><select name="status">${phoneable.map((st) => html`<option value="${st}" ${st === preset ? "selected" : ""}>${t("task." + st)}</option>`)}</select></label>
    <label><span>${t("order.phone_note")}</span><textarea name="note" rows="2"></textarea></label>
    <p class="error" id="dlg-error"></p>
    <div class="row"><button id="dlg-ok">${t("order.record")}</button><button class="ghost" data-close>${t("dialog.close")}</button></div>`, (el) => {
    el.querySelector("#dlg-ok").addEventListener("click", async () => {
      const status = el.querySelector("[name=status]").value, note = el.querySelector("[name=note]").value.trim();
      if (status === "failed" && !note) { el.querySelector("#dlg-error").textContent = t("order.reason_needed"); return; }
      // Stored as written (it is shown to every desk in either language): marked in both.
      submitDialog(el, "task.update_status", { id: taskId, status, reason: `电话报告 (by phone)${note ? ": " + note : ""}` });
    });
  });
}

// An order to one team (teamId) or, from an incident, to a group of teams chosen in the dialog
// (one task per team, each with its own receipts).
export function orderDialog(teamId, incidentId = "") {
  const teams = orderableTeams();
  if (!teams.length || (teamId && !mayOrder(state.teams.get(teamId)))) return;
  const incidents = [...state.incidents.values()].filter((i) => i.status !== "closed");
  dialog(html`<h2>${t("order.title")}${teamId ? ` · ${teamName(state.teams.get(teamId), language())}` : ""}</h2>
    ${teamId ? "" : html`<label><span>${t("order.team")}</span><select name="team" multiple size="6">${teams.map((tm) => html`<option value="${tm.id}">${teamName(tm, language())}</option>`)}</select></label>`}
    <label><span>${t("order.what")}</span><select name="what">${state.enums.task_types.map((k) => html`<option value="${k}">${t("what." + k)}</option>`)}</select></label>
    <label><span>${t("order.precedence")}</span><select name="precedence">${["flash", "immediate", "priority", "routine"].map((p) => html`<option value="${p}" ${p === "immediate" ? "selected" : ""}>${t("precedence." + p)}</option>`)}</select></label>
    <label><span>${t("order.incident")}</span><select name="incident"><option value=""></option>${incidents.map((i) => html`<option value="${i.id}" ${i.id === incidentId ? "selected" : ""}>${i.number} ${i.title}</option>`)}</select></label>
    <label><span>${t("order.note")}</span><textarea name="note" rows="2"></textarea></label>
    <div id="dlg-held-back"></div>
    <div id="dlg-results"></div>
    <p class="error" id="dlg-error"></p>
    <div class="row"><button id="dlg-ok">${t("order.send")}</button><button class="ghost" data-close>${t("order.cancel")}</button></div>`, (el) => {
    // One task id per team, chosen when the team is first sent to and kept for retries: a retry
    // after a lost answer names the same task, and the server's `conflict` says it exists already.
    const sent = new Map();  // team id → { id, ok, error }
    const showResults = (ids) => setHtml(el.querySelector("#dlg-results"), ids.length < 2 && ids.every((id) => sent.get(id).ok) ? html``
      : html`<ul class="results">${ids.map((tid) => { const x = sent.get(tid); return html`<li class="${x.ok ? "ok" : "error"}" data-result="${tid}">${teamName(state.teams.get(tid), language()) || t("notice.a_team")}${t("order.colon")}${x.ok ? t("order.sent_ok") : x.error}</li>`; })}</ul>`);
    // Before a rescue goes out: who in the chosen teams failed the comms test and will stay behind
    // (the server names them in the order too; seed-digest §8).
    const rolls = new Map();  // team id → its members (team.get), fetched once per dialog
    const showHeldBack = async () => {
      const what = el.querySelector("[name=what]").value;
      const ids = teamId ? [teamId] : [...el.querySelectorAll("[name=team] option:checked")].map((o) => o.value);
      const box = el.querySelector("#dlg-held-back");
      if (!state.enums.rescue_task_types?.includes(what) || !ids.length || ids.length > 10) return setHtml(box, html``);
      for (const id of ids) if (!rolls.has(id)) { const r = await conn.request("team.get", { id }); rolls.set(id, r.ok ? r.result.members : []); }
      const lines = ids.map((id) => ({ id, names: rolls.get(id).filter((m) => Number(m.on_duty) === 1 && m.comms_test === "failed").map((m) => m.name) }))
        .filter((x) => x.names.length);
      setHtml(box, html`${lines.map((x) => html`<p class="bad-text" data-held-back="${x.id}">${t("order.held_back", {
        team: teamName(state.teams.get(x.id), language()), names: x.names.join(t("map.list_sep")) })}</p>`)}`);
    };
    el.querySelector("[name=what]").addEventListener("change", showHeldBack);
    el.querySelector("[name=team]")?.addEventListener("change", showHeldBack);
    el.querySelector("#dlg-ok").addEventListener("click", async () => {
      const v = (n) => el.querySelector(`[name=${n}]`)?.value;
      const teamIds = teamId ? [teamId] : [...el.querySelectorAll("[name=team] option:checked")].map((o) => o.value);
      if (!teamIds.length) { el.querySelector("#dlg-error").textContent = t("order.pick_team"); return; }
      el.querySelector("#dlg-error").textContent = "";
      const button = el.querySelector("#dlg-ok");
      button.disabled = true;
      for (const id of teamIds) {
        const x = sent.get(id) ?? { id: uuid7(), ok: false, error: "" };
        sent.set(id, x);
        if (x.ok) continue;  // a retry sends only what did not go out
        const body = { id: x.id, team_id: id, what: v("what"), precedence: v("precedence"), note: v("note") };
        if (v("incident")) body.incident_id = v("incident");
        const r = await conn.request("task.assign", body);
        x.ok = r.ok || r.error?.code === "conflict";  // conflict: our own earlier attempt got through
        x.error = x.ok ? "" : errText(r);
      }
      button.disabled = false;
      const failed = teamIds.filter((id) => !sent.get(id).ok).length;
      showResults(teamIds);
      if (failed) {
        el.querySelector("#dlg-error").textContent = t("order.some_failed", { n: failed, total: teamIds.length });
        button.textContent = t("order.retry");
        return;
      }
      closeDialog();
      state.tab = "orders"; state.changed.add("tab");
      for (const id of teamIds) {
        const d = await conn.request("bus.deliveries", { correlation_id: sent.get(id).id });
        if (d.ok) loadDeliveries(d.result.deliveries, sent.get(id).id);
      }
      document.dispatchEvent(new Event("lifeline:render"));
    });
  });
}
