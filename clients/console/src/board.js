// The incident board: open incidents by level, create and edit, the timeline, the response level
// with the rule or reason that proposed it, casualties and losses.
import { conn } from "./session.js";
import { localTime, sentenceJoin, t, language } from "./i18n.js";
import { can, state } from "./state.js";
import { closeDialog, dialog, errText, html, setHtml } from "./ui.js";
import { orderDialog, orderableTeams } from "./tasking.js";
import { consultationOpenDialog } from "./consultations.js";
import { journalVisible, openJournal, openPrint } from "./journal.js";
import { chartsVisible, incidentCasualties } from "./charts.js";
import { attachPlacePicker } from "./places.js";
import { readFigures } from "./reports.js";

// The statuses an incident may move to from `status` (schema/enums.json), the natural next one
// first: the select offers only those, so it never defaults to a step back (a responding incident
// once showed 已核实 preselected).
const nextStatuses = (status) => state.enums?.incident_transitions?.[status] ?? [];
export const typeName = (k) => state.enums?.incident_types?.[k]?.[language() === "zh" ? "zh" : "en"] ?? k;
export const roman = (l) => (l ? ["", "I", "II", "III", "IV"][l] : t("level.none"));
export const levelBadge = (l) => html`<span class="badge level-${l ?? ""}">${roman(l)}</span>`;

export function renderIncidents(panel) {
  const rows = [...state.incidents.values()].filter((i) => i.status !== "closed")
    .sort((a, b) => (a.level ?? 9) - (b.level ?? 9) || b.created_at - a.created_at);
  setHtml(panel, html`
    ${can("incident.create") ? html`<div class="row"><button id="new-incident">${t("inc.new")}</button></div>` : ""}
    ${rows.length ? html`<table><thead><tr><th>${t("inc.level")}</th><th>${t("inc.title")}</th><th>${t("inc.status")}</th><th>${t("inc.casualties")}</th></tr></thead><tbody>
      ${rows.map((i) => html`<tr data-incident="${i.id}" class="clickable"><td>${levelBadge(i.level)}</td>
        <td>${i.number} ${i.title}<div class="muted">${typeName(i.type)} · ${i.place_name} · ${localTime(i.created_at)}</div></td>
        <td>${t("status." + i.status)}</td><td>${i.dead}/${i.missing}/${i.injured}</td></tr>`)}</tbody></table>`
      : html`<p class="muted">${t("inc.none")}</p>`}`);
  panel.querySelector("#new-incident")?.addEventListener("click", () => incidentForm(null));
  for (const tr of panel.querySelectorAll("[data-incident]")) tr.addEventListener("click", () => incidentDialog(tr.dataset.incident));
}

