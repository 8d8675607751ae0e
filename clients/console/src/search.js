// 搜索: one box for teams, incidents, people and places. Teams and open incidents are matched on the
// board this desk already holds; people (team members, member.search) and places (the gazetteer,
// place.search) are asked of the server, within the desk's scope. The answers are grouped under the
// box; a click or Enter on one calls onPick({kind, item}).
import { conn } from "./session.js";
import { language, t } from "./i18n.js";
import { can, state, teamName } from "./state.js";
import { html, setHtml } from "./ui.js";
import { placeLabel, placeWhere } from "./places.js";
import { attachSuggestions } from "./suggest.js";

const PER_GROUP = 5;
const has = (q, ...texts) => texts.some((s) => s && String(s).toLowerCase().includes(q));

function boardMatches(q) {
  const needle = q.toLowerCase();
  const teams = [...state.teams.values()].filter((tm) => has(needle, tm.name, tm.name_en, tm.id))
    .sort((a, b) => teamName(a, language()).length - teamName(b, language()).length).slice(0, PER_GROUP);
  const incidents = [...state.incidents.values()].filter((i) => i.status !== "closed" && has(needle, i.number, i.title, i.place_name))
    .slice(0, PER_GROUP);
  return { teams, incidents };
}

const line = (kind, i, main, where) => html`<button type="button" class="place-option" data-kind="${kind}" data-i="${i}"><b>${main}</b> <span class="muted">${where}</span></button>`;

export function attachSearch(input, onPick) {
  const list = attachSuggestions(input, {
    find: async (q) => {
      const [people, places] = await Promise.all([
        can("member.search") ? conn.request("member.search", { q, limit: PER_GROUP }) : null,
        conn.request("place.search", { q, limit: PER_GROUP })]);
      const { teams, incidents } = boardMatches(q);
      return [
        ...teams.map((tm) => ({ kind: "team", item: tm, label: teamName(tm, language()), where: t("kind." + tm.kind) })),
        ...incidents.map((i) => ({ kind: "incident", item: i, label: `${i.number} ${i.title}`, where: i.place_name || "" })),
        ...(people?.ok ? people.result.members : []).map((m) => {
          const tm = state.teams.get(m.team_id);
          return { kind: "person", item: m, label: m.name, where: [tm ? teamName(tm, language()) : "", m.skills].filter(Boolean).join(" · ") };
        }),
        ...(places.ok ? places.result.places : []).map((p) => ({ kind: "place", item: p, label: placeLabel(p), where: placeWhere(p) })),
      ];
    },
    // Grouped: teams, incidents, people, places.
    draw: (el, shown) => {
      const groups = ["team", "incident", "person", "place"].filter((k) => shown.some((r) => r.kind === k));
      setHtml(el, html`${groups.map((k) => html`<div class="search-group" data-group="${k}"><div class="search-head">${t("search.group." + k)}</div>
        ${shown.map((r, i) => (r.kind === k ? line(k, i, r.label, r.where) : ""))}</div>`)}`);
    },
    none: () => t("search.none"),
    labelOf: (r) => r.label,
    onPick,
  });
  list.classList.add("search-list");
}
