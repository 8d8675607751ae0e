// The incident board: open incidents by level, create and edit, the timeline, the response level
// with the rule or reason that proposed it, casualties and losses.
import { conn } from "./session.js";
import { localTime, t, language } from "./i18n.js";
import { can, state } from "./state.js";
import { $, dialog, closeDialog, errText, esc } from "./ui.js";
import { orderDialog } from "./tasking.js";

export const typeName = (k) => state.enums?.incident_types?.[k]?.[language() === "zh" ? "zh" : "en"] ?? k;
export const roman = (l) => (l ? ["", "I", "II", "III", "IV"][l] : t("level.none"));
const levelBadge = (l) => `<span class="badge level-${l ?? ""}">${roman(l)}</span>`;

export function renderIncidents(panel) {
  const rows = [...state.incidents.values()].filter((i) => i.status !== "closed")
    .sort((a, b) => (a.level ?? 9) - (b.level ?? 9) || b.created_at - a.created_at);
  panel.innerHTML = `
    ${can("incident.create") ? `<div class="row"><button id="new-incident">${t("inc.new")}</button></div>` : ""}
    ${rows.length ? `<table><thead><tr><th>${t("inc.level")}</th><th>${t("inc.title")}</th><th>${t("inc.status")}</th><th>${t("inc.casualties")}</th></tr></thead><tbody>
      ${rows.map((i) => `<tr data-incident="${esc(i.id)}" class="clickable"><td>${levelBadge(i.level)}</td>
        <td>${esc(i.number)} ${esc(i.title)}<div class="muted">${esc(typeName(i.type))} · ${esc(i.place_name)} · ${localTime(i.created_at)}</div></td>
        <td>${t("status." + i.status)}</td><td>${i.dead}/${i.missing}/${i.injured}</td></tr>`).join("")}</tbody></table>`
      : `<p class="muted">${t("inc.none")}</p>`}`;
  panel.querySelector("#new-incident")?.addEventListener("click", () => incidentForm(null));
  for (const tr of panel.querySelectorAll("[data-incident]")) tr.addEventListener("click", () => incidentDialog(tr.dataset.incident));
}

// Create (incident = null) or edit an incident's facts.
export function incidentForm(incident) {
  const i = incident || { type: "flood", title: "", place_name: "", lat: "", lon: "", dead: 0, missing: 0, injured: 0, losses_yuan: 0 };
  const types = Object.keys(state.enums.incident_types);
  dialog(`<h2>${t(incident ? "inc.edit" : "inc.new")}</h2>
    <label><span>${t("inc.type")}</span><select name="type">${types.map((k) => `<option value="${k}" ${k === i.type ? "selected" : ""}>${esc(typeName(k))}</option>`).join("")}</select></label>
    <label><span>${t("inc.title")}</span><input name="title" value="${esc(i.title)}"></label>
    <label><span>${t("inc.place")}</span><input name="place" value="${esc(i.place_name)}"></label>
    <div class="row"><label><span>${t("inc.lat")}</span><input name="lat" value="${esc(i.lat ?? "")}"></label><label><span>${t("inc.lon")}</span><input name="lon" value="${esc(i.lon ?? "")}"></label></div>
    <div class="row"><label><span>${t("inc.dead")}</span><input name="dead" value="${i.dead}"></label><label><span>${t("inc.missing")}</span><input name="missing" value="${i.missing}"></label>
      <label><span>${t("inc.injured")}</span><input name="injured" value="${i.injured}"></label></div>
    <label><span>${t("inc.losses")}</span><input name="losses" value="${i.losses_yuan}"></label>
    <p class="error" id="dlg-error"></p>
    <div class="row"><button id="dlg-ok">${t("common.save")}</button><button class="ghost" data-close>${t("common.close")}</button></div>`, (el) => {
    el.querySelector("#dlg-ok").addEventListener("click", async () => {
      const v = (n) => el.querySelector(`[name=${n}]`).value.trim();
      const place = { name: v("place") };
      if (v("lat") && v("lon")) Object.assign(place, { lat: Number(v("lat")), lon: Number(v("lon")) });
      const body = { type: v("type"), title: v("title"), place, losses_yuan: Number(v("losses")),
        casualties: { dead: Number(v("dead")), missing: Number(v("missing")), injured: Number(v("injured")) } };
      const r = incident ? await conn.request("incident.update", { id: incident.id, ...body }) : await conn.request("incident.create", body);
      if (r.ok) closeDialog(); else el.querySelector("#dlg-error").textContent = errText(r);
    });
  });
}

// The rule's own title in the console's language.
const ruleTitle = (s) => (language() === "en" ? s.title_en : s.title_zh) ?? "";
// Which rule, on which fact (rules.md: the timeline records both), and who approved.
const ruleText = (s) => (s.rule ? `${t("inc.rule")}: ${esc(s.rule)}${s.matched ? ` · ${t("inc.matched")}: ${esc(s.matched)}` : ""}` : "");
const approvedText = (s) => {
  if (!s.approved_by) return "";
  const who = s.approved_by.startsWith("rule:") ? t("inc.by_rule") : esc(s.approved_by_name ?? s.approved_by);
  return ` · ${t("inc.approved_by")}: ${who}`;
};