// Create (incident = null) or edit an incident's facts.
export function incidentForm(incident) {
  const i = incident || { type: "flood", title: "", place_name: "", lat: "", lon: "", dead: 0, missing: 0, injured: 0, losses_yuan: 0 };
  const types = Object.keys(state.enums.incident_types);
  dialog(html`<h2>${t(incident ? "inc.edit" : "inc.new")}</h2>
    <label><span>${t("inc.type")}</span><select name="type">${types.map((k) => html`<option value="${k}" ${k === i.type ? "selected" : ""}>${typeName(k)}</option>`)}</select></label>
    <label><span>${t("inc.title")}</span><input name="title" value="${i.title}"></label>
    <label><span>${t("inc.place")}</span><input name="place" value="${i.place_name}"></label>
    <div class="row"><label><span>${t("inc.lat")}</span><input name="lat" value="${i.lat ?? ""}"></label><label><span>${t("inc.lon")}</span><input name="lon" value="${i.lon ?? ""}"></label></div>
    <div class="row"><label><span>${t("inc.dead")}</span><input name="dead" value="${i.dead}"></label><label><span>${t("inc.missing")}</span><input name="missing" value="${i.missing}"></label>
      <label><span>${t("inc.injured")}</span><input name="injured" value="${i.injured}"></label></div>
    <label><span>${t("inc.losses")}</span><input name="losses" value="${i.losses_yuan}"></label>
    <p class="error" id="dlg-error"></p>
    <div class="row"><button id="dlg-ok">${t("common.save")}</button><button class="ghost" data-close>${t("common.close")}</button></div>`, (el) => {
    // A place picked from the gazetteer brings its coordinates; typing over a picked name takes
    // them away again (the server locates a name by itself when one place fits). Coordinates typed
    // by hand stay.
    const field = (n) => el.querySelector(`[name=${n}]`);
    let picked = false;
    attachPlacePicker(el.querySelector("[name=place]"), (p) => { field("lat").value = p.lat; field("lon").value = p.lon; picked = true; });
    el.querySelector("[name=place]").addEventListener("input", () => { if (picked) { field("lat").value = ""; field("lon").value = ""; picked = false; } });
    el.querySelector("#dlg-ok").addEventListener("click", async () => {
      const v = (n) => el.querySelector(`[name=${n}]`).value.trim();
      const place = { name: v("place") };
      if (v("lat") && v("lon")) Object.assign(place, { lat: Number(v("lat")), lon: Number(v("lon")) });
      // The figures read as the report form reads them (full-width digits, separators); one that
      // is not a whole number is named, and nothing is saved (三 used to be saved as 0).
      const { figures, errors } = readFigures({ dead: v("dead"), missing: v("missing"), injured: v("injured"), losses_yuan: v("losses") });
      for (const [k, n] of [["dead", "dead"], ["missing", "missing"], ["injured", "injured"], ["losses_yuan", "losses"]]) {
        const invalid = errors.some((e) => e[0] === k);
        field(n).classList.toggle("invalid", invalid);
        if (invalid) field(n).setAttribute("aria-invalid", "true"); else field(n).removeAttribute("aria-invalid");
      }
      if (errors.length) { el.querySelector("#dlg-error").textContent = errors.map((e) => e[1]).join(sentenceJoin()); el.querySelector("input.invalid")?.focus(); return; }
      const body = { type: v("type"), title: v("title"), place, losses_yuan: figures.losses_yuan ?? 0,
        casualties: { dead: figures.dead ?? 0, missing: figures.missing ?? 0, injured: figures.injured ?? 0 } };
      const r = incident ? await conn.request("incident.update", { id: incident.id, ...body }) : await conn.request("incident.create", body);
      if (r.ok) closeDialog(); else el.querySelector("#dlg-error").textContent = errText(r);
    });
  });
}

// The rule's own title in the console's language.
const ruleTitle = (s) => (language() === "en" ? s.title_en : s.title_zh) ?? "";
// Which rule, on which fact (rules.md: the timeline records both), and who approved.
// Rule ids are for programs: the dialog fills this from the titles the incident's proposals and
// rule firings carry, and a rule is shown by its title (or not named, only its fact).
let ruleTitles = new Map();
function learnRuleTitles(proposals = [], timeline = []) {
  ruleTitles = new Map();
  for (const x of [...proposals, ...timeline.map((e) => e.summary || {})])
    if (x.rule && (x.title_zh || x.title_en)) ruleTitles.set(x.rule, x);
}
// A level's reason that only repeats its rule's title (in either language) is not said twice.
const sameAsRule = (reason, id) => { const x = ruleTitles.get(id); return !!x && (reason === x.title_zh || reason === x.title_en); };
const ruleName = (id) => { const x = ruleTitles.get(id); return x ? (language() === "en" ? x.title_en : x.title_zh) || "" : ""; };
// The fact the rule matched (the engine writes "dead=12 ≥ 10"), in words.
const matchedText = (m) => String(m).replace(/\b(dead|missing|injured|losses_yuan)=/g, (_, f) => `${t(f === "losses_yuan" ? "inc.losses" : "inc." + f)} `);
const ruleText = (s, named = true) => {
  if (!s.rule) return "";
  const name = named ? ruleName(s.rule) : "";
  // Only a fact match ("dead=12 ≥ 10") adds to the title; the engine's other phrases are English.
  const fact = /=/.test(s.matched ?? "") ? matchedText(s.matched) : "";
  return html`${name ? html`${t("inc.rule")}: ${name}` : ""}${fact ? html`${name ? " · " : ""}${t("inc.matched")}: ${fact}` : ""}`;
};
const approvedText = (s) => {
  if (!s.approved_by) return "";
  const who = String(s.approved_by).startsWith("rule:") ? t("inc.by_rule") : s.approved_by_name ?? t("inc.unknown_person");
  return html` · ${t("inc.approved_by")}: ${who}`;
};

