// A team's real state for the list, the map and the detail: its readiness as set, unless an open
// task says more (ordered, accepted, en route, on scene, returning: task_status in enums.json), and
// how old its last position fix is on the server's clock (stale after 15 min). No DOM.
import { t } from "./i18n.js";
import { serverNow, state } from "./state.js";

export const STALE_MS = 15 * 60e3;
// The most advanced open task wins when a team has several.
const activeOrder = ["on_scene", "en_route", "returning", "acknowledged", "ordered"];
export const activeStatuses = new Set(activeOrder);

export const tasksOf = (teamId) => [...state.tasks.values()].filter((k) => k.team_id === teamId && activeStatuses.has(k.status))
  .sort((a, b) => activeOrder.indexOf(a.status) - activeOrder.indexOf(b.status) || (b.updated_at ?? 0) - (a.updated_at ?? 0));
export const activeTask = (teamId) => tasksOf(teamId)[0] ?? null;

// { key: the class/colour key, label: words, task } — key is "task-<status>" for a tasked team.
export function teamStatus(tm) {
  const k = tm ? activeTask(tm.id) : null;
  if (k) return { key: k.status, tasked: true, label: t("teamstate." + k.status), task: k };
  return { key: tm?.readiness ?? "available", tasked: false, label: t("readiness." + (tm?.readiness ?? "available")), task: null };
}

// "3 分钟前 / 3 min ago" from a time in ms on the server's clock.
export function ago(atMs, now = serverNow()) {
  const m = Math.max(0, Math.floor((now - atMs) / 60e3));
  if (m < 1) return t("age.now");
  if (m < 60) return t("age.min", { n: m });
  if (m < 24 * 60) return m % 60 ? t("age.hour_min", { h: Math.floor(m / 60), m: m % 60 }) : t("age.hour", { h: m / 60 });
  return t("age.day", { n: Math.floor(m / 1440) });
}
const fixMs = (tm) => (tm?.position_at == null ? null : typeof tm.position_at === "number" ? tm.position_at : Date.parse(tm.position_at));
// { at, stale, none }: none = no fix ever reported (the marker stands at the team's base).
export function fixOf(tm, now = serverNow()) {
  const at = fixMs(tm);
  if (!Number.isFinite(at)) return { at: null, stale: false, none: true };
  return { at, stale: now - at > STALE_MS, none: false };
}
export function fixText(tm, now = serverNow(), short = false) {
  const f = fixOf(tm, now);
  if (f.none) return t(short ? "fix.none_short" : "fix.none");
  return t(f.stale ? "fix.stale" : "fix.age", { ago: ago(f.at, now) });
}

// Who a handheld's fix came from: its user's name, or the terminal it came over (北斗 4207733).
export function deviceLabel(d) {
  if (d.device_name) return d.device_name;
  const at = d.device.indexOf(":");
  if (at > 0) return t("device.terminal", { chan: t("chan." + d.device.slice(0, at)), address: d.device.slice(at + 1) });
  return d.device || t("device.unknown");
}
