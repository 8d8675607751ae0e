// Small DOM helpers shared by the screens: escaping, the one modal dialog, error text.
import { language } from "./i18n.js";
export const $ = (s) => document.querySelector(s);
export const esc = (v) => String(v ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
export const errText = (r) => (language() === "zh" ? r.error.message_zh : r.error.message_en);

export function dialog(html, bind) {
  $("#dialog-body").innerHTML = html;
  $("#dialog").hidden = false;
  for (const b of $("#dialog-body").querySelectorAll("[data-close]")) b.addEventListener("click", closeDialog);
  bind?.($("#dialog-body"));
}
export const closeDialog = () => { $("#dialog").hidden = true; $("#dialog-body").innerHTML = ""; };
export const dialogOpen = () => !$("#dialog").hidden;