// An incident's facts changed, in words, before → after (死亡 3→11 · 直接损失(元) 0→12,000,000).
// Older timelines hold only the new values.
function changesText(s) {
  const after = s.changes ?? s, before = s.changes ? s.before ?? {} : {};
  const arrow = (b, a) => (b === undefined || b === null || b === a ? `${a}` : `${b}→${a}`);
  const money = (v) => (v === undefined || v === null ? v : Number(v).toLocaleString());
  const parts = [];
  for (const [k, v] of Object.entries(after)) {
    if (k === "casualties")
      for (const f of ["dead", "missing", "injured"]) { if (before.casualties?.[f] !== v[f]) parts.push(`${t("inc." + f)} ${arrow(before.casualties?.[f], v[f])}`); }
    else if (k === "losses_yuan") parts.push(`${t("inc.losses")} ${arrow(money(before.losses_yuan), money(v))}`);
    else if (k === "type") parts.push(`${t("inc.type")} ${arrow(before.type === undefined ? undefined : typeName(before.type), typeName(v))}`);
    else if (k === "place") parts.push(`${t("inc.place")} ${arrow(before.place?.name, v.name)}`);
    else if (k === "title") parts.push(`${t("inc.title")} ${arrow(before.title, v)}`);
    else if (k === "hazmat") parts.push(t(v ? "inc.hazmat_on" : "inc.hazmat_off"));
  }
  return parts.join(" · ");
}

// Event kinds on the timeline, in words; the summary's fields follow.
const timelineText = (e) => {
  const s = e.summary || {};
  switch (e.kind) {
    case "incident.level_set": return html`${t("ev.level_set")} ${roman(s.level)} — ${ruleText(s)} ${sameAsRule(s.reason, s.rule) ? "" : s.reason ?? ""}${approvedText(s)}`;
    case "incident.level_proposed": return html`${t("ev.level_proposed")} ${roman(s.level)} — ${ruleTitle(s)} · ${ruleText(s, false)} · ${t("inc.approver")}: ${t("role." + s.approver)}`;
    // The rule's title says which rule; its id and the engine's English fact add nothing here.
    case "rule.fired": return html`${t("ev.rule_fired")} · ${t("action." + s.action)} — ${ruleTitle(s)}`;
    case "incident.status_changed": return html`${t("ev.status")} ${t("status." + s.from)} → ${t("status." + s.to)}`;
    case "task.created": return html`${t("ev.task")} ${state.teams.get(s.team_id)?.name ?? s.team_id ?? ""} · ${t("what." + s.what)}`;
    case "task.status_changed": return html`${t("ev.task_status")} ${t("task." + s.to)}`;
    case "incident.created": return html`${t("ev.incident.created")} · ${typeName(s.type)} · ${s.title}`;
    case "incident.updated": return html`${t("ev.incident.updated")} · ${changesText(s)}`;
    case "incident.reported_up": {
      const which = s.number === 1 ? t("inc.first_report") : `${t("inc.follow_up")} ${s.number - 1}`;
      return html`${t("ev.incident.reported_up")}${language() === "zh" ? `（${which}）` : ` (${which})`} → ${(language() === "en" && s.to_unit_name_en) || s.to_unit_name || ""} · ${s.text}`;
    }
    default: return html`${t("ev." + e.kind)} <span class="muted">${Object.entries(s).map(([k, v]) => `${k}: ${typeof v === "object" ? JSON.stringify(v) : v}`).join(" · ")}</span>`;
  }
};

// Levels the rules proposed and nobody approved yet; the approver role (or the commander) may apply
// one with a click, the server checks the role again.
function pendingProposals(proposals = []) {
  const open = proposals.filter((p) => p.status === "pending");
  if (!open.length) return "";
  const mayApprove = (p) => can("incident.approve_level") && (state.user?.role === p.approver || state.user?.role === "commander");
  return html`<div class="proposals">${open.map((p) => html`<p class="proposal">${t("inc.proposed")} ${levelBadge(p.level)} ${ruleText(p)}
    · ${t("inc.approver")}: ${t("role." + p.approver)}
    ${mayApprove(p) ? html`<button class="small" data-approve="${p.id}">${t("inc.approve")}</button>` : html`<span class="muted">${t("inc.awaiting")}</span>`}</p>`)}</div>`;
}

