// The journal's entries (schema/journal.md) as sentences in the current language: who did what,
// by name and number, never an id or a raw field. Used by the 日志 screen, its CSV and the print
// pages (sitrep.js), so no DOM and no console state beyond the enumerations.
import { language, localTime, t } from "./i18n.js";
import { state } from "./state.js";

const en = () => language() === "en";
const pick = (zh, english) => (en() ? english || zh : zh || english) ?? "";
export const typeLabel = (k) => state.enums?.incident_types?.[k]?.[en() ? "en" : "zh"] ?? k ?? "";
export const romanLevel = (l) => (l ? ["", "I", "II", "III", "IV"][l] ?? String(l) : t("level.none"));
const known = (prefix, v) => (v ? t(prefix + v) : "");
// The same key with a fallback when the server sent a value this console has no word for.
const word = (prefix, v) => { const s = t(prefix + v); return s === prefix + v ? String(v ?? "") : s; };

// Who did it: a user's or a team's name, else the system or a rule.
export function who(e) {
  if (e.actor_name) return e.actor_name;
  if (String(e.actor).startsWith("rule:")) return t("jr.actor.rule");
  if (String(e.actor).startsWith("device:") || String(e.actor).startsWith("gateway:")) return t("jr.actor.device");
  return t("jr.actor.system");
}
export const incidentLabel = (s) => (s.incident_number ? `${s.incident_number} ${s.incident_title ?? ""}`.trim() : "");
const teamLabel = (s) => pick(s.team_name, s.team_name_en);
const whatLabel = (s) => (s.what ? word("what.", s.what) : "");
const linesLabel = (lines = []) => lines.map((l) => `${pick(l.item_name, l.item_name_en)} ${l.qty}${l.unit ? " " + l.unit : ""}`).join(en() ? ", " : "、");
const reason = (r) => (r ? t("jr.reason", { r }) : "");
// Why a delivery expired, as the server records it (delivery_ops.cpp, task_orders.cpp), in words.
export const deliveryReason = (r) => (!r ? "" : r.startsWith("withdrawn:") ? t("receipt.withdrawn")
  : r.startsWith("superseded by") ? t("receipt.superseded") : r);

// An incident's facts changed: 死亡 3→11 · 受伤 2→5.
function changes(s) {
  const after = s.changes ?? {}, before = s.before ?? {};
  const arrow = (b, a) => (b === undefined || b === null || b === a ? `${a}` : `${b}→${a}`);
  const parts = [];
  for (const [k, v] of Object.entries(after)) {
    if (k === "casualties")
      for (const f of ["dead", "missing", "injured"]) { if (before.casualties?.[f] !== v[f]) parts.push(`${t("inc." + f)} ${arrow(before.casualties?.[f], v[f])}`); }
    else if (k === "losses_yuan") parts.push(`${t("inc.losses")} ${arrow(before.losses_yuan?.toLocaleString?.(), Number(v).toLocaleString())}`);
    else if (k === "type") parts.push(`${t("inc.type")} ${arrow(before.type === undefined ? undefined : typeLabel(before.type), typeLabel(v))}`);
    else if (k === "place") parts.push(`${t("inc.place")} ${arrow(before.place?.name, v?.name)}`);
    else if (k === "title") parts.push(`${t("inc.title")} ${arrow(before.title, v)}`);
    else if (k === "hazmat") parts.push(t(v ? "inc.hazmat_on" : "inc.hazmat_off"));
  }
  return parts.join(" · ");
}

function messageLabel(s) {
  if (s.message_kind === "order") return t("jr.msg.order", { what: whatLabel(s) || t("jr.msg.order_plain") });
  return word("jr.msg.", s.message_kind || "text");
}
const toLabel = (to = []) => to.map((a) => (a.kind === "role" ? known("role.", a.name) : a.kind === "all" ? t("jr.to.all") : pick(a.name, a.name_en))).join(en() ? ", " : "、");

