// Hazard screening rounds (隐患排查, schema/hazards.md "Screening rounds", seed-digest §4): each
// township screens its area every week, each village every half month. A township's round meets
// its week's hazard.screening deadline; the villages, which have no desk of their own, are the
// township desk's to follow: one deadline per township and half-month, met once every village of
// it has had a round. The schedule below opens them when the period begins. They are routine
// work, so a miss tells the duty officer only (no escalation to the leader and commander).
#include <map>
#include <set>

#include "lifeline/api_error.hpp"
#include "lifeline/deadlines/deadlines.hpp"
#include "lifeline/domain/body_reader.hpp"
#include "lifeline/supplies/dates.hpp"
#include "lifeline/supplies/governance_periods.hpp"
#include "lifeline/supplies/hazard_governance.hpp"
#include "period_schedule.hpp"

namespace lifeline::supplies {

using domain::BodyReader;
using domain::OpContext;
using nlohmann::json;

namespace {

constexpr const char* kScreeningKind = "hazard.screening";

// A township's period is its ISO week, a village's its half-month.
GovernancePeriod period_of(const std::string& unit_kind, int64_t ms) {
  return unit_kind == "township" ? week_at(ms) : half_month_at(ms);
}
GovernancePeriod period_before(const std::string& unit_kind, const GovernancePeriod& p) { return period_of(unit_kind, p.start_ms - 1); }

std::string screening_id(const std::string& unit_id, const std::string& period) { return unit_id + "/screening/" + period; }
// The villages of a township, for a half-month: "<township>/village_screening/<half>".
std::string villages_id(const std::string& township, const std::string& half) { return township + "/village_screening/" + half; }

// Villages of `township` without a round in `period`.
int64_t villages_unscreened(OpContext& ctx, const std::string& township, const std::string& period) {
  return ctx.store().query_one(
      "SELECT COUNT(*) AS n FROM units u WHERE u.kind = 'village' AND u.parent_id = ? AND NOT EXISTS "
      "(SELECT 1 FROM hazard_screenings s WHERE s.unit_id = u.id AND s.period = ?)", {township, period})["n"].get<int64_t>();
}

json screening_record(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto unit_id = r.str("unit_id", 64);
  std::string on = r.has("on") ? read_past_date(ctx, r, "on") : date_of(ctx.now());
  auto found = r.integer("hazards_found", 0, 100000);
  auto note = r.opt_str("note", 1000);
  r.finish();
  auto unit = ctx.store().query_one("SELECT kind, parent_id FROM units WHERE id = ?", {unit_id});
  if (unit.is_null()) throw ApiError("not_found", "no unit " + unit_id, "没有这个单位");
  const std::string kind = unit["kind"];
  if (kind != "township" && kind != "village")
    throw ApiError("bad_field", "body.unit_id: townships screen weekly and villages every half month",
                   "正文.unit_id：隐患排查由乡镇（每周）和村（每半月）开展");
  ctx.require_scope(unit_id);
  const auto period = period_of(kind, *date_start_ms(on));
  json ev = {{"unit_id", unit_id}, {"period", period.name}, {"on_date", on}, {"hazards_found", found}};
  if (note) ev["note"] = *note;
  const auto id = screening_id(unit_id, period.name);
  ctx.emit("hazard.screened", id, ev);
  if (kind == "township") {
    deadlines::meet(ctx, kScreeningKind, id);
  } else if (unit["parent_id"].is_string()) {
    const std::string township = unit["parent_id"];
    if (villages_unscreened(ctx, township, period.name) == 0) deadlines::meet(ctx, kScreeningKind, villages_id(township, period.name));
  }
  return {{"unit_id", unit_id}, {"period", period.name}, {"on", on}};
}

// Each township's week and each village's half-month in the caller's scope: the rounds so far, and
// whether the period before was screened (done), missed (its deadline missed) or not asked.
json screening_status(OpContext& ctx, const json& body) {
  BodyReader(body).finish();
  auto units = ctx.readable("unit", ctx.store().query(
      "SELECT id, kind, name, name_en, parent_id FROM units WHERE kind IN ('township', 'village') "
      "ORDER BY CASE kind WHEN 'township' THEN 0 ELSE 1 END, id"));
  json out = json::object();
  for (const std::string kind : {"township", "village"}) {
    const auto now = period_of(kind, ctx.now()), last = period_before(kind, now);
    // Two reads per level, not three per unit: the rounds of both periods, and which of last
    // period's deadlines were opened (asked).
    std::map<std::string, json> rounds;  // "<unit>/<period>" → {n, found, last_on}
    for (auto& row : ctx.store().query("SELECT unit_id, period, COUNT(*) AS n, COALESCE(SUM(hazards_found), 0) AS found, "
                                       "MAX(on_date) AS last_on FROM hazard_screenings WHERE period IN (?, ?) GROUP BY unit_id, period",
                                       {now.name, last.name}))
      rounds[row["unit_id"].get<std::string>() + "/" + row["period"].get<std::string>()] = row;
    std::set<std::string> asked;
    const std::string tag = kind == "township" ? "/screening/" : "/village_screening/";
    for (const auto& row : ctx.store().query("SELECT subject FROM deadlines WHERE kind = ? AND subject LIKE ?",
                                             {kScreeningKind, "%" + tag + last.name}))
      asked.insert(row["subject"].get<std::string>());
    auto of = [&](const std::string& unit, const GovernancePeriod& p) {
      auto it = rounds.find(unit + "/" + p.name);
      return it == rounds.end() ? json{{"n", 0}, {"found", 0}, {"last_on", nullptr}} : it->second;
    };
    json rows = json::array();
    json totals = {{"units", 0}, {"screened", 0}, {"last_done", 0}, {"last_missed", 0}};
    auto bump = [&](const char* k) { totals[k] = totals[k].get<int64_t>() + 1; };
    for (auto& u : units) {
      if (u["kind"] != kind) continue;
      const std::string id = u["id"];
      const auto current = of(id, now);
      const std::string asked_subject = kind == "township" ? screening_id(id, last.name)
                                                           : villages_id(u["parent_id"].is_string() ? u["parent_id"].get<std::string>() : "", last.name);
      const std::string last_state = of(id, last)["n"].get<int64_t>() > 0 ? "done" : asked.count(asked_subject) ? "missed" : "not_asked";
      json row = {{"unit_id", id}, {"name", u["name"]}, {"name_en", u["name_en"]}, {"parent_id", u["parent_id"]},
                  {"rounds", current["n"]}, {"hazards_found", current["found"]}, {"last_on", current["last_on"]}, {"last_period_state", last_state}};
      bump("units");
      if (current["n"].get<int64_t>() > 0) bump("screened");
      if (last_state == "done") bump("last_done");
      if (last_state == "missed") bump("last_missed");
      rows.push_back(std::move(row));
    }
    out[kind + "s"] = {{"period", now.name}, {"due_at", now.end_ms}, {"last_period", last.name}, {"units", rows},
                                    {"totals", totals}};
  }
  return out;
}

// One deadline per township: its own week's round, or its villages' half-month.
void open_rounds(domain::OpContext& ctx, const GovernancePeriod& period, bool villages, const std::string& zh, const std::string& en) {
  const char* sql = villages ? "SELECT t.id, t.name, t.name_en FROM units t WHERE t.kind = 'township' AND EXISTS "
                               "(SELECT 1 FROM units v WHERE v.kind = 'village' AND v.parent_id = t.id) ORDER BY t.id"
                             : "SELECT id, name, name_en FROM units WHERE kind = 'township' ORDER BY id";
  for (const auto& u : ctx.store().query(sql)) {
    deadlines::DeadlineSpec s;
    s.kind = kScreeningKind;
    s.subject = villages ? villages_id(u["id"], period.name) : screening_id(u["id"], period.name);
    const std::string name = u["name"], name_en = u["name_en"];
    s.title_zh = name + (villages ? "所辖各村 " : " ") + zh;
    s.title_en = (villages ? "Villages of " : "") + (name_en.empty() ? name : name_en) + " " + en;
    s.due_at = period.end_ms;
    s.chain = {"duty_officer"};  // routine work: the desk is told, the leaders see it on the screen
    deadlines::open(ctx, s);
  }
}

void open_week(domain::OpContext& ctx, const GovernancePeriod& week) {
  open_rounds(ctx, week, false, week.name.substr(0, 4) + "年第" + std::to_string(std::stoi(week.name.substr(6))) + "周隐患排查（每周一次）",
              "hazard screening, week " + week.name + " (weekly)");
}

void open_half_month(domain::OpContext& ctx, const GovernancePeriod& half) {
  const std::string zh = half.name.substr(0, 4) + "年" + std::to_string(std::stoi(half.name.substr(5, 2))) + "月" +
                         (half.name.back() == '1' ? "上" : "下") + "半月隐患排查（每村每半月一次）";
  open_rounds(ctx, half, true, zh, "hazard screening, " + half.name + " (each village every half month)");
}

}  // namespace

void register_screening_ops(domain::OpRegistry& r) {
  r.add("hazard.screening_record", screening_record);
  r.add("hazard.screening_status", screening_status, false);
}

void install_screening_schedule(app::Engine& engine) {
  install_period_schedule(engine, {week_at, kScreeningKind, "screening", open_week});
  install_period_schedule(engine, {half_month_at, kScreeningKind, "village_screening", open_half_month});
}

}  // namespace lifeline::supplies
