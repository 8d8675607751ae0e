// Deadlines and alarms: every open legal time limit with a countdown on the server's clock. An
// overdue one is an alarm (deadlines.md "Alarms"): red and counted on every desk that sees it until
// someone acknowledges it at its escalation level; it blinks and sounds unless silenced. Who
// acknowledged or silenced it, and when, comes from the server, so every desk shows the same.
import { language, localTime, t } from "./i18n.js";
import { can, serverNow, state } from "./state.js";
import { conn } from "./session.js";
import { dialog, closeDialog, errText, html, setHtml } from "./ui.js";

export const overdue = (d) => d.status === "missed" || serverNow() >= d.due_at;
// Not yet acknowledged at the level it has reached (the first level is reached when it is overdue).
export const activeAlarm = (d) => overdue(d) && (d.acknowledged_level ?? -1) < Math.max(1, d.escalation_level || 0);
export const silenced = (d) => !!d.silenced_until && serverNow() < d.silenced_until;
export const openDeadlines = () => [...state.deadlines.values()].sort((a, b) => a.due_at - b.due_at);
// The alarms, unanswered first, then the longest overdue first; the rest, the next due first.
export const alarms = () => openDeadlines().filter(overdue).sort((a, b) => activeAlarm(b) - activeAlarm(a) || a.due_at - b.due_at);
export const upcoming = () => openDeadlines().filter((d) => !overdue(d));
// A desk that may not acknowledge an alarm (a squad's, an observer's) is not alarmed by one: it
// sees it listed as overdue, without the count, blinking or sound (it would ring for good).
export const mayAnswerAlarms = () => can("deadline.acknowledge");
export const activeAlarms = () => (mayAnswerAlarms() ? openDeadlines().filter(activeAlarm) : []);

