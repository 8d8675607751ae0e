// Notices: every envelope the bus delivers to this user — deadline escalations, rule and
// consultation notices from the system (`role:system`), field reports from teams, text from users.
// Each is acknowledged "device" as soon as it arrives (bus.md §2: the server re-sends over IP until
// it has that receipt), once per envelope id: a re-sent copy is acked again only when the first
// ack was not committed (say the connection dropped). Opening a notice sends the "human" ack, the
// read receipt, once. The text is always a sentence in the console's language, never the raw body.
import { conn } from "./session.js";
import { hasText as has, language, localTime, t } from "./i18n.js";
import { serverNow, state, teamName } from "./state.js";
import { errText, html, setHtml } from "./ui.js";
import { canCompose, composeDialog, sentList } from "./compose.js";

const precedences = ["flash", "immediate", "priority", "routine"];
const kinds = ["order", "status", "position", "report", "warning", "text", "receipt", "task", "notice"];
// Counted so tests can see each envelope arrived and was acked exactly once (like lifelineAlarms).
const seen = (window.lifelineEnv = { frames: 0, byId: {}, acks: {} });

const str = (v) => (typeof v === "string" ? v : "");
const ms = (v) => (typeof v === "number" ? v : Date.parse(v ?? ""));
export const precedenceOf = (env) => (precedences.includes(env.precedence) ? env.precedence : "routine");
const exercise = (env) => !!env.realm && env.realm !== "live";
const createdAt = (n) => (Number.isFinite(ms(n.env.created)) ? ms(n.env.created) : n.received_at);

// One `env` frame: kept (once per envelope id) and acknowledged. True when the view changed.
export function receiveEnv(f) {
  const env = f?.envelope;
  if (!env || typeof env.id !== "string") return false;
  seen.frames++;
  seen.byId[env.id] = (seen.byId[env.id] ?? 0) + 1;
  let n = state.notices.get(env.id), added = false;
  if (!n) {
    n = { id: env.id, env, received_at: serverNow(), device: "none", human: "none", open: false, read_at: null, error: "" };
    state.notices.set(env.id, n);
    state.changed.add("notices");
    added = true;
  }
  if (n.device === "none") ack(n, "device");
  return added;
}

async function ack(n, level) {
  n[level] = "sending";
  (seen.acks[n.id] ??= { device: 0, human: 0 })[level]++;
  const r = await conn.ack(n.id, level);
  // Not committed: "none" again, so the server's next re-send (or a click) acks once more.
  n[level] = r.ok ? "done" : "none";
  if (level === "human") {
    if (r.ok) n.read_at = serverNow();
    n.error = r.ok ? "" : errText(r);
    state.changed.add("notices");
    document.dispatchEvent(new Event("lifeline:render"));
  }
}

// A click on a notice: open (or close) it; the first opening sends the read receipt.
export function openNotice(id) {
  const n = state.notices.get(id);
  if (!n) return;
  n.open = !n.open;
  if (n.human === "none") ack(n, "human");
  state.changed.add("notices");
  document.dispatchEvent(new Event("lifeline:render"));
}

export const unreadNotices = () => [...state.notices.values()].filter((n) => n.human !== "done");

// Who sent it, as a person reads it: the system, a team's name, a user's name — never an address.
export function senderName(from) {
  const s = str(from), i = s.indexOf(":"), kind = s.slice(0, i), id = s.slice(i + 1);
  if (s === "role:system") return t("notice.system");
  if (kind === "team") return teamName(state.teams.get(id), language()) || t("notice.a_team");
  if (kind === "user") return (id === state.user?.id ? state.user.display_name : state.users.get(id)) || t("notice.a_user");
  if (kind === "role" && has("role." + id)) return t("role." + id);
  if (kind === "dept") return t("notice.a_department");
  return t("notice.unknown_sender");
}

const kindLabel = (k) => (kinds.includes(k) ? t("msgkind." + k) : t("msgkind.other"));

// The deadline an escalation notice is about, by its title (or its kind when it has none).
function deadlineTitle(b) {
  const title = str(language() === "zh" ? b.title_zh : b.title_en) || str(b.title_zh) || str(b.title_en);
  if (title) return title;
  return has("dlkind." + b.kind) ? t("dlkind." + b.kind) : t("dl.title");
}

