// Place names as people type them (港口镇渔港, 东岙村): the gazetteer's candidates from the server
// (place.search), offered under an input to pick from. The incident form takes the picked place's
// coordinates; the map's search box flies to it.
import { conn } from "./session.js";
import { language, t } from "./i18n.js";
import { html, setHtml } from "./ui.js";

export const placeLabel = (p) => (language() === "zh" ? p.name : p.name_en || p.name);
const placeWhere = (p) => [p.kind === "village" ? t("place.village") : t("place.township"), p.county].filter(Boolean).join(" · ");

// Under `input`, the places matching what is typed (after a short pause); a click or Enter on one
// calls onPick(place). Returns nothing; the list lives in a sibling element it creates.
export function attachPlacePicker(input, onPick) {
  const list = document.createElement("div");
  list.className = "place-list";
  list.hidden = true;
  input.after(list);
  input.setAttribute("autocomplete", "off");
  let timer = 0, asked = 0, shown = [];
  const close = () => { list.hidden = true; shown = []; };
  const pick = (p) => { input.value = p.name; close(); onPick(p); };
  input.addEventListener("input", () => {
    clearTimeout(timer);
    const q = input.value.trim();
    if (!q) { close(); return; }
    timer = setTimeout(async () => {
      const mine = ++asked;
      const r = await conn.request("place.search", { q, limit: 8 });
      if (mine !== asked || !input.isConnected) return;  // an older answer, or the form is gone
      shown = r.ok ? r.result.places : [];
      if (!shown.length) { setHtml(list, html`<div class="muted">${t("place.none")}</div>`); list.hidden = false; return; }
      setHtml(list, html`${shown.map((p, i) => html`<button type="button" class="place-option" data-i="${i}">
        <b>${placeLabel(p)}</b> <span class="muted">${placeWhere(p)}</span></button>`)}`);
      list.hidden = false;
      list.querySelectorAll("[data-i]").forEach((b) => b.addEventListener("click", () => pick(shown[Number(b.dataset.i)])));
    }, 250);
  });
  input.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" && shown.length) { ev.preventDefault(); pick(shown[0]); }
    else if (ev.key === "Escape" && !list.hidden) { ev.stopPropagation(); close(); }
  });
}
