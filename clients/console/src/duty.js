// Duty: the roster of one unit (the desk's own by default; a city or county desk picks one below
// it), the key period in force and the duty level with what holds it up, who is on shift, the
// handover notes with the open items the incoming shift signs for, the hours of the coming week
// the roster leaves uncovered or without its leader (schema/duty.md), the shift log; log an entry,
// hand over, or sign the handover received.
import { conn } from "./session.js";
import { language, localTime, nameBesideRole, t } from "./i18n.js";
import { can, state } from "./state.js";
import { errText, html, setHtml } from "./ui.js";
import { openPrint } from "./journal.js";

// The roster picked on this desk (a unit id), or null for the desk's own.
let picked = null;
let pickedBy = null;  // the user who picked it: another login starts from its own roster

export async function renderDuty(panel) {
  if (pickedBy !== state.user?.id) { picked = null; pickedBy = state.user?.id; }
  // The desk's own roster is asked for without a unit (a squad reads its township's by default).
  const r = await conn.request("duty.current", picked ? { unit_id: picked } : {});
  if (state.tab !== "duty") return;
  if (!r.ok) { setHtml(panel, html`<p class="error">${errText(r)}</p>`); return; }
  const d = r.result;
  const prev = d.previous?.handed_over_at ? d.previous : null;
  // The incoming shift signs what the previous one handed over: its officer or leader, once.
  const mine = d.shift && [d.shift.officer_id, d.shift.leader_id].includes(state.user?.id);
  const mayAccept = prev && !prev.accepted_at && mine && can("duty.accept_handover");
  const uncovered = (d.breaches ?? []).filter((b) => b.rule === "round_the_clock");
  const unled = (d.breaches ?? []).filter((b) => b.rule !== "round_the_clock");
  setHtml(panel, html`${rosterPickerHtml(d)}${keyPeriodsHtml(d)}${dutyLevelHtml(d.duty_level)}${gapsHtml(uncovered)}${breachesHtml(unled)}${d.shift ? html`
    <p>${t("duty.shift")}: ${localTime(d.shift.starts_at)} – ${localTime(d.shift.ends_at)}</p>
    <p>${t("duty.officer")}: <b>${nameBesideRole(d.officer?.display_name, "duty.officer")}</b> · ${t("duty.leader")}: ${d.leader
      ? html`<b>${nameBesideRole(d.leader.display_name, "duty.leader")}</b>` : html`<b class="st-failed" data-no-leader>${t("duty.no_leader")}</b>`}</p>
    ${prev ? handoverHtml(prev, "duty.prev_note") : ""}
    ${mayAccept ? html`<div class="row" data-accept-row><input id="duty-accept-note" placeholder="${t("duty.accept_note")}"><button id="duty-accept">${t("duty.accept")}</button></div>` : ""}
    ${d.shift.handed_over_at ? handoverHtml(d.shift, "duty.note") : ""}
    <h3>${t("duty.log")}</h3><ul class="timeline">${d.log.length ? d.log.map((l) => html`<li>${localTime(l.at)} ${l.text}</li>`) : html`<li class="muted">${t("duty.nolog")}</li>`}</ul>
    ${can("duty.log") ? html`<div class="row"><input id="duty-text" placeholder="${t("duty.add")}"><button id="duty-add">${t("duty.add")}</button></div>` : ""}
    ${can("duty.handover") && !d.shift.handed_over_at ? html`<div class="handover-form"><input id="duty-note" placeholder="${t("duty.note")}">
      <textarea id="duty-items" rows="3" placeholder="${t("duty.items_hint")}"></textarea><button id="duty-handover" class="ghost">${t("duty.handover")}</button></div>` : ""}
    <p class="error" id="duty-error"></p>
    <div class="row"><button id="duty-print" class="ghost">${t("print.handover")}</button></div>`
    : html`<p class="muted">${t("duty.none")}</p>`}`);
  panel.querySelector("#duty-unit")?.addEventListener("change", (ev) => {
    // The desk's own roster (the first choice) is asked for without a unit.
    picked = ev.target.value === d.rosters?.[0]?.id ? null : ev.target.value;
    renderDuty(panel);
  });
  panel.querySelector("#duty-print")?.addEventListener("click", () => openPrint({ shift: "current" }));
  const send = async (op, body) => {
    const res = await conn.request(op, body);
    if (res.ok) renderDuty(panel); else panel.querySelector("#duty-error").textContent = errText(res);
  };
  const value = (sel) => panel.querySelector(sel)?.value.trim() ?? "";
  panel.querySelector("#duty-add")?.addEventListener("click", () => { if (value("#duty-text")) send("duty.log", { text: value("#duty-text") }); });
  panel.querySelector("#duty-handover")?.addEventListener("click", () => {
    if (!value("#duty-note")) { panel.querySelector("#duty-error").textContent = t("duty.note_needed"); return; }
    // One open item per line: what the next shift must follow up.
    const items = value("#duty-items").split("\n").map((l) => l.trim()).filter(Boolean);
    send("duty.handover", { note: value("#duty-note"), open_items: items });
  });
  panel.querySelector("#duty-accept")?.addEventListener("click", () =>
    send("duty.accept_handover", { shift_id: prev.id, ...(value("#duty-accept-note") ? { note: value("#duty-accept-note") } : {}) }));
}

