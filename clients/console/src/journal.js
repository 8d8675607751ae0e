// 日志 / Journal (schema/journal.md): the significant events the desk may see — per incident, this
// shift, today or all — as sentences with local time and who, filtered by group and searched by
// text on the server; exported as CSV (what is shown) and opened from an incident's dialog.
import { conn } from "./session.js";
import { language, t } from "./i18n.js";
import { serverNow, state } from "./state.js";
import { closeDialog, errText, html, setHtml } from "./ui.js";
import { download, fullTime, incidentLabel, journalCsv, sentence, who } from "./journaltext.js";

const GROUPS = ["incident", "level", "order", "receipt", "message", "warning", "consultation", "deadline", "duty"];
const filters = { incident: "", groups: new Set(GROUPS), span: "all", q: "" };
let typedLast = false;  // the search box had the focus: it keeps it after the redraw
let shown = { key: "", entries: [], next: null, error: null, incidentName: "" };

export const journalVisible = () => !!state.roles?.ops?.["journal.list"]?.includes(state.user?.role);

// From an incident's dialog: the journal of that incident.
export function openJournal(incidentId) {
  filters.incident = incidentId; filters.span = "all"; filters.q = ""; filters.groups = new Set(GROUPS);
  shown.key = "";
  closeDialog();
  state.tab = "journal"; state.changed.add("tab");
  document.dispatchEvent(new Event("lifeline:render"));
}

// Local midnight in China Standard Time (UTC+8), on the server's clock.
const todayStart = () => { const d = 24 * 3600e3, cst = 8 * 3600e3; return Math.floor((serverNow() + cst) / d) * d - cst; };

function body(cursor) {
  const b = { limit: 200 };
  if (filters.incident) b.incident_id = filters.incident;
  if (filters.groups.size !== GROUPS.length) b.kinds = [...filters.groups];
  if (filters.span === "shift" && state.shift?.id) b.shift_id = state.shift.id;
  else if (filters.span === "today") b.from = new Date(todayStart()).toISOString();
  if (filters.q.trim()) b.q = filters.q.trim();
  if (cursor) b.cursor = cursor;
  return b;
}

let asked = 0;  // the newest request: a slower answer to an older filter is dropped
async function load(more = false) {
  const mine = ++asked;
  const r = await conn.request("journal.list", body(more ? shown.next : null));
  if (mine !== asked) return;
  if (!r.ok) { shown.error = errText(r); shown.entries = more ? shown.entries : []; shown.next = null; return; }
  shown.error = null;
  shown.entries = more ? [...shown.entries, ...r.result.entries] : r.result.entries;
  shown.next = r.result.next_cursor;
}

// Who acted is named once: after the sentence only when the sentence does not already say it.
const rowHtml = (e) => {
  const text = sentence(e), by = who(e);
  return html`<li data-seq="${e.seq}" data-group="${e.group}"><span class="jr-time">${fullTime(e.at)}</span>
  <span class="jr-group jr-${e.group}">${t("jr.group." + e.group)}</span>
  <span class="jr-text">${text}</span>${text.includes(by) ? "" : html` <span class="muted jr-who">— ${by}</span>`}</li>`;
};

