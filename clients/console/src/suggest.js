// Suggestions under an input as people type (after a short pause): `find(q)` answers the items
// (an answer to an older question is dropped), `draw(list, items)` fills the list with buttons
// carrying data-i; a click or Enter picks one (the input then shows labelOf(item)), Escape closes
// the list. Shared by the incident form's place picker (places.js) and the map's search (search.js).
import { html, setHtml } from "./ui.js";

export function attachSuggestions(input, { find, draw, none, labelOf, onPick }) {
  const list = document.createElement("div");
  list.className = "place-list";
  list.hidden = true;
  input.after(list);
  input.setAttribute("autocomplete", "off");
  let timer = 0, asked = 0, shown = [];
  const close = () => { list.hidden = true; shown = []; };
  const pick = (item) => { input.value = labelOf(item); close(); onPick(item); };
  input.addEventListener("input", () => {
    clearTimeout(timer);
    const q = input.value.trim();
    if (!q) { close(); return; }
    timer = setTimeout(async () => {
      const mine = ++asked;
      const items = await find(q);
      if (mine !== asked || !input.isConnected) return;  // an older answer, or the input is gone
      shown = items;
      if (!shown.length) setHtml(list, html`<div class="muted">${none()}</div>`);
      else {
        draw(list, shown);
        list.querySelectorAll("[data-i]").forEach((b) => b.addEventListener("click", () => pick(shown[Number(b.dataset.i)])));
      }
      list.hidden = false;
    }, 250);
  });
  input.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" && shown.length) { ev.preventDefault(); pick(shown[0]); }
    else if (ev.key === "Escape" && !list.hidden) { ev.stopPropagation(); close(); }
  });
  return list;
}