export function countdown(msLeft) {
  const s = Math.floor(Math.abs(msLeft) / 1000), days = Math.floor(s / 86400), h = Math.floor(s / 3600) % 24;
  // A day or more ahead (hazard rectification, 7 days) reads as days and h:mm:ss, not "167:59:59".
  const hms = `${days ? t("dl.days", { n: days }) : ""}${days ? String(h).padStart(2, "0") : h}:${String(Math.floor(s / 60) % 60).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
  return msLeft < 0 ? t("dl.overdue_by", { t: hms }) : hms;
}
// One deadline as a table row for a screen's own lists (supplies, hazards): a countdown while open
// (ticked by tickDeadlines, red once overdue), else met on time / late with when, or cancelled.
export function deadlineLine(d, label = "") {
  const lbl = label ? html`<span class="muted">${label}</span> ` : "";
  if (d.status === "open" || d.status === "missed") {
    const over = d.status === "missed" || serverNow() >= d.due_at;
    return html`<tr class="${over ? "row-overdue" : ""}"><td>${lbl}<span class="countdown ${over ? "overdue" : ""}" data-due="${d.due_at}">${countdown(d.due_at - serverNow())}</span></td></tr>`;
  }
  if (d.status === "met") {
    const late = d.met_at > d.due_at;
    return html`<tr><td>${lbl}<span class="${late ? "st-failed" : "st-done"}">${t(late ? "sup.dl.late" : "sup.dl.met")}</span> <span class="muted">${localTime(d.met_at)}</span></td></tr>`;
  }
  return html`<tr><td>${lbl}<span class="muted">${t("sup.dl.cancelled")}</span></td></tr>`;
}
const title = (d) => (language() === "zh" ? d.title_zh : d.title_en) || t("dl.untitled");
// What the deadline is about, in words: the server names it (incident number and title, hazard,
// warning, depot ...); an incident this desk holds is named from its current row.
const about = (d) => {
  const i = state.incidents.get(d.subject);
  const text = i ? `${i.number} ${i.title}` : (language() === "zh" ? d.about_zh : d.about_en) || "";
  // Said once: many titles already name their subject (隐患「…」1小时内交办, a depot's inspection).
  const name = text.replace(/^[^：:]{1,12}[：:]\s*/, "");
  return name && title(d).includes(name) ? "" : text;
};

function answered(d) {
  const parts = [];
  if (!activeAlarm(d) && d.acknowledged_by_name) parts.push(t("dl.acknowledged_by", { who: d.acknowledged_by_name, t: localTime(d.acknowledged_at) }));
  if (silenced(d)) parts.push(t("dl.silenced_until", { who: d.silenced_by_name || "", t: localTime(d.silenced_until) }));
  return parts;
}

function escalation(d) {
  return d.escalation_level ? t("dl.escalated", { n: d.escalation_level }) + (d.to_role ? ` → ${t("role." + d.to_role)}` : "") : "";
}

function alarmRow(d) {
  const active = activeAlarm(d);
  const actions = [
    active && can("deadline.acknowledge") ? html`<button class="small" data-ack-deadline="${d.id}">${t("dl.acknowledge")}</button>` : "",
    active && !silenced(d) && can("deadline.silence") ? html`<button class="small ghost" data-silence-deadline="${d.id}">${t("dl.silence")}</button>` : "",
  ];
  return html`<tr data-deadline="${d.id}" data-alarm="${active ? "active" : "acknowledged"}" class="${active ? "row-overdue" : "row-acknowledged"}">
    <td>${title(d)}<div class="muted">${about(d)}</div></td>
    <td class="countdown ${active && !silenced(d) ? "overdue" : ""}" data-due="${d.due_at}">${countdown(d.due_at - serverNow())}</td>
    <td>${escalation(d)}${answered(d).map((p) => html`<div class="muted answered">${p}</div>`)}</td>
    <td class="actions">${actions}</td></tr>`;
}

function upcomingRow(d) {
  return html`<tr data-deadline="${d.id}"><td>${title(d)}<div class="muted">${about(d)}</div></td>
    <td class="countdown" data-due="${d.due_at}">${countdown(d.due_at - serverNow())}</td><td>${localTime(d.due_at)}</td></tr>`;
}

export function renderDeadlines(panel) {
  const al = alarms(), up = upcoming();
  shownOverdue = new Set(al.map((d) => d.id));
  setHtml(panel, html`
    <h3 id="alarms-head">${t("dl.alarms", { n: activeAlarms().length, all: al.length })}</h3>
    ${al.length ? html`<table id="alarms"><thead><tr><th>${t("dl.title")}</th><th>${t("dl.left")}</th><th>${t("dl.level")}</th><th></th></tr></thead>
      <tbody>${al.map(alarmRow)}</tbody></table>` : html`<p class="muted" id="no-alarms">${t("dl.no_alarms")}</p>`}
    <h3>${t("dl.upcoming", { n: up.length })}</h3>
    ${up.length ? html`<table id="upcoming"><thead><tr><th>${t("dl.title")}</th><th>${t("dl.left")}</th><th>${t("dl.due")}</th></tr></thead>
      <tbody>${up.map(upcomingRow)}</tbody></table>` : html`<p class="muted">${t("dl.none")}</p>`}`);
  for (const b of panel.querySelectorAll("[data-ack-deadline]")) b.addEventListener("click", () => answer(b, "deadline.acknowledge", { id: b.dataset.ackDeadline }));
  for (const b of panel.querySelectorAll("[data-silence-deadline]")) b.addEventListener("click", () => silenceDialog(b.dataset.silenceDeadline));
}

// The answer is the server's: the row changes when the event comes back, on this desk and the others.
async function answer(button, op, body) {
  button.disabled = true;
  const r = await conn.request(op, body);
  if (!r.ok) {
    button.disabled = false;
    button.insertAdjacentElement("afterend", Object.assign(document.createElement("div"), { className: "error", textContent: errText(r) }));
  }
}

function silenceDialog(id) {
  const d = state.deadlines.get(id);
  if (!d) return;
  dialog(html`<h2>${t("dl.silence_title")} · ${title(d)}</h2><p class="muted">${about(d)}</p>
    <label><span>${t("dl.silence_for")}</span><select id="sil-min">${[15, 30, 60, 120].map((m) => html`<option value="${m}" ${m === 30 ? "selected" : ""}>${t("dl.minutes", { n: m })}</option>`)}</select></label>
    <p class="muted">${t("dl.silence_note")}</p><p class="error" id="dlg-error"></p>
    <div class="row"><button id="dlg-ok">${t("dl.silence")}</button><button class="ghost" data-close>${t("dialog.close")}</button></div>`, (el) => {
    el.querySelector("#dlg-ok").addEventListener("click", async () => {
      const r = await conn.request("deadline.silence", { id, minutes: Number(el.querySelector("#sil-min").value) });
      if (r.ok) closeDialog(); else el.querySelector("#dlg-error").textContent = errText(r);
    });
  });
}

// Every second: countdowns tick in place; a deadline that has just gone overdue moves to the alarms
// (returns true: the screen is redrawn); an active, unsilenced alarm rings once per escalation level.
const alarmed = new Map();
let shownOverdue = new Set();
export function tickDeadlines(panel) {
  for (const el of panel.querySelectorAll(".countdown[data-due]")) {
    const left = Number(el.dataset.due) - serverNow();
    el.textContent = countdown(left);
    if (el.closest("#alarms, #upcoming")) continue;  // this screen redraws when one falls due
    el.classList.toggle("overdue", left < 0);          // countdowns elsewhere (supplies) turn red in place
    el.closest("tr")?.classList.toggle("row-overdue", left < 0);
  }
  let ring = false;
  for (const d of mayAnswerAlarms() ? state.deadlines.values() : []) {
    if (!activeAlarm(d) || silenced(d)) continue;
    const key = `${d.escalation_level ?? 0}`;
    if (alarmed.get(d.id) !== key) { alarmed.set(d.id, key); ring = true; }
  }
  if (ring) alarm();
  const nowOverdue = openDeadlines().filter(overdue).map((d) => d.id);
  const moved = nowOverdue.length !== shownOverdue.size || nowOverdue.some((id) => !shownOverdue.has(id));
  return moved;
}

let audio = null;
function alarm() {
  window.lifelineAlarms = (window.lifelineAlarms || 0) + 1;  // counted so tests can see it sounded
  try {
    audio ??= new AudioContext();
    for (const [i, f] of [[0, 880], [1, 660], [2, 880]]) {
      const o = audio.createOscillator(), g = audio.createGain();
      o.frequency.value = f; g.gain.value = 0.2;
      o.connect(g).connect(audio.destination);
      o.start(audio.currentTime + i * 0.25); o.stop(audio.currentTime + i * 0.25 + 0.2);
    }
  } catch { /* no audio device: the visual alarm still shows */ }
}
