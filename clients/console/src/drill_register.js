// The drill register on the drills page (schema/drills.md §6, 演练台账): the year's drills held in
// the system or outside it, set against the bureau's cadences (a city comprehensive drill every
// quarter, a special drill in every county every month, a joint drill of the departments every
// quarter, 2–3 joint drills with neighbouring cities a year); the in-system drills still to be
// classified, and the form that registers a drill held outside the system.
import { language, t } from "./i18n.js";
import { can, state } from "./state.js";
import { html, uuid7 } from "./ui.js";

const KINDS = ["comprehensive", "special", "joint", "cross_region", "evacuation", "comms_outage"];
const en = () => language() === "en";
const pick = (zh, english) => (en() ? english || zh : zh || english) ?? "";
const num = (n) => Number(n ?? 0).toLocaleString(en() ? "en" : "zh-CN");
const unitName = (units, id) => { const u = units.get(id); return u ? pick(u.name, u.name_en) : t("dreg.unit_unknown"); };
// Today in China Standard Time, the register's calendar (YYYY-MM-DD).
const today = () => new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);

// "2026-Q3" → "三季度" / "Q3", "2026-08" → "8月" / "Aug", "2026" → "全年" / "Year".
function periodLabel(p, per) {
  if (per === "quarter") return t("dreg.quarter", { n: p.slice(-1) });
  if (per === "month") return t("dreg.month", { n: Number(p.slice(5, 7)) });
  return t("dreg.year_whole");
}

// What the register page needs, read through the drills page's connection.
export async function loadRegister(request, year, units) {
  if (!can("drill.register_list")) return null;
  const [list, counts] = await Promise.all([request("drill.register_list", { year }), request("drill.counts", { year })]);
  return { year, list, counts, units: units ?? (can("unit.list") ? new Map((await request("unit.list")).units.map((u) => [u.id, u])) : new Map()) };
}

function cadenceRow(c, units) {
  const who = c.unit_id === "city" ? "" : html` · ${pick(c.unit_name, c.unit_name_en) || unitName(units, c.unit_id)}`;
  return html`<tr data-cadence="${c.cadence}" data-unit="${c.unit_id}"><td>${pick(c.name_zh, c.name_en)}${who}</td>
    <td class="nowrap"><b>${c.periods_due ? t("dreg.met_of", { m: c.periods_met, n: c.periods_due }) : "—"}</b></td>
    <td>${c.periods.map((p) => html`<span class="chip ${p.met ? "chip-met" : p.over ? "chip-missed" : "chip-open"}" data-period="${p.period}" data-held="${p.held}"
      title="${t("dreg.held_of", { h: p.held, r: p.required })}">${periodLabel(p.period, c.per)} ${p.over ? "" : t("dreg.in_progress") + " "}${p.met ? "✓" : p.over ? "✗" : ""} ${p.held}/${p.required}</span> `)}</td></tr>`;
}

function entryRow(e, units) {
  const depts = e.departments.map((d) => unitName(units, d)).join(en() ? ", " : "、");
  return html`<tr data-entry="${e.id}"><td class="nowrap">${e.held_on}</td><td>${e.title}${e.drill_id ? html` <span class="muted">${t("dreg.in_system")}</span>` : ""}</td>
    <td>${t("dreg.kind." + e.kind)}</td><td>${unitName(units, e.unit_id)}</td><td class="num">${num(e.participants)}</td>
    <td>${depts || html`<span class="muted">—</span>`}</td><td>${e.scripted ? t("dreg.scripted") : t("dreg.no_script")}</td></tr>`;
}

const kindSelect = (name) => html`<select name="${name}" required>${KINDS.map((k) => html`<option value="${k}">${t("dreg.kind." + k)}</option>`)}</select>`;
// The units a drill may be organised by: the caller's own and below, as unit.list gave them (not
// teams), the caller's own first, then city, counties, townships, departments.
const ORGANISER_KINDS = ["city", "county", "township", "department"];
const organisers = (units) => [...units.values()].filter((u) => ORGANISER_KINDS.includes(u.kind))
  .sort((a, b) => (b.id === state.user?.unit_id) - (a.id === state.user?.unit_id) || ORGANISER_KINDS.indexOf(a.kind) - ORGANISER_KINDS.indexOf(b.kind) || a.id.localeCompare(b.id));

