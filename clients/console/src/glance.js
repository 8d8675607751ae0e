// The at-a-glance strip: open incidents by level, notices this user has not read, orders not yet
// taken by their team, orders overdue for their receipt, what waits for this user's approval, alarms not yet acknowledged, the next deadline, links down. Each item opens its screen (one click).
import { t } from "./i18n.js";
import { state, serverNow } from "./state.js";
import { activeAlarms, countdown, silenced, upcoming } from "./deadlines.js";
import { linksDown } from "./links.js";
import { roman } from "./board.js";
import { html, setHtml } from "./ui.js";
import { precedenceOf, unreadNotices } from "./notices.js";
import { lateOrders } from "./tasking.js";
import { pendingApprovals } from "./approvals.js";

export function renderGlance(el) {
  // A department's desk commands no team: no orders or links to count (their screens are not there).
  const commands = state.user?.role !== "department";
  const open = [...state.incidents.values()].filter((i) => i.status !== "closed");
  const byLevel = [1, 2, 3, 4].map((l) => [l, open.filter((i) => i.level === l).length]).filter(([, n]) => n);
  // Orders the team has not yet taken (task still 已派): counted from the tasks, which a fresh page
  // and one open for hours hold alike (the deliveries of closed orders stay in a long-open page).
  const unread = [...state.tasks.values()].filter((k) => k.status === "ordered").length;
  const next = upcoming()[0];  // the next to fall due, not the oldest overdue (those are the alarms)
  const alarms = activeAlarms(), loud = alarms.some((d) => !silenced(d));
  const down = linksDown();
  const late = lateOrders().length;  // orders past their precedence's receipt limit
  const notices = unreadNotices(), urgent = notices.some((n) => ["flash", "immediate"].includes(precedenceOf(n.env)));
  setHtml(el, html`
    <button data-go="incidents" class="glance-item">${t("glance.incidents", { n: open.length })}
      ${byLevel.map(([l, n]) => html`<span class="badge level-${l}">${roman(l)}×${n}</span>`)}</button>
    <button data-go="notices" id="glance-notices" class="glance-item ${urgent ? "bad" : notices.length ? "warn" : ""}">${t("glance.notices", { n: notices.length })}</button>
    ${commands ? html`<button data-go="orders" class="glance-item ${unread ? "warn" : ""}">${t("glance.unread", { n: unread })}</button>` : ""}
    ${late ? html`<button data-go="orders" id="glance-late" class="glance-item bad">${t("glance.late", { n: late })}</button>` : ""}
    ${pendingApprovals() ? html`<button data-go="approvals" id="glance-approvals" class="glance-item warn">${t("glance.approvals", { n: pendingApprovals() })}</button>` : ""}
    ${alarms.length ? html`<button data-go="deadlines" id="glance-alarms" class="glance-item ${loud ? "overdue" : "bad"}">${t("glance.alarms", { n: alarms.length })}</button>` : ""}
    <button data-go="deadlines" class="glance-item" id="glance-deadline">${next
      ? t("glance.next_deadline", { t: countdown(next.due_at - serverNow()) }) : t("glance.no_deadline")}</button>
    ${commands ? html`<button data-go="links" class="glance-item ${down ? "bad" : ""}">${t("glance.links_down", { n: down })}</button>` : ""}`);
}
