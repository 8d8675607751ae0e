// Leaders' inspections (领导带队检查, schema/hazards.md "Leaders' inspections", seed-digest §4
// "Leader inspections: city quarterly, county monthly, township weekly"). When a period begins
// each unit of the level gets a hazard.leader_inspection deadline for it, met by the first
// inspection recorded in it. Routine work like the screening rounds: a miss tells the duty officer
// only.
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

constexpr const char* kInspectionKind = "hazard.leader_inspection";

struct Level {
  const char* kind;
  const char* status_key;  // its part of hazard.leader_inspection_status
  GovernancePeriod (*at)(int64_t);
  const char *every_zh, *every_en;
};
const Level kLevels[] = {{"city", "city", quarter_at, "市级每季度一次", "city: quarterly"},
                         {"county", "counties", month_at, "县级每月一次", "county: monthly"},
                         {"township", "townships", week_at, "乡镇每周一次", "township: weekly"}};

const Level* level_of(const std::string& kind) {
  for (const auto& l : kLevels)
    if (kind == l.kind) return &l;
  return nullptr;
}

std::string inspection_id(const std::string& unit_id, const std::string& period) { return unit_id + "/leader_inspection/" + period; }

json inspection_record(OpContext& ctx, const json& body) {
  BodyReader r(body);
  const auto round = read_round(ctx, r);
  auto leader = r.str("leader", 100);
  r.finish();
  const auto& unit_id = round.unit_id;
  const auto* level = level_of(round_unit(ctx, unit_id)["kind"]);
  if (!level)
    throw ApiError("bad_field", "body.unit_id: leaders' inspections are the city's, a county's or a township's",
                   "正文.unit_id：领导带队检查由市、县、乡镇开展");
  ctx.require_scope(unit_id);
  const auto period = level->at(*date_start_ms(round.on));
  auto ev = round_event(round, period.name);
  ev["leader"] = leader;
  const auto id = inspection_id(unit_id, period.name);
  ctx.emit("hazard.leader_inspected", id, ev);
  deadlines::meet(ctx, kInspectionKind, id);
  return {{"unit_id", unit_id}, {"period", period.name}, {"on", round.on}};
}

// The city's quarter, each county's month and each township's week in the caller's scope.
json inspection_status(OpContext& ctx, const json& body) {
  BodyReader(body).finish();
  auto units = ctx.readable("unit", ctx.store().query(
      "SELECT id, kind, name, name_en, parent_id FROM units WHERE kind IN ('city', 'county', 'township') ORDER BY id"));
  const RoundLevel rounds{"leader_inspections", kInspectionKind, "/leader_inspection/",
                          [](const json& u, const std::string& period) { return inspection_id(u["id"], period); }};
  json out = json::object();
  for (const auto& l : kLevels) {
    json level_units = json::array();
    for (const auto& u : units)
      if (u["kind"] == l.kind) level_units.push_back(u);
    const auto now = l.at(ctx.now());
    out[l.status_key] = round_status(ctx, level_units, rounds, now, l.at(now.start_ms - 1));
  }
  return out;
}

void open_inspections(OpContext& ctx, const Level& l, const GovernancePeriod& period) {
  for (const auto& u : ctx.store().query("SELECT id, name, name_en FROM units WHERE kind = ? ORDER BY id", {l.kind})) {
    deadlines::DeadlineSpec s;
    s.kind = kInspectionKind;
    s.subject = inspection_id(u["id"], period.name);
    const std::string name = u["name"], name_en = u["name_en"];
    s.title_zh = name + " " + period_name_zh(period.name) + "领导带队检查（" + l.every_zh + "）";
    s.title_en = (name_en.empty() ? name : name_en) + " leaders' inspection, " + period.name + " (" + l.every_en + ")";
    s.due_at = period.end_ms;
    s.chain = {"duty_officer"};  // routine work: the desk is told, the leaders see it on the screen
    deadlines::open(ctx, s);
  }
}

}  // namespace

void register_leader_inspection_ops(domain::OpRegistry& r) {
  r.add("hazard.leader_inspection_record", inspection_record);
  r.add("hazard.leader_inspection_status", inspection_status, false);
}

void install_leader_inspection_schedule(app::Engine& engine) {
  for (const auto& l : kLevels)
    install_period_schedule(engine, {l.at, kInspectionKind, "leader_inspection",
                                     [&l](OpContext& ctx, const GovernancePeriod& p) { open_inspections(ctx, l, p); }});
}

}  // namespace lifeline::supplies
