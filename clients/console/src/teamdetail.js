// A team's detail (team.get), from the team list and the map: who it is (kind, unit by name, base),
// its readiness with the change the role may make, its real state (an open task before readiness),
// members with skills on post or off it (and the toggle) and their latest comms test (and the
// desk's form to record one), on-post count against the minimum, the
// contact ladder as the server returns it (it decides what a role may see), its open tasks with
// their delivery per recipient, each channel's health and last heard, and its last position fix
// with its age on the server's clock. The server keeps one position per team, not per handheld.
import { conn } from "./session.js";
import { language, localTime, t } from "./i18n.js";
import { can, loadDeliveries, state, teamName } from "./state.js";
import { $, closeDialog, dialog, dialogOpen, errText, html, joinHtml, setHtml } from "./ui.js";
import { ago, deviceLabel, fixOf, tasksOf, teamStatus } from "./teamstatus.js";
import { mayOrder, orderDialog } from "./tasking.js";
import { loadUnits } from "./units.js";

let open = null;          // { id, data: team.get result, message }
let units = null;         // unit id → unit (units.js: once per login)
const asked = new Set();  // task ids whose deliveries were fetched for this dialog

const unitName = (id) => { const u = units?.get(id); return u ? (language() === "en" && u.name_en) || u.name : ""; };
const isOpen = () => open && dialogOpen() && $("#dialog-body [data-team-detail]");

async function fetchTeam(id) {
  const [r] = await Promise.all([conn.request("team.get", { id }), loadUnits().then((u) => { units = u; })]);
  return r;
}

export async function teamDetail(id) {
  open = { id, data: null, message: "" };
  dialog(html`<div data-team-detail="${id}"><h2>${teamName(state.teams.get(id), language())}</h2><p class="muted">${t("td.loading")}</p>
    <div class="row"><button class="ghost" data-close>${t("dialog.close")}</button></div></div>`);
  const r = await fetchTeam(id);
  if (open?.id !== id || !isOpen()) return;
  if (!r.ok) { dialog(html`<div data-team-detail="${id}"><h2>${teamName(state.teams.get(id), language())}</h2><p class="error">${errText(r)}</p>
    <div class="row"><button class="ghost" data-close>${t("dialog.close")}</button></div></div>`); return; }
  open.data = r.result;
  await loadTaskDeliveries(id);
  render();
}

// The receipts of the team's open tasks this desk has not loaded yet (an order from another desk).
async function loadTaskDeliveries(id) {
  if (!can("bus.deliveries")) return;
  const missing = tasksOf(id).filter((k) => !asked.has(k.id) && ![...state.deliveries.values()].some((d) => d.correlation_id === k.id));
  await Promise.all(missing.map(async (k) => {
    asked.add(k.id);
    const d = await conn.request("bus.deliveries", { correlation_id: k.id });
    if (d.ok) loadDeliveries(d.result.deliveries, k.id);
  }));
}

// Redrawn when what it shows changes (pushes), keeping the scroll and the readiness picked.
export function noteTeamDetailChanges(changed) {
  if (!isOpen() || !open.data) return;
  const refetch = changed.has("teams") || changed.has("supplies") || changed.has("tasks");  // readiness, members, tasks
  if (refetch) {
    const id = open.id;
    fetchTeam(id).then(async (r) => {
      if (open?.id !== id || !isOpen()) return;
      if (r.ok) open.data = r.result;
      await loadTaskDeliveries(id);
      render();
    });
  } else if (["all", "deliveries", "links", "positions"].some((a) => changed.has(a))) render();
}
// The fix's and the links' ages move on with the clock.
setInterval(() => { if (isOpen() && open.data) render(); }, 15000);