// 信息报送: the report upward with its 1 h deadline (met by the first report; follow-ups after).
function reportUpSection(i, deadlines = []) {
  if (i.status === "closed" || !can("incident.report_up")) return "";
  const d = deadlines.find((x) => x.kind === "incident.report_up");
  const status = d?.status === "met" ? t("inc.reported") : t("dl.status." + d?.status);
  const due = d ? html`<span class="muted" data-report-up="${d.status}">${t("inc.report_up_due")} ${localTime(d.due_at)} · ${status}</span>` : "";
  return html`<div class="row report-up"><textarea id="ru-text" rows="2" maxlength="2000" placeholder="${t("inc.report_up_ph")}"></textarea>
    <button id="ru-send" class="small">${d?.status === "met" ? t("inc.follow_up_send") : t("inc.report_up")}</button> ${due}</div>`;
}

export async function incidentDialog(id) {
  const r = await conn.request("incident.get", { id });
  if (!r.ok) return;
  const i = r.result.incident;
  const levelEvent = [...r.result.timeline].reverse().find((e) => e.kind === "incident.level_set");
  // The rule that set the level, by its title (its id is for programs); the proposal holds the title.
  learnRuleTitles(r.result.proposals, r.result.timeline);
  const rule = ruleName(levelEvent?.summary?.rule);
  dialog(html`<h2>${i.number} ${i.title}</h2>
    <p>${typeName(i.type)} · ${i.place_name} · ${t("status." + i.status)}</p>
    <p>${t("inc.level")} ${levelBadge(i.level)} ${rule ? html`<span class="muted">${t("inc.rule")}: ${rule}</span>` : ""} ${sameAsRule(i.level_reason, levelEvent?.summary?.rule) ? "" : i.level_reason}</p>
    <p>${t("inc.casualties")}: ${i.dead}/${i.missing}/${i.injured} · ${t("inc.losses")}: ${Number(i.losses_yuan).toLocaleString()}</p>
    ${chartsVisible() ? html`<div class="chart chart-dialog" id="inc-casualties"></div>` : ""}
    ${can("incident.set_level") ? html`<div class="row"><select id="lvl">${[1, 2, 3, 4].map((l) => html`<option value="${l}" ${l === i.level ? "selected" : ""}>${roman(l)}</option>`)}</select>
      <input id="lvl-reason" placeholder="${t("inc.reason")}"><button id="lvl-set" class="small">${t("inc.setlevel")}</button></div>` : ""}
    ${can("incident.set_status") && nextStatuses(i.status).length ? html`<div class="row"><select id="st">${nextStatuses(i.status).map((s) => html`<option value="${s}">${t("status." + s)}</option>`)}</select>
      <input id="st-reason" maxlength="200" placeholder="${t("inc.status_reason")}"><button id="st-set" class="small">${t("inc.setstatus")}</button></div>` : ""}
    ${pendingProposals(r.result.proposals)}
    ${reportUpSection(i, r.result.deadlines)}
    <p class="error" id="dlg-error"></p>
    <h3>${t("inc.timeline")}</h3>
    <ul class="timeline">${r.result.timeline.map((e) => html`<li>${localTime(Date.parse(e.at) || e.at)} ${timelineText(e)}</li>`)}</ul>
    ${journalVisible() ? html`<div id="inc-field-reports"></div>` : ""}
    <div class="row">${can("incident.update") ? html`<button id="inc-edit" class="ghost">${t("inc.edit")}</button>` : ""}
      ${orderableTeams().length ? html`<button id="inc-order" class="ghost">${t("team.order")}</button>` : ""}
      ${i.status !== "closed" && can("consultation.open") ? html`<button id="inc-convene" class="ghost">${t("cons.new")}</button>` : ""}
      ${journalVisible() ? html`<button id="inc-journal" class="ghost">${t("jr.incident_journal")}</button>` : ""}
      <button id="inc-print" class="ghost">${t("print.button")}</button>
      ${i.lat != null && i.status !== "closed" ? html`<button id="inc-rings" class="ghost">${t("map.rings")}</button>` : ""}
      <button class="ghost" data-close>${t("common.close")}</button></div>`, (el) => {
    const fail = (res) => (el.querySelector("#dlg-error").textContent = errText(res));
    incidentCasualties(el.querySelector("#inc-casualties"), id);
    el.querySelector("#lvl-set")?.addEventListener("click", async () => {
      const res = await conn.request("incident.set_level", { id, level: Number(el.querySelector("#lvl").value), reason: el.querySelector("#lvl-reason").value || "-" });
      if (res.ok) incidentDialog(id); else fail(res);
    });
    el.querySelectorAll("[data-approve]").forEach((b) => b.addEventListener("click", async () => {
      const res = await conn.request("incident.approve_level", { proposal_id: b.dataset.approve });
      if (res.ok) incidentDialog(id); else fail(res);
    }));
    el.querySelector("#st-set")?.addEventListener("click", async () => {
      // Closing settles the incident's open deadlines with this reason (信息报送 and the rest): it is asked for.
      const status = el.querySelector("#st").value, reason = el.querySelector("#st-reason").value.trim();
      if (status === "closed" && !reason) { el.querySelector("#dlg-error").textContent = t("inc.close_needs_reason"); el.querySelector("#st-reason").focus(); return; }
      const res = await conn.request("incident.set_status", reason ? { id, status, reason } : { id, status });
      if (res.ok) incidentDialog(id); else fail(res);
    });
    el.querySelector("#ru-send")?.addEventListener("click", async () => {
      const text = el.querySelector("#ru-text").value.trim();
      if (!text) { el.querySelector("#dlg-error").textContent = t("inc.report_up_ph"); return; }
      const res = await conn.request("incident.report_up", { id, text });
      if (res.ok) incidentDialog(id); else fail(res);
    });
    el.querySelector("#inc-edit")?.addEventListener("click", () => incidentForm(i));
    el.querySelector("#inc-order")?.addEventListener("click", () => orderDialog(null, id));
    el.querySelector("#inc-journal")?.addEventListener("click", () => openJournal(id));
    el.querySelector("#inc-print").addEventListener("click", () => openPrint({ incident: id }));
    // 距离圈 on the map (map.js): the dialog closes so that the map shows them.
    el.querySelector("#inc-rings")?.addEventListener("click", () => {
      closeDialog();
      document.dispatchEvent(new CustomEvent("lifeline:range-rings", { detail: { id, lat: i.lat, lon: i.lon, name: `${i.number} ${i.title}` } }));
    });
    el.querySelector("#inc-convene")?.addEventListener("click", () => consultationOpenDialog({ subject: id, title: `${i.title} ${t("warn.meeting")}` }));
    showFieldReports(el.querySelector("#inc-field-reports"), id);
  });
}

