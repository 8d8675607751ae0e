// The console: board state kept live from board.subscribe pushes, rendered into the map and the
// side panels. Every action is a request on the one WebSocket; the server checks every right.
import { Connection } from "./ws.js";
import { CommandMap } from "./map.js";
import { applyStatic, language, localTime, t, toggleLanguage } from "./i18n.js";

const $ = (s) => document.querySelector(s);
const esc = (v) => String(v ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
const state = { user: null, realm: "live", incidents: new Map(), teams: new Map(), tasks: new Map(), deliveries: new Map(),
  links: new Map(), shift: null, tab: "incidents", enums: null, lastSeq: 0 };
let map = null;
let renderQueued = false;

const conn = new Connection({
  onState: (up) => { $("#conn").className = "conn " + (up ? "up" : "down"); $("#conn").textContent = t(up ? "conn.up" : "conn.down"); },
  onSession: (session, ok) => { if (ok) start(session.user); else showLogin(); },
  onPush: (f) => { apply(f.event); queueRender(); },
});

function queueRender() {
  if (renderQueued) return;
  renderQueued = true;
  requestAnimationFrame(() => { renderQueued = false; render(); });
}

// Keeps the local board equal to the server's: each committed event updates the rows it touches.
function apply(e) {
  state.lastSeq = Math.max(state.lastSeq, e.seq);
  const b = e.body, at = Date.parse(e.at);
  switch (e.kind) {
    case "incident.created":
      state.incidents.set(e.subject, { id: e.subject, number: b.number, type: b.type, title: b.title, place_name: b.place.name,
        lat: b.place.lat, lon: b.place.lon, status: "reported", level: null, dead: b.casualties.dead, missing: b.casualties.missing,
        injured: b.casualties.injured, losses_yuan: b.losses_yuan, created_at: at });
      break;
    case "incident.updated": {
      const i = state.incidents.get(e.subject); if (!i) break;
      const c = b.changes;
      if (c.title) i.title = c.title;
      if (c.casualties) Object.assign(i, c.casualties);
      if (c.losses_yuan !== undefined) i.losses_yuan = c.losses_yuan;
      if (c.place) Object.assign(i, { place_name: c.place.name, lat: c.place.lat, lon: c.place.lon });
      break;
    }
    case "incident.level_set": { const i = state.incidents.get(e.subject); if (i) { i.level = b.level; i.level_reason = b.reason; } break; }
    case "incident.status_changed": { const i = state.incidents.get(e.subject); if (i) i.status = b.to; break; }
    case "team.readiness_changed": { const tm = state.teams.get(e.subject); if (tm) tm.readiness = b.to; break; }
    case "team.position_reported": { const tm = state.teams.get(e.subject); if (tm) Object.assign(tm, { lat: b.lat, lon: b.lon }); break; }
    case "task.created":
      state.tasks.set(e.subject, { id: e.subject, team_id: b.team_id, what: b.what, note: b.note, incident_id: b.incident_id,
        status: "ordered", created_at: at, updated_at: at });
      break;
    case "task.status_changed": { const k = state.tasks.get(e.subject); if (k) { k.status = b.to; k.reason = b.reason; k.updated_at = at; } break; }
    case "bus.message_accepted":
      for (const r of b.recipients)
        state.deliveries.set(`${e.subject}|${r}`, { message_id: e.subject, recipient: r, state: "queued", channel: "",
          correlation_id: b.envelope.correlation_id, precedence: b.envelope.precedence, kind: b.envelope.kind, queued_at: at });
      break;
    case "bus.delivery_changed": {
      const d = state.deliveries.get(`${e.subject}|${b.recipient}`); if (!d) break;
      d.state = b.to; if (b.channel !== undefined) d.channel = b.channel; d[`${b.to}_at`] = at; d.reason = b.reason;
      break;
    }
    case "link.health_changed":
      state.links.set(`${e.subject}|${b.channel}`, { owner: e.subject, channel: b.channel, health: b.health, last_heard: b.last_heard, reason: b.reason });
      break;
  }
}

async function loadBoard() {
  const snap = await conn.request("board.subscribe");
  if (!snap.ok) return;
  const s = snap.result;
  state.incidents = new Map(s.incidents.map((i) => [i.id, i]));
  state.teams = new Map(s.teams.map((tm) => [tm.id, tm]));
  state.tasks = new Map(s.tasks.map((k) => [k.id, k]));
  state.shift = s.shift; state.lastSeq = s.seq;
  const links = await conn.request("link.status");
  if (links.ok) state.links = new Map(links.result.links.map((l) => [`${l.owner}|${l.channel}`, l]));
  for (const k of state.tasks.values()) loadDeliveries(k.id);
  render();
}

async function loadDeliveries(taskId) {
  const r = await conn.request("bus.deliveries", { correlation_id: taskId });
  if (!r.ok) return;
  for (const d of r.result.deliveries) state.deliveries.set(`${d.message_id}|${d.recipient}`, { ...d, correlation_id: taskId });
  queueRender();
}

function render() {
  applyStatic();
  $("#lang").textContent = language() === "zh" ? "English" : "中文";
  $("#exercise").hidden = state.realm === "live";
  $("#exercise").textContent = t("app.exercise");
  for (const b of document.querySelectorAll("#tabs button")) b.classList.toggle("active", b.dataset.tab === state.tab);
  if (map) map.render(state);
  const panels = { incidents: renderIncidents, teams: renderTeams, orders: renderOrders, links: renderLinks, duty: renderDuty };
  panels[state.tab]();
}

const typeName = (k) => state.enums?.incident_types?.[k]?.[language() === "zh" ? "zh" : "en"] ?? k;
const roman = (l) => (l ? ["", "I", "II", "III", "IV"][l] : t("level.none"));

function renderIncidents() {
  const rows = [...state.incidents.values()].filter((i) => i.status !== "closed").sort((a, b) => (a.level ?? 9) - (b.level ?? 9) || b.created_at - a.created_at);
  const canCreate = ["admin", "commander", "duty_leader", "duty_officer"].includes(state.user.role);
  $("#panel").innerHTML = `
    ${canCreate ? `<div class="row"><button id="new-incident">${t("inc.new")}</button></div>` : ""}
    ${rows.length ? `<table><tr><th>${t("inc.level")}</th><th>${t("inc.title")}</th><th>${t("inc.status")}</th><th>${t("inc.casualties")}</th></tr>
      ${rows.map((i) => `<tr data-incident="${esc(i.id)}"><td><span class="badge level-${i.level ?? ""}">${roman(i.level)}</span></td>
        <td>${esc(i.number)} ${esc(i.title)}<div class="muted">${esc(typeName(i.type))} · ${esc(i.place_name)} · ${localTime(i.created_at)}</div></td>
        <td>${t("status." + i.status)}</td><td>${i.dead}/${i.missing}/${i.injured}</td></tr>`).join("")}</table>`
      : `<p class="muted">${t("inc.none")}</p>`}`;
  $("#new-incident")?.addEventListener("click", newIncidentDialog);
  for (const tr of document.querySelectorAll("[data-incident]")) tr.addEventListener("click", () => incidentDialog(tr.dataset.incident));
}

function renderTeams() {
  const rows = [...state.teams.values()];
  const canOrder = ["commander", "duty_leader", "duty_officer", "department"].includes(state.user.role);
  $("#panel").innerHTML = `<table><tr><th>${t("team.name")}</th><th>${t("team.readiness")}</th><th>${t("team.link")}</th><th></th></tr>
    ${rows.map((tm) => `<tr><td>${esc(tm.name)}<div class="muted">${esc(tm.kind)}</div></td>
      <td class="st-${esc(tm.readiness)}">${t("readiness." + tm.readiness)}</td><td>${linkSummary(tm.id)}</td>
      <td>${canOrder ? `<button class="small" data-order="${esc(tm.id)}">${t("team.order")}</button>` : ""}</td></tr>`).join("")}</table>`;
  for (const b of document.querySelectorAll("[data-order]")) b.addEventListener("click", () => orderDialog(b.dataset.order));
}

function linkSummary(teamId) {
  const links = [...state.links.values()].filter((l) => l.owner === `team:${teamId}`);
  const up = links.filter((l) => l.health === "up").map((l) => l.channel);
  const satOnly = up.length > 0 && up.every((c) => ["beidou", "iridium", "tiantong"].includes(c));
  return links.map((l) => `<span class="h-${esc(l.health)}">${esc(l.channel)}</span>`).join(" ") + (satOnly ? ` <b class="overdue">${t("links.satonly")}</b>` : "");
}

function renderOrders() {
  const tasks = [...state.tasks.values()].sort((a, b) => b.created_at - a.created_at);
  $("#panel").innerHTML = tasks.length ? `<table><tr><th>${t("order.team")}</th><th>${t("order.what")}</th><th>${t("order.task")}</th><th>${t("order.state")}</th></tr>
    ${tasks.map((k) => {
      const ds = [...state.deliveries.values()].filter((d) => d.correlation_id === k.id && d.kind === "order");
      const d = ds[0];
      return `<tr data-task="${esc(k.id)}"><td>${esc(state.teams.get(k.team_id)?.name ?? k.team_id)}</td>
        <td>${esc(t("what." + k.what))}<div class="muted">${esc(k.note)}</div></td><td class="st-${esc(k.status)}">${t("task." + k.status)}${k.reason ? `<div class="muted">${esc(k.reason)}</div>` : ""}</td>
        <td>${d ? `<span class="st-${esc(d.state)}">${t("state." + d.state)}</span> <span class="muted">${esc(d.channel)}</span>
          <div class="muted">${["sent", "delivered", "read"].filter((s) => d[`${s}_at`]).map((s) => `${t("state." + s)} ${localTime(d[`${s}_at`])}`).join("<br>")}</div>` : ""}</td></tr>`;
    }).join("")}</table>` : `<p class="muted">${t("order.none")}</p>`;
}

function renderLinks() {
  const links = [...state.links.values()].sort((a, b) => a.owner.localeCompare(b.owner));
  $("#panel").innerHTML = links.length ? `<table><tr><th>${t("links.owner")}</th><th>${t("links.channel")}</th><th>${t("links.health")}</th><th>${t("links.heard")}</th></tr>
    ${links.map((l) => `<tr><td>${esc(state.teams.get(l.owner.replace("team:", ""))?.name ?? l.owner)}</td><td>${esc(l.channel)}</td>
      <td class="h-${esc(l.health)}">${t("health." + l.health)}</td><td>${localTime(l.last_heard)}</td></tr>`).join("")}</table>`
    : `<p class="muted">${t("links.none")}</p>`;
}

async function renderDuty() {
  const r = await conn.request("duty.current");
  if (!r.ok || state.tab !== "duty") return;
  const d = r.result;
  $("#panel").innerHTML = d.shift ? `
    <p>${t("duty.shift")}: ${localTime(d.shift.starts_at)} – ${localTime(d.shift.ends_at)}</p>
    <p>${t("duty.officer")}: <b>${esc(d.officer?.display_name)}</b> · ${t("duty.leader")}: <b>${esc(d.leader?.display_name)}</b></p>
    <h3>${t("duty.log")}</h3><ul class="timeline">${d.log.map((l) => `<li>${localTime(l.at)} ${esc(l.text)}</li>`).join("")}</ul>
    <div class="row"><input id="duty-text"><button id="duty-add">${t("duty.add")}</button></div>
    ${d.shift.handover_note ? `<p class="muted">${t("duty.note")}: ${esc(d.shift.handover_note)}</p>` : ""}`
    : `<p class="muted">${t("duty.none")}</p>`;
  $("#duty-add")?.addEventListener("click", async () => {
    const text = $("#duty-text").value.trim();
    if (text && (await conn.request("duty.log", { text })).ok) renderDuty();
  });
}

function dialog(html, bind) {
  $("#dialog-body").innerHTML = html;
  $("#dialog").hidden = false;
  $("#dialog-body").querySelector("[data-close]")?.addEventListener("click", () => ($("#dialog").hidden = true));
  bind?.($("#dialog-body"));
}
const errText = (r) => (language() === "zh" ? r.error.message_zh : r.error.message_en);

function newIncidentDialog() {
  const types = Object.keys(state.enums.incident_types);
  dialog(`<h2>${t("inc.new")}</h2>
    <label><span>${t("inc.type")}</span><select name="type">${types.map((k) => `<option value="${k}">${esc(typeName(k))}</option>`).join("")}</select></label>
    <label><span>${t("inc.title")}</span><input name="title"></label>
    <label><span>${t("inc.place")}</span><input name="place"></label>
    <div class="row"><input name="lat" placeholder="lat"><input name="lon" placeholder="lon"></div>
    <label><span>${t("inc.casualties")}</span><div class="row"><input name="dead" value="0"><input name="missing" value="0"><input name="injured" value="0"></div></label>
    <p class="error" id="dlg-error"></p>
    <div class="row"><button id="dlg-ok">${t("common.save")}</button><button class="ghost" data-close>${t("common.close")}</button></div>`, (el) => {
    el.querySelector("#dlg-ok").addEventListener("click", async () => {
      const v = (n) => el.querySelector(`[name=${n}]`).value.trim();
      const place = { name: v("place") };
      if (v("lat") && v("lon")) Object.assign(place, { lat: Number(v("lat")), lon: Number(v("lon")) });
      const r = await conn.request("incident.create", { type: v("type"), title: v("title"), place,
        casualties: { dead: Number(v("dead")), missing: Number(v("missing")), injured: Number(v("injured")) } });
      if (r.ok) $("#dialog").hidden = true; else el.querySelector("#dlg-error").textContent = errText(r);
    });
  });
}

async function incidentDialog(id) {
  const r = await conn.request("incident.get", { id });
  if (!r.ok) return;
  const i = r.result.incident;
  dialog(`<h2>${esc(i.number)} ${esc(i.title)}</h2>
    <p>${esc(typeName(i.type))} · ${esc(i.place_name)} · ${t("inc.level")} <span class="badge level-${i.level ?? ""}">${roman(i.level)}</span> ${esc(i.level_reason)}</p>
    <p>${t("inc.casualties")}: ${i.dead}/${i.missing}/${i.injured} · ${t("inc.losses")}: ${i.losses_yuan}</p>
    <div class="row"><select id="lvl">${[1, 2, 3, 4].map((l) => `<option value="${l}">${roman(l)}</option>`).join("")}</select>
      <input id="lvl-reason" placeholder="${t("inc.reason")}"><button id="lvl-set" class="small">${t("inc.setlevel")}</button></div>
    <div class="row"><select id="st">${["verified", "responding", "recovery", "closed"].map((s) => `<option value="${s}">${t("status." + s)}</option>`).join("")}</select>
      <button id="st-set" class="small">${t("inc.setstatus")}</button></div>
    <p class="error" id="dlg-error"></p>
    <h3>${t("inc.timeline")}</h3>
    <ul class="timeline">${r.result.timeline.map((e) => `<li>${localTime(e.at)} <b>${esc(e.kind)}</b> <span class="muted">${esc(JSON.stringify(e.summary))}</span></li>`).join("")}</ul>
    <button class="ghost" data-close>${t("common.close")}</button>`, (el) => {
    el.querySelector("#lvl-set").addEventListener("click", async () => {
      const res = await conn.request("incident.set_level", { id, level: Number(el.querySelector("#lvl").value), reason: el.querySelector("#lvl-reason").value || "-" });
      if (res.ok) incidentDialog(id); else el.querySelector("#dlg-error").textContent = errText(res);
    });
    el.querySelector("#st-set").addEventListener("click", async () => {
      const res = await conn.request("incident.set_status", { id, status: el.querySelector("#st").value });
      if (res.ok) incidentDialog(id); else el.querySelector("#dlg-error").textContent = errText(res);
    });
  });
}

function orderDialog(teamId) {
  const team = state.teams.get(teamId);
  const incidents = [...state.incidents.values()].filter((i) => i.status !== "closed");
  dialog(`<h2>${t("order.title")} · ${esc(team?.name)}</h2>
    <label><span>${t("order.what")}</span><select name="what">${state.enums.task_types.map((k) => `<option value="${k}">${esc(t("what." + k))}</option>`).join("")}</select></label>
    <label><span>${t("order.precedence")}</span><select name="precedence">${["flash", "immediate", "priority", "routine"].map((p) => `<option value="${p}" ${p === "immediate" ? "selected" : ""}>${t("precedence." + p)}</option>`).join("")}</select></label>
    <label><span>${t("order.incident")}</span><select name="incident"><option value=""></option>${incidents.map((i) => `<option value="${i.id}">${esc(i.number)} ${esc(i.title)}</option>`).join("")}</select></label>
    <label><span>${t("order.note")}</span><textarea name="note" rows="2"></textarea></label>
    <p class="error" id="dlg-error"></p>
    <div class="row"><button id="dlg-ok">${t("order.send")}</button><button class="ghost" data-close>${t("order.cancel")}</button></div>`, (el) => {
    el.querySelector("#dlg-ok").addEventListener("click", async () => {
      const v = (n) => el.querySelector(`[name=${n}]`).value;
      const body = { team_id: teamId, what: v("what"), precedence: v("precedence"), note: v("note") };
      if (v("incident")) body.incident_id = v("incident");
      const r = await conn.request("task.assign", body);
      if (r.ok) { $("#dialog").hidden = true; state.tab = "orders"; render(); } else el.querySelector("#dlg-error").textContent = errText(r);
    });
  });
}

function showLogin() { $("#login").hidden = false; $("#main").hidden = true; $("#logout").hidden = true; applyStatic(); }

async function start(user) {
  state.user = user;
  $("#login").hidden = true; $("#main").hidden = false; $("#logout").hidden = false;
  $("#who").textContent = `${user.display_name} (${user.role})`;
  if (!map) map = new CommandMap($("#map"), { tileUrl: new URLSearchParams(location.search).get("tiles"), onTeamClick: (id) => orderDialog(id) });
  await loadBoard();
}

$("#login-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const f = new FormData(ev.target);
  const r = await conn.login(f.get("username"), f.get("password"));
  if (r.ok) start(r.result.user); else $("#login-error").textContent = errText(r);
});
$("#logout").addEventListener("click", async () => { await conn.logout(); showLogin(); });
$("#lang").addEventListener("click", () => { toggleLanguage(); render(); });
for (const b of document.querySelectorAll("#tabs button")) b.addEventListener("click", () => { state.tab = b.dataset.tab; render(); });
setInterval(() => { $("#clock").textContent = localTime(Date.now()); }, 1000);
state.enums = await (await fetch("enums.json")).json();
state.realm = new URLSearchParams(location.search).get("realm") || "live";
conn.realm = state.realm;
applyStatic();
$("#lang").textContent = language() === "zh" ? "English" : "中文";
conn.connect();
if (!conn.token) showLogin();
