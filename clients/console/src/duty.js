// Duty: who is on shift, the handover notes, the shift log; log an entry or hand over.
import { conn } from "./session.js";
import { localTime, t } from "./i18n.js";
import { can, state } from "./state.js";
import { errText, esc } from "./ui.js";

export async function renderDuty(panel) {
  const r = await conn.request("duty.current");
  if (state.tab !== "duty") return;
  if (!r.ok) { panel.innerHTML = `<p class="error">${esc(errText(r))}</p>`; return; }
  const d = r.result;
  const prevNote = d.previous?.handover_note;
  panel.innerHTML = d.shift ? `
    <p>${t("duty.shift")}: ${localTime(d.shift.starts_at)} – ${localTime(d.shift.ends_at)}</p>
    <p>${t("duty.officer")}: <b>${esc(d.officer?.display_name)}</b> · ${t("duty.leader")}: <b>${esc(d.leader?.display_name)}</b></p>
    ${prevNote ? `<div class="note"><span class="muted">${t("duty.prev_note")}</span><div>${esc(prevNote)}</div></div>` : ""}
    ${d.shift.handover_note ? `<div class="note"><span class="muted">${t("duty.note")}</span><div>${esc(d.shift.handover_note)}</div></div>` : ""}
    <h3>${t("duty.log")}</h3><ul class="timeline">${d.log.map((l) => `<li>${localTime(l.at)} ${esc(l.text)}</li>`).join("") || `<li class="muted">${t("duty.nolog")}</li>`}</ul>
    ${can("duty.log") ? `<div class="row"><input id="duty-text" placeholder="${t("duty.add")}"><button id="duty-add">${t("duty.add")}</button></div>` : ""}
    ${can("duty.handover") ? `<div class="row"><input id="duty-note" placeholder="${t("duty.note")}"><button id="duty-handover" class="ghost">${t("duty.handover")}</button></div>` : ""}
    <p class="error" id="duty-error"></p>`
    : `<p class="muted">${t("duty.none")}</p>`;
  const act = async (op, input) => {
    const text = panel.querySelector(input).value.trim();
    if (!text) return;
    const res = await conn.request(op, op === "duty.log" ? { text } : { note: text });
    if (res.ok) renderDuty(panel); else panel.querySelector("#duty-error").textContent = errText(res);
  };
  panel.querySelector("#duty-add")?.addEventListener("click", () => act("duty.log", "#duty-text"));
  panel.querySelector("#duty-handover")?.addEventListener("click", () => act("duty.handover", "#duty-note"));
}