// Event kinds on the timeline, in words; the summary's fields follow.
const timelineText = (e) => {
  const s = e.summary || {};
  switch (e.kind) {
    case "incident.level_set": return `${t("ev.level_set")} ${roman(s.level)} — ${ruleText(s)} ${esc(s.reason ?? "")}${approvedText(s)}`;
    case "incident.level_proposed": return `${t("ev.level_proposed")} ${roman(s.level)} — ${esc(ruleTitle(s))} · ${ruleText(s)} · ${t("inc.approver")}: ${esc(t("role." + s.approver))}`;
    case "rule.fired": return `${t("ev.rule_fired")} · ${esc(t("action." + s.action))} — ${esc(ruleTitle(s))} · ${ruleText(s)}`;
    case "incident.status_changed": return `${t("ev.status")} ${t("status." + s.from)} → ${t("status." + s.to)}`;
    case "task.created": return `${t("ev.task")} ${esc(state.teams.get(s.team_id)?.name ?? s.team_id ?? "")} · ${t("what." + s.what)}`;
    case "task.status_changed": return `${t("ev.task_status")} ${t("task." + s.to)}`;
    case "incident.created": return `${t("ev.incident.created")} · ${esc(typeName(s.type))} · ${esc(s.title)}`;
    default: return `${esc(t("ev." + e.kind))} <span class="muted">${Object.entries(s).map(([k, v]) => `${esc(k)}: ${esc(typeof v === "object" ? JSON.stringify(v) : v)}`).join(" · ")}</span>`;
  }
};

// Levels the rules proposed and nobody approved yet; the approver role (or the commander) may apply
// one with a click, the server checks the role again.
function pendingProposals(proposals = []) {
  const open = proposals.filter((p) => p.status === "pending");
  if (!open.length) return "";
  const mayApprove = (p) => can("incident.approve_level") && (state.user?.role === p.approver || state.user?.role === "commander");
  return `<div class="proposals">${open.map((p) => `<p class="proposal">${t("inc.proposed")} ${levelBadge(p.level)} ${ruleText(p)}
    · ${t("inc.approver")}: ${esc(t("role." + p.approver))}
    ${mayApprove(p) ? `<button class="small" data-approve="${esc(p.id)}">${t("inc.approve")}</button>` : `<span class="muted">${t("inc.awaiting")}</span>`}</p>`).join("")}</div>`;
}

export async function incidentDialog(id) {
  const r = await conn.request("incident.get", { id });
  if (!r.ok) return;
  const i = r.result.incident;
  const levelEvent = [...r.result.timeline].reverse().find((e) => e.kind === "incident.level_set");
  const rule = levelEvent?.summary?.rule;
  dialog(`<h2>${esc(i.number)} ${esc(i.title)}</h2>
    <p>${esc(typeName(i.type))} · ${esc(i.place_name)} · ${t("status." + i.status)}</p>
    <p>${t("inc.level")} ${levelBadge(i.level)} ${rule ? `<span class="muted">${t("inc.rule")}: ${esc(rule)}</span>` : ""} ${esc(i.level_reason)}</p>
    <p>${t("inc.casualties")}: ${i.dead}/${i.missing}/${i.injured} · ${t("inc.losses")}: ${Number(i.losses_yuan).toLocaleString()}</p>
    ${can("incident.set_level") ? `<div class="row"><select id="lvl">${[1, 2, 3, 4].map((l) => `<option value="${l}" ${l === i.level ? "selected" : ""}>${roman(l)}</option>`).join("")}</select>
      <input id="lvl-reason" placeholder="${t("inc.reason")}"><button id="lvl-set" class="small">${t("inc.setlevel")}</button></div>` : ""}
    ${can("incident.set_status") ? `<div class="row"><select id="st">${["verified", "responding", "recovery", "closed"].map((s) => `<option value="${s}">${t("status." + s)}</option>`).join("")}</select>
      <button id="st-set" class="small">${t("inc.setstatus")}</button></div>` : ""}
    ${pendingProposals(r.result.proposals)}
    <p class="error" id="dlg-error"></p>
    <h3>${t("inc.timeline")}</h3>
    <ul class="timeline">${r.result.timeline.map((e) => `<li>${localTime(Date.parse(e.at) || e.at)} ${timelineText(e)}</li>`).join("")}</ul>
    <div class="row">${can("incident.update") ? `<button id="inc-edit" class="ghost">${t("inc.edit")}</button>` : ""}
      ${can("task.assign") ? `<button id="inc-order" class="ghost">${t("team.order")}</button>` : ""}
      <button class="ghost" data-close>${t("common.close")}</button></div>`, (el) => {
    const fail = (res) => (el.querySelector("#dlg-error").textContent = errText(res));
    el.querySelector("#lvl-set")?.addEventListener("click", async () => {
      const res = await conn.request("incident.set_level", { id, level: Number(el.querySelector("#lvl").value), reason: el.querySelector("#lvl-reason").value || "-" });
      if (res.ok) incidentDialog(id); else fail(res);
    });
    el.querySelectorAll("[data-approve]").forEach((b) => b.addEventListener("click", async () => {
      const res = await conn.request("incident.approve_level", { proposal_id: b.dataset.approve });
      if (res.ok) incidentDialog(id); else fail(res);
    }));
    el.querySelector("#st-set")?.addEventListener("click", async () => {
      const res = await conn.request("incident.set_status", { id, status: el.querySelector("#st").value });
      if (res.ok) incidentDialog(id); else fail(res);
    });
    el.querySelector("#inc-edit")?.addEventListener("click", () => incidentForm(i));
    el.querySelector("#inc-order")?.addEventListener("click", () => orderDialog(null, id));
  });
}
