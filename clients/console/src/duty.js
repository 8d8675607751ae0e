// Duty: the duty level in force and what holds it up, who is on shift, the handover notes with the
// open items the incoming shift signs for, the hours of the coming week no shift covers, the shift
// log; log an entry, hand over, or sign the handover received.
import { conn } from "./session.js";
import { language, localTime, nameBesideRole, t } from "./i18n.js";
import { can, state } from "./state.js";
import { errText, html, setHtml } from "./ui.js";
import { openPrint } from "./journal.js";

export async function renderDuty(panel) {
  const r = await conn.request("duty.current");
  if (state.tab !== "duty") return;
  if (!r.ok) { setHtml(panel, html`<p class="error">${errText(r)}</p>`); return; }
  const d = r.result;
  const prev = d.previous?.handed_over_at ? d.previous : null;
  // The incoming shift signs what the previous one handed over: its officer or leader, once.
  const mine = d.shift && [d.shift.officer_id, d.shift.leader_id].includes(state.user?.id);
  const mayAccept = prev && !prev.accepted_at && mine && can("duty.accept_handover");
  setHtml(panel, html`${dutyLevelHtml(d.duty_level)}${gapsHtml(d.gaps)}${d.shift ? html`
    <p>${t("duty.shift")}: ${localTime(d.shift.starts_at)} – ${localTime(d.shift.ends_at)}</p>
    <p>${t("duty.officer")}: <b>${nameBesideRole(d.officer?.display_name, "duty.officer")}</b> · ${t("duty.leader")}: <b>${nameBesideRole(d.leader?.display_name, "duty.leader")}</b></p>
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

// 未排班: hours of the coming week no shift covers, so the roster is completed before they come.
function gapsHtml(gaps) {
  if (!gaps?.length) return "";
  return html`<div class="duty-gaps error" data-gaps="${gaps.length}"><b>${t("duty.gaps")}</b>
    <ul>${gaps.map((g) => html`<li>${localTime(g.from)} – ${localTime(g.to)}</li>`)}</ul></div>`;
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
