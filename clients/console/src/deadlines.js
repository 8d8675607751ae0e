// Deadlines: every open legal time limit with a countdown on the server's clock; overdue ones turn
// red, blink, and sound an alarm (once per deadline per escalation level) until met.
import { language, t } from "./i18n.js";
import { serverNow, state } from "./state.js";
import { html, setHtml } from "./ui.js";

export const overdue = (d) => d.status === "missed" || serverNow() >= d.due_at;
export const openDeadlines = () => [...state.deadlines.values()].sort((a, b) => a.due_at - b.due_at);

export function countdown(msLeft) {
  const s = Math.floor(Math.abs(msLeft) / 1000), days = Math.floor(s / 86400), h = Math.floor(s / 3600) % 24;
  // A day or more ahead (hazard rectification, 7 days) reads as days and h:mm:ss, not "167:59:59".
  const hms = `${days ? t("dl.days", { n: days }) : ""}${days ? String(h).padStart(2, "0") : h}:${String(Math.floor(s / 60) % 60).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
  return msLeft < 0 ? t("dl.overdue_by", { t: hms }) : hms;
}
const title = (d) => (language() === "zh" ? d.title_zh : d.title_en) || d.kind;
// What the deadline is about, in words: an incident by its number and title; other subjects
// (report periods, depots) as they are named.
const about = (d) => {
  const i = state.incidents.get(d.subject);
  return i ? `${i.number} ${i.title}` : d.subject;
};

export function renderDeadlines(panel) {
  const rows = openDeadlines();
  setHtml(panel, rows.length ? html`<table><thead><tr><th>${t("dl.title")}</th><th>${t("dl.left")}</th><th>${t("dl.level")}</th></tr></thead><tbody>
    ${rows.map((d) => html`<tr data-deadline="${d.id}" class="${overdue(d) ? "row-overdue" : ""}"><td>${title(d)}<div class="muted">${about(d)}</div></td>
      <td class="countdown ${overdue(d) ? "overdue" : ""}" data-due="${d.due_at}">${countdown(d.due_at - serverNow())}</td>
      <td>${d.escalation_level ? t("dl.escalated", { n: d.escalation_level }) + (d.to_role ? ` → ${t("role." + d.to_role)}` : "") : ""}</td></tr>`)}</tbody></table>`
    : html`<p class="muted">${t("dl.none")}</p>`);
}

// Every second: countdowns tick in place, and a deadline that has just gone overdue or escalated
// rings the alarm.
const alarmed = new Map();
export function tickDeadlines(panel) {
  for (const el of panel.querySelectorAll(".countdown[data-due]")) {
    const left = Number(el.dataset.due) - serverNow();
    el.textContent = countdown(left);
    el.classList.toggle("overdue", left < 0);
    el.closest("tr")?.classList.toggle("row-overdue", left < 0);
  }
  let ring = false;
  for (const d of state.deadlines.values()) {
    if (!overdue(d)) continue;
    const key = d.escalation_level ?? 0;
    if (alarmed.get(d.id) !== key) { alarmed.set(d.id, key); ring = true; }
  }
  if (ring) alarm();
  return ring;
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