function render() {
  const body = $("#dialog-body"), id = open.id, d = open.data;
  const tm = { ...d.team, ...(state.teams.get(id) ?? {}) };  // the board's row is the live one
  const scroll = body.scrollTop, members = body.querySelector(".td-members")?.scrollTop ?? 0;
  const picked = body.querySelector("select[name=readiness]")?.value;
  const st = teamStatus(tm), fix = fixOf(tm);
  const onPost = d.members.filter((m) => Number(m.on_duty) === 1).length, required = Number(tm.required_min) || 0;
  const tasks = tasksOf(id);
  const links = [...state.links.values()].filter((l) => l.owner === `team:${id}`);
  const mayDuty = can("team.set_member_duty"), mayReadiness = can("team.set_readiness");
  setHtml(body, html`<div class="team-detail" data-team-detail="${id}">
    <h2>${teamName(tm, language())} <span class="muted">${t("kind." + tm.kind)}</span></h2>
    <div class="td-cols"><div class="td-main">
    <dl class="td-facts">
      <dt>${t("td.unit")}</dt><dd>${unitName(tm.unit_id) || t("td.unit_unknown")}</dd>
      ${tm.base ? html`<dt>${t("td.base")}</dt><dd>${tm.base === tm.name ? teamName(tm, language()) : tm.base}</dd>` : ""}
      <dt>${t("td.state")}</dt><dd><span class="st-${st.key}" id="td-state" data-team-state="${st.key}">${st.label}</span>${st.task ? html` <span class="muted">${t("what." + st.task.what)}</span>` : ""}</dd>
      <dt>${t("td.readiness")}</dt><dd>${mayReadiness ? html`<span class="row td-readiness"><select name="readiness">${state.enums.team_readiness.map((k) => html`<option value="${k}" ${k === (picked ?? tm.readiness) ? "selected" : ""}>${t("readiness." + k)}</option>`)}</select>
          <button class="small" id="td-set-readiness">${t("td.set_readiness")}</button></span>` : html`<span class="st-${tm.readiness}">${t("readiness." + tm.readiness)}</span>`}
        ${st.tasked ? html`<div class="muted">${t("td.readiness_note")}</div>` : ""}</dd>
      <dt>${t("td.fix")}</dt><dd id="td-fix" class="${fix.stale ? "stale-text" : ""}">${fix.none ? t("fix.none") : t(fix.stale ? "td.fix_stale" : "td.fix_at", { t: localTime(fix.at), ago: ago(fix.at) })}
        ${devicesList(tm)}</dd>
    </dl>
    <h3>${t("td.tasks")}</h3>
    ${tasks.length ? html`<ul class="td-tasks">${tasks.map((k) => taskItem(k))}</ul>` : html`<p class="muted">${t("td.no_tasks")}</p>`}
    <h3>${t("td.links")}</h3>
    ${links.length ? html`<ul class="td-links">${links.map((l) => html`<li data-link="${l.channel}"><span class="chip h-${l.health}">${t("chan." + l.channel)} ${t("health." + l.health)}</span>
      <span class="muted">${l.last_heard ? t("td.heard", { t: localTime(l.last_heard), ago: ago(l.last_heard) }) : t("td.never_heard")}</span></li>`)}</ul>`
      : html`<p class="muted">${t(can("link.status") ? "td.no_links" : "td.links_hidden")}</p>`}
    <h3>${t("td.contacts")}</h3>
    ${d.contacts.length ? html`<ol class="td-contacts">${d.contacts.map((c) => html`<li><span class="td-chan">${t("chan." + c.channel)}</span> ${contactText(c)}</li>`)}</ol>`
      : html`<p class="muted">${t("td.no_contacts")}</p>`}
    </div><div class="td-side">
    <h3>${t("td.members")} <span id="td-onpost" class="${required && onPost < required ? "bad-text" : ""}">${t("td.on_post", { on: onPost, n: d.members.length })}</span>${required ? html` <span class="muted">${t("td.required", { n: required })}</span>` : ""}</h3>
    ${d.members.length ? html`<div class="td-members"><table><tbody>${d.members.map((m) => {
      const on = Number(m.on_duty) === 1;
      return html`<tr data-member="${m.id}" class="${on ? "" : "off-post"}"><td>${m.name}${m.role === "lead" ? html` <span class="badge">${t("td.role_lead")}</span>` : ""}</td>
        <td class="muted">${m.skills || ""}</td><td class="nowrap ${on ? "st-available" : "st-off_duty"}">${t(on ? "td.on" : "td.off")}</td>${commsCell(m)}
        <td>${mayDuty ? html`<button class="small ghost" data-duty="${m.id}" data-on="${on ? "0" : "1"}">${t(on ? "td.set_off" : "td.set_on")}</button>` : ""}</td></tr>`;
    })}</tbody></table></div>` : html`<p class="muted">${t("td.no_members")}</p>`}
    ${d.members.length && can("team.record_comms_test") ? commsForm(d.members) : ""}
    </div></div>
    <p class="error" id="dlg-error">${open.message}</p>
    <div class="row">${mayOrder(tm) ? html`<button id="td-order">${t("team.order")}</button>` : ""}<button class="ghost" data-close>${t("dialog.close")}</button></div>
  </div>`);
  body.scrollTop = scroll;
  const list = body.querySelector(".td-members"); if (list) list.scrollTop = members;
  for (const b of body.querySelectorAll("[data-close]")) b.addEventListener("click", () => { open = null; closeDialog(); });
  body.querySelector("#td-order")?.addEventListener("click", () => { open = null; orderDialog(id); });
  body.querySelector("#td-set-readiness")?.addEventListener("click", async () => {
    const to = body.querySelector("select[name=readiness]").value;
    if (to === tm.readiness) return say(t("td.readiness_same"));
    const r = await conn.request("team.set_readiness", { id, readiness: to });
    say(r.ok ? "" : errText(r));
    if (r.ok) await refresh();
  });
  body.querySelector("#td-comms-save")?.addEventListener("click", async (ev) => {
    const v = (n) => body.querySelector(`.td-comms-form [name=${n}]`).value.trim();
    const passed = v("comms_result") === "passed", x = { team_id: id, member_id: v("comms_member"), passed };
    if (v("comms_on")) x.tested_on = v("comms_on");
    if (v("comms_note")) x.note = v("comms_note");
    if (!passed && !x.note) return say(t("td.comms_note_needed"));
    ev.target.disabled = true;
    const r = await conn.request("team.record_comms_test", x);
    say(r.ok ? "" : errText(r));
    if (r.ok) await refresh(); else ev.target.disabled = false;
  });
  for (const b of body.querySelectorAll("[data-duty]")) b.addEventListener("click", async () => {
    b.disabled = true;
    const r = await conn.request("team.set_member_duty", { team_id: id, member_id: b.dataset.duty, on_duty: b.dataset.on === "1" });
    say(r.ok ? "" : errText(r));
    if (r.ok) await refresh(); else b.disabled = false;
  });
}