// One entry as a sentence, naming its incident when the words alone do not (a deadline's title).
export function sentence(e) {
  const text = sentenceOnly(e), s = e.summary ?? {};
  return s.incident_number && !text.includes(s.incident_number) ? text + t("jr.for_incident", { inc: incidentLabel(s) }) : text;
}
function sentenceOnly(e) {
  const s = e.summary ?? {};
  const v = { who: who(e), inc: incidentLabel(s), team: teamLabel(s), what: whatLabel(s), level: romanLevel(s.level) };
  switch (e.kind) {
    case "incident.created":
      return t("jr.incident.created", { ...v, type: typeLabel(s.type), place: s.place || "", dead: s.casualties?.dead ?? 0,
        missing: s.casualties?.missing ?? 0, injured: s.casualties?.injured ?? 0 });
    case "incident.updated": return t("jr.incident.updated", { ...v, changes: changes(s) });
    case "incident.status_changed": return t("jr.incident.status_changed", { ...v, from: word("status.", s.from), to: word("status.", s.to) }) + reason(s.reason);
    case "incident.reported_up": {
      const which = s.number === 1 ? t("inc.first_report") : `${t("inc.follow_up")} ${Math.max(1, (s.number ?? 2) - 1)}`;
      return t("jr.incident.reported_up", { ...v, to: (language() === "en" && s.to_unit_name_en) || s.to_unit_name || "", which, text: s.text ?? "" });
    }
    case "incident.level_proposed":
      return t("jr.incident.level_proposed", { ...v, rule: pick(s.title_zh, s.title_en), approver: known("role.", s.approver) });
    case "incident.level_set":
      return s.by_rule ? t("jr.incident.level_set_rule", { ...v, reason: s.reason ?? "" })
        : t("jr.incident.level_set", { ...v, who: s.approved_by_name || v.who }) + (s.reason && s.reason !== "-" ? t("jr.because", { r: s.reason }) : "");
    case "warning.level_proposed":
      return t("jr.warning.level_proposed", { ...v, warning: pick(s.headline_zh, s.headline_en), approver: known("role.", s.approver) });
    case "warning.level_approved":
      return s.by_rule ? t("jr.warning.level_set_rule", { ...v, warning: pick(s.headline_zh, s.headline_en) })
        : t("jr.warning.level_approved", { ...v, who: s.approved_by_name || v.who, warning: pick(s.headline_zh, s.headline_en) });
    case "warning.issued": case "warning.updated": case "warning.cancelled":
      return t("jr." + e.kind, { dept: pick(s.department_name, s.department_name_en) || v.who, colour: s.colour ? t("colour." + s.colour) : "",
        headline: pick(s.headline_zh, s.headline_en) });
    case "task.created": return t("jr.task.created", v) + (v.inc ? t("jr.for_incident", v) : "");
    case "task.status_changed":
      return t("jr.task.status_changed", { ...v, from: word("task.", s.from), to: word("task.", s.to) }) + reason(s.reason);
    case "release.ordered": case "release.approved": case "release.departed": case "release.arrived": case "release.cancelled":
      return t("jr." + e.kind, { ...v, depot: pick(s.depot_name, s.depot_name_en), dest: s.destination ?? "", lines: linesLabel(s.lines) })
        + (v.inc ? t("jr.for_incident", v) : "") + reason(s.reason);
    case "bus.delivery_changed":
      return t("jr.receipt." + (s.state || "delivered"), { msg: messageLabel(s), team: v.team, recipient: pick(s.recipient_name, s.recipient_name_en) || t("jr.someone") })
        + (s.answer === "reject" ? t("jr.rejected") : "") + (s.state === "failed" || s.state === "expired" ? reason(deliveryReason(s.reason)) : "");
    case "bus.message_accepted":
      return t("jr.message", { from: s.from_name || v.who, to: toLabel(s.to), kind: messageLabel(s), precedence: known("precedence.", s.precedence) })
        + (pick(s.text_zh, s.text_en) ? (en() ? `: ${pick(s.text_zh, s.text_en)}` : `：${pick(s.text_zh, s.text_en)}`) : "");
    case "consultation.opened": case "consultation.started": case "consultation.closed": case "consultation.minuted":
    case "consultation.joined": case "consultation.decided": case "consultation.decision_updated":
      return t("jr." + e.kind, { ...v, title: s.consultation_title ?? "", text: s.text ?? s.decision_text ?? "", summary: s.summary ?? "",
        dept: pick(s.department_name, s.department_name_en) || v.who, owner: s.owner_name ?? "", due: localTime(s.due_at),
        status: word("cons.dstatus.", s.status), note: s.note ?? "" });
    case "deadline.opened": case "deadline.escalated": case "deadline.missed": case "deadline.met": case "deadline.cancelled":
    case "deadline.acknowledged": case "deadline.silenced":
      return t("jr." + e.kind, { title: pick(s.title_zh, s.title_en) || pick(s.about_zh, s.about_en), due: localTime(s.due_at),
        role: known("role.", s.to_role), by: s.by_name || v.who, minutes: s.minutes ?? "" });
    case "shift.handed_over": return t("jr.shift.handed_over", { ...v, note: s.note ?? "" });
    case "shift.handover_accepted": return s.note ? t("jr.shift.accepted_note", { ...v, note: s.note }) : t("jr.shift.accepted", v);
    case "shift.logged": return t("jr.shift.logged", { ...v, text: s.text ?? "" });
    case "duty.level_raised":
      return t("jr.duty.level_raised", { n: s.readiness_percent ?? "", leader: s.leader_24h ? (en() ? ", " : "，") + t("duty.leader_24h") : "",
        title: pick(s.title_zh, s.title_en) || pick(s.about_zh, s.about_en) });
    case "duty.level_released": return t("jr.duty.level_released", { about: pick(s.about_zh, s.about_en) || t("duty.level_subject") });
    default: return t("jr.other", { who: v.who, about: pick(s.about_zh, s.about_en) });
  }
}

// CSV (RFC 4180) with a UTF-8 BOM so that Excel opens Chinese text correctly. A cell that begins
// like a formula (= + - @, a tab or CR) gets a leading ' so a spreadsheet shows it as text and runs
// nothing (names and notes come from users).
export function csv(rows) {
  const cell = (x) => { const s = String(x ?? ""); return `"${(/^[=+\-@\t\r]/.test(s) ? "'" + s : s).replace(/"/g, '""')}"`; };
  return "\ufeff" + rows.map((r) => r.map(cell).join(",")).join("\r\n") + "\r\n";
}
export function download(name, text, type = "text/csv;charset=utf-8") {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url; a.download = name;
  document.body.append(a); a.click(); a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
// The journal's rows for CSV: time (local), who, what (the sentence), incident.
export const journalCsv = (entries) => csv([[t("jr.csv.time"), t("jr.csv.who"), t("jr.csv.what"), t("jr.csv.incident")],
  ...entries.map((e) => [fullTime(e.at), who(e), sentence(e), incidentLabel(e.summary ?? {})])]);
// A full local date and time (Asia/Shanghai) for the printed pages and the CSV.
export function fullTime(ms) {
  if (ms === null || ms === undefined || ms === "") return "";
  if (typeof ms === "string") ms = Date.parse(ms);
  return new Date(ms).toLocaleString(en() ? "en-GB" : "zh-CN", { timeZone: "Asia/Shanghai", hour12: false, year: "numeric",
    month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" });
}
