// Place names as people type them (港口镇渔港, 东岙村): the gazetteer's candidates from the server
// (place.search), offered under an input to pick from. The incident form takes the picked place's
// coordinates; the map's search box flies to it.
import { conn } from "./session.js";
import { language, t } from "./i18n.js";
import { html, setHtml } from "./ui.js";
import { attachSuggestions } from "./suggest.js";

export const placeLabel = (p) => (language() === "zh" ? p.name : p.name_en || p.name);
export const placeWhere = (p) => [p.kind === "village" ? t("place.village") : t("place.township"), p.county].filter(Boolean).join(" · ");

// Under `input`, the places matching what is typed; a click or Enter on one calls onPick(place).
export function attachPlacePicker(input, onPick) {
  attachSuggestions(input, {
    find: async (q) => {
      const r = await conn.request("place.search", { q, limit: 8 });
      return r.ok ? r.result.places : [];
    },
    draw: (list, places) => setHtml(list, html`${places.map((p, i) => html`<button type="button" class="place-option" data-i="${i}">
        <b>${placeLabel(p)}</b> <span class="muted">${placeWhere(p)}</span></button>`)}`),
    none: () => t("place.none"),
    labelOf: (p) => p.name,
    onPick,
  });
}