// The notice's text in the console's language, from whichever body the sender used.
export function noticeText(env) {
  const b = env.body && typeof env.body === "object" && !Array.isArray(env.body) ? env.body : {};
  // A missed deadline escalated (command/deadlines: deadline_id, kind, subject, title_zh/en, level, due_at).
  if (b.deadline_id && b.due_at) return t("notice.deadline", { due: localTime(b.due_at), n: Number(b.level) || 1, title: deadlineTitle(b) });  // the title last: its text is not searched for {…}
  // Rule and consultation notices carry their own sentence in both languages.
  const message = str(language() === "zh" ? b.message_zh : b.message_en) || str(b.message_zh) || str(b.message_en);
  if (message) return message;
  if (str(b.text)) return b.text;
  if (env.kind === "order" && has("what." + b.what)) return [t("what." + b.what), str(b.note)].filter(Boolean).join(" · ");
  const status = str(b.status);
  if (status && has("task." + status)) return [t("notice.task_status", { s: t("task." + status) }), str(b.reason)].filter(Boolean).join(" · ");
  if (Number.isFinite(b.lat) && Number.isFinite(b.lon)) return t("notice.position", { lat: b.lat.toFixed(4), lon: b.lon.toFixed(4) });
  if (str(b.title)) return b.title;
  return t("notice.no_text");
}

function details(n) {
  const b = n.env.body && typeof n.env.body === "object" ? n.env.body : {};
  const parts = [];
  if (str(b.reported_at)) parts.push(t("notice.reported_at", { t: localTime(b.reported_at) }));
  parts.push(n.human === "done" ? t("notice.read_sent", { t: localTime(n.read_at) }) : n.human === "sending" ? t("notice.read_sending") : t("notice.unread"));
  if (Number.isFinite(ms(n.env.expires))) parts.push(t("notice.expires", { t: localTime(n.env.expires) }));
  return parts.join(" · ");
}

function card(n) {
  const env = n.env, p = precedenceOf(env), unread = n.human !== "done";
  return html`<article class="notice clickable edge-${p}${unread ? " unread" : ""}${n.open ? " open" : ""}" data-notice="${n.id}" tabindex="0">
    <div class="notice-head">${unread ? html`<span class="dot" title="${t("notice.unread")}"></span>` : ""}
      <b class="prec-${p}">${t("precedence." + p)}</b><span class="chip">${kindLabel(env.kind)}</span>
      ${exercise(env) ? html`<span class="ex-tag">${t("notice.exercise")}</span>` : ""}
      <span class="from">${senderName(env.from)}</span><span class="spacer"></span><span class="muted time">${localTime(createdAt(n))}</span></div>
    <div class="notice-text">${noticeText(env)}</div>
    ${n.open ? html`<div class="muted notice-meta">${details(n)}</div>` : ""}
    ${n.error ? html`<p class="error">${n.error}</p>` : ""}</article>`;
}

export function renderNotices(panel) {
  const rows = [...state.notices.values()].sort((a, b) => createdAt(b) - createdAt(a));
  const unread = rows.filter((n) => n.human !== "done").length;
  setHtml(panel, html`${canCompose() ? html`<div class="row"><button id="compose" class="small">${t("compose.title")}</button></div>` : ""}
    ${rows.length ? html`<p class="muted">${t("notice.summary", { n: rows.length, u: unread })}</p><div class="notices">${rows.map(card)}</div>`
    : html`<p class="muted">${t("notice.none")}</p>`}${sentList()}`);
  panel.querySelector("#compose")?.addEventListener("click", () => composeDialog());
  for (const el of panel.querySelectorAll("[data-notice]")) {
    el.addEventListener("click", () => openNotice(el.dataset.notice));
    el.addEventListener("keydown", (ev) => { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); openNotice(el.dataset.notice); } });
  }
}

// The unread count on the tab.
export function renderNoticesBadge(el) {
  const n = unreadNotices().length;
  el.hidden = n === 0;
  el.textContent = String(n);
  el.classList.toggle("urgent", unreadNotices().some((x) => ["flash", "immediate"].includes(precedenceOf(x.env))));
}
