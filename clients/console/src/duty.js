// Duty: the duty level in force and what holds it up, who is on shift, the handover notes, the
// shift log; log an entry or hand over.
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
  const prevNote = d.previous?.handover_note;
  setHtml(panel, html`${dutyLevelHtml(d.duty_level)}${d.shift ? html`
    <p>${t("duty.shift")}: ${localTime(d.shift.starts_at)} – ${localTime(d.shift.ends_at)}</p>
    <p>${t("duty.officer")}: <b>${nameBesideRole(d.officer?.display_name, "duty.officer")}</b> · ${t("duty.leader")}: <b>${nameBesideRole(d.leader?.display_name, "duty.leader")}</b></p>
    ${prevNote ? html`<div class="note"><span class="muted">${t("duty.prev_note")}</span><div>${prevNote}</div></div>` : ""}
    ${d.shift.handover_note ? html`<div class="note"><span class="muted">${t("duty.note")}</span><div>${d.shift.handover_note}</div></div>` : ""}
    <h3>${t("duty.log")}</h3><ul class="timeline">${d.log.length ? d.log.map((l) => html`<li>${localTime(l.at)} ${l.text}</li>`) : html`<li class="muted">${t("duty.nolog")}</li>`}</ul>
    ${can("duty.log") ? html`<div class="row"><input id="duty-text" placeholder="${t("duty.add")}"><button id="duty-add">${t("duty.add")}</button></div>` : ""}
    ${can("duty.handover") ? html`<div class="row"><input id="duty-note" placeholder="${t("duty.note")}"><button id="duty-handover" class="ghost">${t("duty.handover")}</button></div>` : ""}
    <p class="error" id="duty-error"></p>
    <div class="row"><button id="duty-print" class="ghost">${t("print.handover")}</button></div>`
    : html`<p class="muted">${t("duty.none")}</p>`}`);
  panel.querySelector("#duty-print")?.addEventListener("click", () => openPrint({ shift: "current" }));
  const act = async (op, input) => {
    const text = panel.querySelector(input).value.trim();
    if (!text) return;
    const res = await conn.request(op, op === "duty.log" ? { text } : { note: text });
    if (res.ok) renderDuty(panel); else panel.querySelector("#duty-error").textContent = errText(res);
  };
  panel.querySelector("#duty-add")?.addEventListener("click", () => act("duty.log", "#duty-text"));
  panel.querySelector("#duty-handover")?.addEventListener("click", () => act("duty.handover", "#duty-note"));
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
