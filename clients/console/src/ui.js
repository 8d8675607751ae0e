// Small DOM helpers shared by the screens: markup that cannot carry data as markup, the one modal
// dialog, error text.
//
// Every screen builds its markup with the html`…` tag: each ${value} is escaped as text (& < > " '),
// unless it is itself an html`…` result (or an array of them), so a title, a name or a note from a
// user or the server can never become markup or an event handler. setHtml() is the console's only
// innerHTML and takes nothing but html`…`. Attributes in templates are always quoted. Leaflet
// tooltips get DOM nodes (textNode), never strings (a string there is innerHTML too).
import { language } from "./i18n.js";
export const $ = (s) => document.querySelector(s);
export const errText = (r) => (language() === "zh" ? r.error.message_zh : r.error.message_en);

class Html {
  constructor(s) { this.s = s; }
  toString() { return this.s; }
}
const esc = (v) => String(v ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
const part = (v) => (v instanceof Html ? v.s : Array.isArray(v) ? v.map(part).join("") : esc(v));
export const html = (strings, ...values) => new Html(strings.reduce((out, s, i) => out + part(values[i - 1]) + s));
// Markup items with a separator between them (the separator is text).
export const joinHtml = (items, sep = "") => new Html(items.map(part).join(esc(sep)));
export function setHtml(el, markup) {
  if (!(markup instanceof Html)) throw new TypeError("setHtml takes html`…` only");
  el.innerHTML = markup.s;
}
// Text for a Leaflet tooltip or popup: a node, so Leaflet does not parse it as HTML.
export function textNode(text) {
  const span = document.createElement("span");
  span.textContent = text ?? "";
  return span;
}

export function dialog(markup, bind) {
  setHtml($("#dialog-body"), markup);
  $("#dialog").hidden = false;
  for (const b of $("#dialog-body").querySelectorAll("[data-close]")) b.addEventListener("click", closeDialog);
  bind?.($("#dialog-body"));
}
// A UUIDv7 (time first, then random) for an id the console chooses itself, so that a request
// sent again after a lost answer names the same object and cannot create a second one.
export function uuid7() {
  const b = crypto.getRandomValues(new Uint8Array(16));
  let ms = Date.now();
  for (let i = 5; i >= 0; i--) { b[i] = ms % 256; ms = Math.floor(ms / 256); }
  b[6] = (b[6] & 0x0f) | 0x70; b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
export const closeDialog = () => { $("#dialog").hidden = true; $("#dialog-body").replaceChildren(); };
export const dialogOpen = () => !$("#dialog").hidden;
// Esc closes the dialog, as everywhere else.
document.addEventListener("keydown", (ev) => { if (ev.key === "Escape" && dialogOpen()) closeDialog(); });