function say(message) {
  open.message = message;
  const el = $("#dialog-body #dlg-error");
  if (el) el.textContent = message;
}
async function refresh() {
  const id = open.id, r = await fetchTeam(id);
  if (open?.id !== id || !isOpen()) return;
  if (r.ok) open.data = r.result; else open.message = errText(r);
  render();
}

// A contact as the server returned it: the IP channel's address is the handheld's bus address (not
// for people to read); a number the role may not see comes back empty.
function contactText(c) {
  if (c.channel === "ip") return t("td.contact_ip");
  return c.address ? html`<span class="td-addr">${c.address}</span>` : html`<span class="muted">${t("td.contact_hidden")}</span>`;
}

// The member's latest comms test (通信考核): one who failed is kept back from rescues.
function commsCell(m) {
  if (!m.comms_test) return html`<td class="muted" data-comms="none">${t("td.comms_none")}</td>`;
  const failed = m.comms_test === "failed", [, mo, day] = String(m.comms_tested_on).split("-");
  return html`<td class="nowrap ${failed ? "bad-text" : "st-available"}" data-comms="${m.comms_test}" title="${m.comms_tested_on} ${m.comms_test_note || ""}">${
    t(failed ? "td.comms_failed" : "td.comms_passed", { d: language() === "en" ? `${day}/${mo}` : `${mo}/${day}` })}</td>`;
}
function commsForm(members) {
  return html`<div class="td-comms-form"><h4>${t("td.comms_record")}</h4><div class="row">
    <select name="comms_member" aria-label="${t("td.comms_member")}">${members.map((m) => html`<option value="${m.id}">${m.name}</option>`)}</select>
    <select name="comms_result" aria-label="${t("td.comms_result")}"><option value="passed">${t("td.comms_pass")}</option><option value="failed">${t("td.comms_fail")}</option></select>
    <input type="date" name="comms_on" aria-label="${t("td.comms_on")}"></div>
    <div class="row"><input name="comms_note" maxlength="500" placeholder="${t("td.comms_note")}"><button class="small" id="td-comms-save">${t("td.comms_save")}</button></div></div>`;
}
// Members an order to a rescue left behind (task row: JSON text; a pushed event: the array).
function heldBack(k) {
  if (Array.isArray(k.held_back)) return k.held_back;
  try { const v = JSON.parse(k.held_back || "[]"); return Array.isArray(v) ? v : []; } catch { return []; }
}

function taskItem(k) {
  const inc = k.incident_id ? state.incidents.get(k.incident_id) : null;
  const ds = [...state.deliveries.values()].filter((d) => d.correlation_id === k.id);
  return html`<li data-task="${k.id}"><b class="st-${k.status}">${t("task." + k.status)}</b> · ${t("what." + k.what)}
    <span class="muted">${t("td.ordered_at", { t: localTime(k.created_at) })}</span>
    ${inc ? html`<div class="muted">${t("td.incident")}${t("order.colon")}${inc.number} ${inc.title}</div>` : ""}
    ${k.note ? html`<div class="muted">${k.note}</div>` : ""}
    ${heldBack(k).length ? html`<div class="bad-text" data-held-back>${t("td.held_back", { names: heldBack(k).map((m) => m.name).join(t("map.list_sep")) })}</div>` : ""}
    <div class="td-delivery">${ds.length ? joinHtml(ds.map((d) => html`<span><span class="st-${d.state}">${t("state." + d.state)}</span>${d.channel ? html` <span class="chan">${t("chan." + d.channel)}</span>` : ""}${
      d[`${d.state}_at`] ? html` <span class="muted">${localTime(d[`${d.state}_at`])}</span>` : ""}</span>`), " · ") : html`<span class="muted">${t("td.no_delivery")}</span>`}</div></li>`;
}

// Each handheld's own last fix, newest first (the team's marker is the newest).
function devicesList(tm) {
  const devices = [...(tm.devices?.values() ?? [])].sort((a, b) => b.fix_at - a.fix_at);
  if (devices.length < 2) return "";
  return html`<div class="muted">${t("td.fix_team")}</div><div class="muted">${t("td.devices")}</div><ul class="td-devices">${devices.map((d) => {
    const fix = fixOf({ position_at: d.fix_at });
    return html`<li data-device="${d.device}" class="${fix.stale ? "stale-text" : ""}">${t("td.device_fix", { who: deviceLabel(d),
      fix: t(fix.stale ? "td.fix_stale" : "td.fix_at", { t: localTime(d.fix_at), ago: ago(d.fix_at) }) })}</li>`;
  })}</ul>`;
}
