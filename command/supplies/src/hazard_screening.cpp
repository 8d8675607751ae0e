// Hazard screening rounds (隐患排查, schema/hazards.md "Screening rounds", seed-digest §4): each
// township screens its area every week, each village every half month. A township's round meets
// its week's hazard.screening deadline; the villages, which have no desk of their own, are the
// township desk's to follow: one deadline per township and half-month, met once every village of
// it has had a round. The schedule below opens them when the period begins. They are routine
// work, so a miss tells the duty officer only (no escalation to the leader and commander).
#include "lifeline/api_error.hpp"
#include "lifeline/deadlines/deadlines.hpp"
#include "lifeline/domain/body_reader.hpp"
#include "lifeline/supplies/dates.hpp"
#include "lifeline/supplies/governance_periods.hpp"
#include "lifeline/supplies/hazard_governance.hpp"
#include "period_schedule.hpp"
#include "round_status.hpp"

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
  const auto round = read_round(ctx, r);
  r.finish();
  const auto& unit_id = round.unit_id;
  auto unit = round_unit(ctx, unit_id);
  const std::string kind = unit["kind"];
  if (kind != "township" && kind != "village")
    throw ApiError("bad_field", "body.unit_id: townships screen weekly and villages every half month",
                   "正文.unit_id：隐患排查由乡镇（每周）和村（每半月）开展");
  ctx.require_scope(unit_id);
  const auto period = period_of(kind, *date_start_ms(round.on));
  const auto id = screening_id(unit_id, period.name);
  ctx.emit("hazard.screened", id, round_event(round, period.name));
  if (kind == "township") {
    deadlines::meet(ctx, kScreeningKind, id);
  } else if (unit["parent_id"].is_string()) {
    const std::string township = unit["parent_id"];
    if (villages_unscreened(ctx, township, period.name) == 0) deadlines::meet(ctx, kScreeningKind, villages_id(township, period.name));
  }
  return {{"unit_id", unit_id}, {"period", period.name}, {"on", round.on}};
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
    json level_units = json::array();
    for (const auto& u : units)
      if (u["kind"] == kind) level_units.push_back(u);
    RoundLevel level{"hazard_screenings", kScreeningKind, kind == "township" ? "/screening/" : "/village_screening/",
                     [&](const json& u, const std::string& period) {
                       return kind == "township" ? screening_id(u["id"], period)
                                                 : villages_id(u["parent_id"].is_string() ? u["parent_id"].get<std::string>() : "", period);
                     }};
    const auto now = period_of(kind, ctx.now());
    out[kind + "s"] = round_status(ctx, level_units, level, now, period_before(kind, now));
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
  open_rounds(ctx, week, false, period_name_zh(week.name) + "隐患排查（每周一次）",
              "hazard screening, week " + week.name + " (weekly)");
}

void open_half_month(domain::OpContext& ctx, const GovernancePeriod& half) {
  open_rounds(ctx, half, true, period_name_zh(half.name) + "隐患排查（每村每半月一次）", "hazard screening, " + half.name + " (each village every half month)");
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
