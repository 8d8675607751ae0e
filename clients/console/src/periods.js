// The governance calendar's period names in words (schema/hazards.md): "2026-10" → 2026年10月 /
// October 2026, "2026-Q3" → 2026年第3季度 / Q3 2026, "2026-W41" → 2026年第41周 / week 41 of 2026,
// "2026-10-H1" → 2026年10月上半月 / first half of October 2026. Never the code itself on screen.
import { language, t } from "./i18n.js";

const en = () => language() === "en";
const monthName = (m) => new Date(Date.UTC(2000, m - 1, 1)).toLocaleString("en-GB", { month: "long", timeZone: "UTC" });

export const monthText = (p) => {
  const [y, m] = p.split("-").map(Number);
  return en() ? `${monthName(m)} ${y}` : `${y}年${m}月`;
};
// A day of the calendar (YYYY-MM-DD, already local) as a round's date: 10月15日 / 15 Oct.
export const dayText = (d) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d ?? "")) return "";
  const [, m, day] = d.split("-").map(Number);
  return en() ? `${day} ${monthName(m).slice(0, 3)}` : `${m}月${day}日`;
};
export const quarterText = (p) => t("gov.quarter", { y: p.slice(0, 4), q: p.slice(6) });

export function periodText(p) {
  if (/^\d{4}-W\d{2}$/.test(p)) return t("scr.week", { y: p.slice(0, 4), w: Number(p.slice(6)) });
  if (/^\d{4}-Q[1-4]$/.test(p)) return quarterText(p);
  if (/^\d{4}-\d{2}-H[12]$/.test(p)) {
    const m = Number(p.slice(5, 7));
    return t(p.endsWith("H1") ? "scr.half1" : "scr.half2", { y: p.slice(0, 4), m: en() ? monthName(m) : m });
  }
  return /^\d{4}-\d{2}$/.test(p) ? monthText(p) : p;
}