export function registerHtml(reg) {
  if (!reg) return html``;
  const { year, list, counts, units } = reg;
  const tot = counts.totals;
  const mayRegister = can("drill.register");
  const departments = [...units.values()].filter((u) => u.kind === "department");
  return html`<section class="register"><h2>${t("dreg.title", { y: year })}
      <span class="noprint"><button class="small" id="dreg-prev">${t("dreg.prev")}</button>${year < Number(today().slice(0, 4)) ? html`<button class="small" id="dreg-next">${t("dreg.next")}</button>` : ""}</span></h2>
    <p id="dreg-totals">${t("dreg.totals", { n: num(tot.drills), s: num(tot.no_script), p: num(tot.participants) })}</p>
    ${counts.cadences.length ? html`<table class="cadences"><thead><tr><th>${t("dreg.cadence")}</th><th>${t("dreg.periods_met")}</th><th>${t("dreg.periods")}</th></tr></thead>
      <tbody>${counts.cadences.map((c) => cadenceRow(c, units))}</tbody></table>
      <p class="muted">${t("dreg.cadence_note")}</p>` : ""}
    ${list.unregistered_drills.length && mayRegister ? html`<h3>${t("dreg.unregistered")}</h3><table><tbody>${list.unregistered_drills.map((d) => html`<tr data-unregistered="${d.id}">
      <td>${d.name}</td><td class="nowrap">${d.started_at.slice(0, 10)}</td>
      <td class="noprint"><form class="row dreg-classify" data-drill="${d.id}">${kindSelect("kind")}
        <input name="participants" type="number" min="1" required placeholder="${t("dreg.participants")}">
        <button>${t("dreg.register")}</button></form></td></tr>`)}</tbody></table>` : ""}
    <h3>${t("dreg.entries")}</h3>
    <table class="entries"><thead><tr><th>${t("dreg.held_on")}</th><th>${t("dreg.name")}</th><th>${t("dreg.kind")}</th><th>${t("dreg.unit")}</th>
      <th>${t("dreg.participants")}</th><th>${t("dreg.departments")}</th><th>${t("dreg.script")}</th></tr></thead>
      <tbody>${list.entries.length ? list.entries.map((e) => entryRow(e, units)) : html`<tr><td colspan="7" class="muted">${t("dreg.none")}</td></tr>`}</tbody></table>
    ${mayRegister ? html`<form id="dreg-form" class="noprint dreg-form"><h3>${t("dreg.outside")}</h3>
      <div class="row"><input name="title" required maxlength="200" placeholder="${t("dreg.name")}">${kindSelect("kind")}
        <select name="unit_id" required>${organisers(units).map((u) => html`<option value="${u.id}">${pick(u.name, u.name_en)}</option>`)}</select></div>
      <div class="row"><label>${t("dreg.held_on")} <input name="held_on" type="date" required max="${today()}"></label>
        <label>${t("dreg.participants")} <input name="participants" type="number" min="1" required></label>
        <label><input type="checkbox" name="scripted" checked> ${t("dreg.scripted")}</label></div>
      ${departments.length ? html`<div class="row">${t("dreg.departments")}: ${departments.map((d) => html`<label><input type="checkbox" name="dept" value="${d.id}"> ${pick(d.name, d.name_en)}</label>`)}</div>` : ""}
      <div class="row"><input name="note" maxlength="2000" placeholder="${t("dreg.note")}"><button>${t("dreg.register")}</button></div></form>` : ""}
  </section>`;
}

// Binds the register's buttons and forms; `act(op, body, done)` sends and redraws, `go(year)` turns the page.
export function bindRegister(root, reg, act, go) {
  if (!reg) return;
  root.querySelector("#dreg-prev")?.addEventListener("click", () => go(reg.year - 1));
  root.querySelector("#dreg-next")?.addEventListener("click", () => go(reg.year + 1));
  for (const f of root.querySelectorAll("form.dreg-classify"))
    f.addEventListener("submit", (ev) => {
      ev.preventDefault();
      const d = new FormData(f);
      act("drill.register", { id: uuid7(), drill_id: f.dataset.drill, kind: d.get("kind"), unit_id: "city", participants: Number(d.get("participants")) },
        t("dreg.registered"));
    });
  root.querySelector("#dreg-form")?.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const d = new FormData(ev.target);
    const body = { id: uuid7(), title: d.get("title").trim(), kind: d.get("kind"), unit_id: d.get("unit_id"), held_on: d.get("held_on"),
      participants: Number(d.get("participants")), scripted: !!d.get("scripted"), departments: d.getAll("dept") };
    const note = d.get("note").trim();
    if (note) body.note = note;
    act("drill.register", body, t("dreg.registered"));
  });
}
