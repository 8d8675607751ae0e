// Tasking: teams to order (from the map, the team list or an incident), and every order with its
// delivery state per recipient, live: queued / sent via which channel / delivered / read / failed,
// with times, and a tally for messages to several recipients.
import { conn } from "./session.js";
import { language, localTime, t } from "./i18n.js";
import { can, loadDeliveries, state, teamName } from "./state.js";
import { $, dialog, closeDialog, errText, esc } from "./ui.js";
import { linkSummary } from "./links.js";

export function renderTeams(panel) {
  const rows = [...state.teams.values()].sort((a, b) => a.id.localeCompare(b.id));
  panel.innerHTML = `<table><thead><tr><th>${t("team.name")}</th><th>${t("team.readiness")}</th><th>${t("team.link")}</th><th></th></tr></thead><tbody>
    ${rows.map((tm) => `<tr><td>${esc(teamName(tm, language()))}<div class="muted">${esc(tm.id)} · ${esc(t("kind." + tm.kind))}</div></td>
      <td class="st-${esc(tm.readiness)}">${t("readiness." + tm.readiness)}</td><td>${linkSummary(tm.id)}</td>
      <td>${can("task.assign") ? `<button class="small" data-order="${esc(tm.id)}">${t("team.order")}</button>` : ""}</td></tr>`).join("")}</tbody></table>`;
  for (const b of panel.querySelectorAll("[data-order]")) b.addEventListener("click", () => orderDialog(b.dataset.order));
}

const stamps = ["sent", "delivered", "read", "failed"];
function deliveryCell(d) {
  return `<div class="delivery"><span class="st-${esc(d.state)}">${t("state." + d.state)}</span>
    ${d.channel ? `<span class="chan">${esc(t("chan." + d.channel))}</span>` : ""}
    ${d.answer ? `<span class="muted">${esc(t("answer." + d.answer))}</span>` : ""}
    <div class="muted stamps">${stamps.filter((s) => d[`${s}_at`]).map((s) => `${t("state." + s)} ${localTime(d[`${s}_at`])}`).join(" · ")}${d.reason && ["failed", "expired"].includes(d.state) ? ` · ${esc(d.reason)}` : ""}</div></div>`;
}
export function tally(ds) {
  const n = ds.length, count = (...s) => ds.filter((d) => s.includes(d.state)).length;
  return t("tally", { d: count("delivered", "read"), n, r: count("read"), f: count("failed", "expired") });
}

export function renderOrders(panel) {
  const tasks = [...state.tasks.values()].sort((a, b) => b.created_at - a.created_at);
  const byTask = new Map();
  for (const d of state.deliveries.values()) if (d.correlation_id) (byTask.get(d.correlation_id) ?? byTask.set(d.correlation_id, []).get(d.correlation_id)).push(d);
  panel.innerHTML = tasks.length ? `<table><thead><tr><th>${t("order.team")}</th><th>${t("order.what")}</th><th>${t("order.task")}</th><th>${t("order.state")}</th></tr></thead><tbody>
    ${tasks.map((k) => {
      const ds = byTask.get(k.id) ?? [];
      return `<tr data-task="${esc(k.id)}"><td>${esc(teamName(state.teams.get(k.team_id), language()) || k.team_id)}<div class="muted">${localTime(k.created_at)}</div></td>
        <td>${esc(t("what." + k.what))}<div class="muted">${esc(k.note)}</div></td>
        <td class="st-${esc(k.status)}">${t("task." + k.status)}${k.reason ? `<div class="muted">${esc(k.reason)}</div>` : ""}</td>
        <td>${ds.length > 1 ? `<div class="tally">${tally(ds)}</div>` : ""}${ds.map(deliveryCell).join("") || `<span class="muted">${t("state.pending")}</span>`}</td></tr>`;
    }).join("")}</tbody></table>` : `<p class="muted">${t("order.none")}</p>`;
}

// An order to one team (teamId) or, from an incident, to a group of teams chosen in the dialog
// (one task per team, each with its own receipts).
export function orderDialog(teamId, incidentId = "") {
  if (!can("task.assign")) return;
  const incidents = [...state.incidents.values()].filter((i) => i.status !== "closed");
  const teams = [...state.teams.values()].sort((a, b) => a.id.localeCompare(b.id));
  dialog(`<h2>${t("order.title")}${teamId ? ` · ${esc(teamName(state.teams.get(teamId), language()))}` : ""}</h2>
    ${teamId ? "" : `<label><span>${t("order.team")}</span><select name="team" multiple size="6">${teams.map((tm) => `<option value="${esc(tm.id)}">${esc(teamName(tm, language()))}</option>`).join("")}</select></label>`}
    <label><span>${t("order.what")}</span><select name="what">${state.enums.task_types.map((k) => `<option value="${k}">${esc(t("what." + k))}</option>`).join("")}</select></label>
    <label><span>${t("order.precedence")}</span><select name="precedence">${["flash", "immediate", "priority", "routine"].map((p) => `<option value="${p}" ${p === "immediate" ? "selected" : ""}>${t("precedence." + p)}</option>`).join("")}</select></label>
    <label><span>${t("order.incident")}</span><select name="incident"><option value=""></option>${incidents.map((i) => `<option value="${i.id}" ${i.id === incidentId ? "selected" : ""}>${esc(i.number)} ${esc(i.title)}</option>`).join("")}</select></label>
    <label><span>${t("order.note")}</span><textarea name="note" rows="2"></textarea></label>
    <p class="error" id="dlg-error"></p>
    <div class="row"><button id="dlg-ok">${t("order.send")}</button><button class="ghost" data-close>${t("order.cancel")}</button></div>`, (el) => {
    el.querySelector("#dlg-ok").addEventListener("click", async () => {
      const v = (n) => el.querySelector(`[name=${n}]`)?.value;
      const teamIds = teamId ? [teamId] : [...el.querySelectorAll("[name=team] option:checked")].map((o) => o.value);
      if (!teamIds.length) { el.querySelector("#dlg-error").textContent = t("order.pick_team"); return; }
      const results = [];
      for (const id of teamIds) {
        const body = { team_id: id, what: v("what"), precedence: v("precedence"), note: v("note") };
        if (v("incident")) body.incident_id = v("incident");
        const r = await conn.request("task.assign", body);
        if (!r.ok) { el.querySelector("#dlg-error").textContent = `${state.teams.get(id)?.name ?? id}: ${errText(r)}`; return; }
        results.push(r.result.id);
      }
      closeDialog();
      state.tab = "orders"; state.changed.add("tab");
      for (const id of results) {
        const d = await conn.request("bus.deliveries", { correlation_id: id });
        if (d.ok) loadDeliveries(d.result.deliveries, id);
      }
      document.dispatchEvent(new Event("lifeline:render"));
    });
  });
}