// A handover: its note, the open items, and whether (by whom, when) the incoming shift signed it.
function handoverHtml(s, label) {
  return html`<div class="note" data-handover="${s.id}"><span class="muted">${t(label)} · ${localTime(s.handed_over_at)}</span><div>${s.handover_note}</div>
    ${s.open_items?.length ? html`<div class="muted">${t("duty.items")}</div><ol class="open-items">${s.open_items.map((i) => html`<li>${i}</li>`)}</ol>` : ""}
    <div class="${s.accepted_at ? "muted" : "st-ordered"}" data-accepted="${s.accepted_at ? "yes" : "no"}">${s.accepted_at
      ? t("duty.accepted_by", { who: s.accepted_by_name, t: localTime(s.accepted_at) }) + (s.accept_note ? ` · ${s.accept_note}` : "") : t("duty.not_accepted")}</div></div>`;
}

// 值班表: whose roster this is; a desk with units below it picks one of them (only those in its scope:
// the server lists them).
function rosterPickerHtml(d) {
  const name = (u) => (language() === "en" ? u.name_en || u.name : u.name);
  const rosters = d.rosters ?? [];
  if (rosters.length <= 1) return d.unit ? html`<p class="duty-unit" data-roster="${d.unit.kind}"><b>${t("duty.roster")}</b> ${name(d.unit)}</p>` : "";
  const depth = { city: 0, county: 1, township: 2 };
  const base = depth[rosters[0].kind] ?? 0;
  return html`<p class="duty-unit" data-roster="${d.unit?.kind ?? ""}"><label><b>${t("duty.roster")}</b> <select id="duty-unit">${rosters.map((u) =>
    html`<option value="${u.id}" ${u.id === d.unit?.id ? "selected" : ""}>${"　".repeat(Math.max(0, (depth[u.kind] ?? 0) - base))}${t("duty.unit_option", { name: name(u), kind: t("duty.kind." + u.kind) })}</option>`)}</select></label></p>`;
}

// A local date "2026-06-01" as the reader writes it: 6月1日 / 1 Jun.
function localDate(s) {
  const [y, m, day] = (s ?? "").split("-").map(Number);
  if (!y || !m || !day) return "";
  return language() === "en" ? new Date(Date.UTC(y, m - 1, day)).toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" })
    : `${m}月${day}日`;
}

// 重点时段: the key periods in force (the readiness they ask for and what they add to this level's
// roster) and those beginning within the week; the rules this roster always follows.
function keyPeriodsHtml(d) {
  const en = language() === "en";
  const periods = d.key_periods ?? [];
  const rules = (list) => list.map((r) => (en ? r.rule_en : r.rule_zh)).join(en ? ", " : "、");
  const now = periods.filter((p) => p.in_force), soon = periods.filter((p) => !p.in_force);
  return html`<div class="key-periods" data-key-periods="${now.length ? "in_force" : "none"}"><b>${t("duty.key_period")}</b>
    ${now.length ? now.map((p) => html`<span class="key-period" data-period="${p.period}">${t("duty.period_span", { name: en ? p.name_en : p.name_zh, from: localDate(p.from), to: localDate(p.to) })}
      · ${t("duty.readiness", { n: p.readiness_percent })}${p.rules.length ? ` · ${t("duty.period_adds", { rules: rules(p.rules) })}` : ""}</span>`) : html`<span class="muted">${t("duty.no_key_period")}</span>`}
    ${soon.map((p) => html`<div class="muted" data-period-soon="${p.period}">${t("duty.period_soon", { name: en ? p.name_en : p.name_zh, from: localDate(p.from) })}</div>`)}
    ${d.baseline_rules?.length ? html`<div class="muted">${t("duty.baseline_rules", { rules: rules(d.baseline_rules) })}</div>` : ""}</div>`;
}

// The reason a rule applies, unless it applies at all times.
const because = (b) => (b.because === "baseline" ? "" : ` · ${language() === "en" ? b.because_en : b.because_zh}`);

// 未排班: hours of the coming week no shift covers where this roster must be kept round the clock,
// so the roster is completed before they come.
function gapsHtml(gaps) {
  if (!gaps?.length) return "";
  return html`<div class="duty-gaps error" data-gaps="${gaps.length}"><b>${t("duty.gaps")}</b>
    <ul>${gaps.map((g) => html`<li>${localTime(g.from)} – ${localTime(g.to)}${because(g)}</li>`)}</ul></div>`;
}

// 带班未落实: hours with a shift but no leader where a leader must be on, and days no leader leads.
function breachesHtml(breaches) {
  if (!breaches?.length) return "";
  const en = language() === "en";
  return html`<div class="duty-breaches error" data-breaches="${breaches.length}"><b>${t("duty.breaches")}</b>
    <ul>${breaches.map((b) => html`<li data-rule="${b.rule}"><b>${en ? b.rule_en : b.rule_zh}</b> ${localTime(b.from)} – ${localTime(b.to)}${because(b)}</li>`)}</ul></div>`;
}

// 值守等级: normal duty, or the readiness and the leader on 24 h duty asked for by the warnings and
// incidents still in force (each with its rule), so the desk sees why and until what.
function dutyLevelHtml(level) {
  if (!level) return html`<div class="duty-level" data-duty-level="normal"><b>${t("duty.level")}</b> ${t("duty.level_normal")}</div>`;
  const en = language() === "en";
  return html`<div class="duty-level" data-duty-level="raised"><b>${t("duty.level")}</b>
    ${t("duty.readiness", { n: level.readiness_percent })}${level.leader_24h ? html` · <span class="st-failed">${t("duty.leader_24h")}</span>` : ""}
    <ul class="duty-raises">${level.raises.map((r) => html`<li>${(en ? r.about_en : r.about_zh) || t("duty.level_subject")}
      <span class="muted">· ${(en ? r.title_en : r.title_zh) || t("duty.level_rule")} · ${t("duty.since", { t: localTime(r.raised_at) })}</span></li>`)}</ul></div>`;
}