export async function renderJournal(panel, changed) {
  const key = JSON.stringify(body()) + language();
  if (key !== shown.key || changed?.has("journal")) {
    shown.key = key;
    await load();
    if (state.tab !== "journal") return;
  }
  const inc = filters.incident ? state.incidents.get(filters.incident) : null;
  const incName = inc ? `${inc.number} ${inc.title}` : filters.incident ? incidentLabel(shown.entries.find((e) => e.incident_id === filters.incident)?.summary ?? {}) || t("jr.this_incident") : "";
  const open = [...state.incidents.values()];
  setHtml(panel, html`<div class="journal">
    <div class="row jr-filters">
      <label>${t("jr.incident")} <select id="jr-incident"><option value="">${t("jr.all_incidents")}</option>
        ${filters.incident && !inc ? html`<option value="${filters.incident}" selected>${incName}</option>` : ""}
        ${open.map((i) => html`<option value="${i.id}" ${i.id === filters.incident ? "selected" : ""}>${i.number} ${i.title}</option>`)}</select></label>
      <label>${t("jr.span")} <select id="jr-span">${["shift", "today", "all"].map((s) => html`<option value="${s}" ${s === filters.span ? "selected" : ""} ${s === "shift" && !state.shift ? "disabled" : ""}>${t("jr.span." + s)}</option>`)}</select></label>
      <input id="jr-q" type="search" placeholder="${t("jr.search")}" value="${filters.q}">
      <button id="jr-csv" class="ghost small" ${shown.entries.length ? "" : "disabled"}>${t("jr.export")}</button>
    </div>
    <div class="row jr-groups">${GROUPS.map((g) => html`<label class="chk"><input type="checkbox" data-group="${g}" ${filters.groups.has(g) ? "checked" : ""}> ${t("jr.group." + g)}</label>`)}</div>
    ${filters.incident ? html`<p class="jr-scope">${t("jr.for", { name: incName })} <button id="jr-print" class="ghost small">${t("print.sitrep")}</button></p>` : ""}
    ${shown.error ? html`<p class="error">${shown.error}</p>` : ""}
    <p class="muted jr-count">${t("jr.count", { n: shown.entries.length })}${shown.next ? t("jr.more_exist") : ""}</p>
    <ul class="journal-list">${shown.entries.length ? shown.entries.map(rowHtml) : html`<li class="muted">${t("jr.none")}</li>`}</ul>
    ${shown.next ? html`<button id="jr-more" class="ghost">${t("jr.load_more")}</button>` : ""}
  </div>`);
  const redraw = () => { state.changed.add("journal"); document.dispatchEvent(new Event("lifeline:render")); };
  panel.querySelector("#jr-incident").addEventListener("change", (ev) => { filters.incident = ev.target.value; redraw(); });
  panel.querySelector("#jr-span").addEventListener("change", (ev) => { filters.span = ev.target.value; redraw(); });
  panel.querySelectorAll("[data-group]").forEach((c) => c.addEventListener("change", () => {
    if (c.checked) filters.groups.add(c.dataset.group); else filters.groups.delete(c.dataset.group);
    if (!filters.groups.size) { filters.groups.add(c.dataset.group); c.checked = true; }  // at least one
    redraw();
  }));
  let typing = null;
  const q = panel.querySelector("#jr-q");
  q.addEventListener("input", () => { clearTimeout(typing); typing = setTimeout(() => { filters.q = q.value; typedLast = true; redraw(); }, 300); });
  q.addEventListener("keydown", (ev) => { if (ev.key === "Enter") { clearTimeout(typing); filters.q = q.value; typedLast = true; redraw(); } });
  if (typedLast) { typedLast = false; q.focus(); q.setSelectionRange(q.value.length, q.value.length); }  // keep typing
  panel.querySelector("#jr-more")?.addEventListener("click", async () => { await load(true); shown.key = JSON.stringify(body()) + language(); renderJournal(panel); });
  panel.querySelector("#jr-csv").addEventListener("click", () => {
    const stamp = fullTime(serverNow()).replace(/[^\d]/g, "").slice(0, 12);
    download(`${t("jr.csv.file")}-${stamp}.csv`, journalCsv(shown.entries));
  });
  panel.querySelector("#jr-print")?.addEventListener("click", () => openPrint({ incident: filters.incident }));
}

// The print pages (sitrep.html): a SITREP for an incident, or the shift handover sheet. A new tab
// of this origin starts with a copy of this tab's session, so it reads as the same user.
export function openPrint(params) {
  const q = new URLSearchParams(params);
  if (state.realm !== "live") q.set("realm", state.realm);
  window.open(`sitrep.html?${q}`, "_blank");
}
