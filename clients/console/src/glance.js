// The at-a-glance strip: open incidents by level, orders not yet read, the next deadline, links
// down. Each item opens its screen (one click).
import { t } from "./i18n.js";
import { state, serverNow } from "./state.js";
import { countdown, openDeadlines, overdue } from "./deadlines.js";
import { linksDown } from "./links.js";
import { roman } from "./board.js";
import { html, setHtml } from "./ui.js";

export function renderGlance(el) {
  const open = [...state.incidents.values()].filter((i) => i.status !== "closed");
  const byLevel = [1, 2, 3, 4].map((l) => [l, open.filter((i) => i.level === l).length]).filter(([, n]) => n);
  const unread = [...state.deliveries.values()].filter((d) => d.kind !== "task" && !["read", "failed", "expired"].includes(d.state)).length;
  const next = openDeadlines()[0];
  const down = linksDown();
  setHtml(el, html`
    <button data-go="incidents" class="glance-item">${t("glance.incidents", { n: open.length })}
      ${byLevel.map(([l, n]) => html`<span class="badge level-${l}">${roman(l)}×${n}</span>`)}</button>
    <button data-go="orders" class="glance-item ${unread ? "warn" : ""}">${t("glance.unread", { n: unread })}</button>
    <button data-go="deadlines" class="glance-item ${next && overdue(next) ? "overdue" : ""}" id="glance-deadline">${next
      ? t("glance.next_deadline", { t: countdown(next.due_at - serverNow()) }) : t("glance.no_deadline")}</button>
    <button data-go="links" class="glance-item ${down ? "bad" : ""}">${t("glance.links_down", { n: down })}</button>`);
}
