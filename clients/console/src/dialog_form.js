// The foot of a form dialog (its error line, the action button, Close) and sending its request:
// every button but Close disabled until the answer, the dialog closed on success, the server's
// error shown in the dialog otherwise. Shared by the hazard, governance and enterprise dialogs.
import { conn } from "./session.js";
import { t } from "./i18n.js";
import { closeDialog, errText, html } from "./ui.js";

export const dialogButtons = (okKey, extra = "") => html`<p class="error" id="dlg-error"></p>
  <div class="row">${extra}<button id="dlg-ok">${t(okKey)}</button><button class="ghost" data-close>${t("common.close")}</button></div>`;

// `explain(r)` may put an error in words better than the catalogue does for this dialog.
export async function submitDialog(el, op, body, explain = errText) {
  const err = el.querySelector("#dlg-error");
  for (const b of el.querySelectorAll("button:not([data-close])")) b.disabled = true;
  err.textContent = "";
  const r = await conn.request(op, body);
  if (r.ok) { closeDialog(); return r; }
  for (const b of el.querySelectorAll("button:not([data-close])")) b.disabled = false;
  err.textContent = explain(r);
  return r;
}

export const dialogError = (el, text) => { el.querySelector("#dlg-error").textContent = text; };