// 现场报告: what the teams reported from the field on this incident's tasks (over IP or a thin
// link; the server correlates a report with its task or incident), newest first, with who and when.
async function showFieldReports(box, incidentId) {
  if (!box) return;
  const r = await conn.request("journal.list", { incident_id: incidentId, kinds: ["message"], limit: 200 });
  if (!r.ok || !box.isConnected) return;
  const reports = r.result.entries.filter((e) => e.summary?.message_kind === "report");
  const text = (s) => (language() === "zh" ? s.text_zh : s.text_en || s.text_zh);
  // The team (from the task the report is on) and the person who sent it.
  const reporter = (e) => {
    const team = language() === "zh" ? e.summary.team_name : e.summary.team_name_en || e.summary.team_name;
    const person = e.actor_name && e.actor_name !== e.summary.team_name ? e.actor_name : "";
    return [team, person].filter(Boolean).join(" · ") || e.summary.from_name || t("inc.unknown_person");
  };
  setHtml(box, html`<h3>${t("inc.field_reports")}</h3>
    ${reports.length ? html`<ul class="timeline field-reports">${reports.map((e) => html`<li>${localTime(Date.parse(e.at))}
      <b>${reporter(e)}</b>
      ${text(e.summary)}</li>`)}</ul>` : html`<p class="muted">${t("inc.no_field_reports")}</p>`}`);
}
