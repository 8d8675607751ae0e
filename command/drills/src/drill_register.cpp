// The drill register (演练台账, schema/drills.md §6): drills held in the system (classified after
// they end) or outside it (registered by the unit that held them), and the year's counts set
// against the cadences the bureau requires (seed-digest §9): a comprehensive city drill every
// quarter, a special drill in every county every month, a joint drill of the departments every
// quarter, and 2–3 joint drills with neighbouring cities a year.
#include <map>
#include <set>

#include "drills_internal.hpp"
#include "lifeline/api_error.hpp"
#include "lifeline/civil_date.hpp"
#include "lifeline/domain/body_reader.hpp"
#include "lifeline/time_format.hpp"
#include "lifeline/uuid7.hpp"

namespace lifeline::drills {

namespace {

using domain::BodyReader;
using domain::OpContext;

const std::vector<std::string> kKinds = {"comprehensive", "special", "joint", "cross_region", "evacuation", "comms_outage"};

// A cadence: who must hold which kind of drill how often. `each_county`: one row per county;
// otherwise one row for the city, counting drills of that kind whoever organised them.
struct Cadence {
  const char* id;
  const char* kind;
  const char* per;  // month quarter year
  int required;     // at least, per period
  bool each_county;
  const char* name_zh;
  const char* name_en;
};
constexpr Cadence kCadences[] = {
    {"city_comprehensive", "comprehensive", "quarter", 1, false, "市级综合演练（每季度）", "City comprehensive drill (quarterly)"},
    {"county_special", "special", "month", 1, true, "县级专项演练（每月）", "County special drill (monthly)"},
    {"department_joint", "joint", "quarter", 1, false, "部门联合演练（每季度）", "Joint drill of the departments (quarterly)"},
    {"cross_region", "cross_region", "year", 2, false, "与周边城市联合演练（每年2至3次）", "Joint drill with neighbouring cities (2–3 a year)"},
};

std::string two(unsigned n) { return (n < 10 ? "0" : "") + std::to_string(n); }
std::string today(const OpContext& ctx) {
  auto d = china_date_of(ctx.now());
  return std::to_string(d.year) + "-" + two(d.month) + "-" + two(d.day);
}

// The period of a date (YYYY-MM-DD) for a cadence: "2026-08", "2026-Q3", "2026".
std::string period_of(const std::string& date, const std::string& per) {
  if (per == "year") return date.substr(0, 4);
  if (per == "month") return date.substr(0, 7);
  const int month = std::stoi(date.substr(5, 2));
  return date.substr(0, 4) + "-Q" + std::to_string((month - 1) / 3 + 1);
}
// The periods of a year, each with its first day (to tell one that has not begun).
std::vector<std::pair<std::string, std::string>> periods_of(int year, const std::string& per) {
  const std::string y = std::to_string(year);
  std::vector<std::pair<std::string, std::string>> out;
  if (per == "year") out.push_back({y, y + "-01-01"});
  if (per == "quarter")
    for (int q = 0; q < 4; ++q) out.push_back({y + "-Q" + std::to_string(q + 1), y + "-" + two(3 * q + 1) + "-01"});
  if (per == "month")
    for (unsigned m = 1; m <= 12; ++m) out.push_back({y + "-" + two(m), y + "-" + two(m) + "-01"});
  return out;
}

void require_live(const OpContext& ctx) {
  if (ctx.realm() != "live") throw ApiError("bad_field", "the drill register is kept in the live realm", "演练台账在正式业务域登记");
}

json drill_register(OpContext& ctx, const json& body) {
  require_live(ctx);
  BodyReader r(body);
  auto id = r.opt_id("id");
  auto drill_id = r.opt_id("drill_id");
  auto title = r.opt_str("title", 200);
  auto kind = r.one_of("kind", kKinds);
  auto unit_id = r.str("unit_id", 64);
  auto held_on = r.opt_str("held_on", 10);
  const json departments = r.has("departments") ? r.array("departments", 64) : json::array();
  auto participants = r.integer("participants", 1, 1000000);
  auto scripted = r.opt_boolean("scripted");
  auto note = r.opt_str("note", 2000).value_or("");
  r.finish();
  // A resend of the same registration (its answer was lost) returns the first.
  if (id && !ctx.store().query_one("SELECT id FROM drill_register WHERE id = ?", {*id}).is_null())
    return {{"id", *id}, {"duplicate", true}};
  ctx.must_find("units", unit_id);
  ctx.require_scope(unit_id);
  std::set<std::string> seen;
  for (const auto& d : departments) {
    if (!d.is_string()) throw ApiError("bad_field", "body.departments: department unit ids", "body.departments：应为部门单位编号");
    auto u = ctx.store().query_one("SELECT kind FROM units WHERE id = ?", {d});
    if (u.is_null() || u["kind"] != "department")
      throw ApiError("bad_field", "body.departments: " + d.get<std::string>() + " is not a department",
                     "body.departments：" + d.get<std::string>() + " 不是部门");
    if (!seen.insert(d.get<std::string>()).second)
      throw ApiError("bad_field", "body.departments: " + d.get<std::string>() + " twice", "body.departments：部门重复");
  }
  // An in-system drill: classified once it has ended; its day and name are the drill's own.
  if (drill_id) {
    auto drill = ctx.store().query_one("SELECT name, scripted, started_at, ended_at FROM drills WHERE id = ?", {*drill_id});
    if (drill.is_null()) throw ApiError("not_found", "drill " + *drill_id);
    if (drill["ended_at"].is_null())
      throw ApiError("invalid_transition", "a drill in the system is registered once it has ended", "系统内演练须结束后登记");
    if (!ctx.store().query_one("SELECT id FROM drill_register WHERE drill_id = ?", {*drill_id}).is_null())
      throw ApiError("drill_already_registered", *drill_id);
    if (held_on) throw ApiError("bad_field", "body.held_on: an in-system drill's day is the day it started", "body.held_on：系统内演练以开始日期为准");
    auto d = china_date_of(drill["started_at"].get<int64_t>());
    held_on = std::to_string(d.year) + "-" + two(d.month) + "-" + two(d.day);
    if (!title) title = drill["name"].get<std::string>();
    if (!scripted) scripted = drill["scripted"].get<int64_t>() == 1;
  }
  if (!title) throw ApiError("missing_field", "body.title");
  if (!held_on) throw ApiError("missing_field", "body.held_on");
  if (!parse_iso_date(*held_on)) throw ApiError("bad_field", "body.held_on: a date YYYY-MM-DD", "body.held_on：应为日期 YYYY-MM-DD");
  if (*held_on > today(ctx)) throw ApiError("bad_field", "body.held_on: a drill is registered once held, not before", "body.held_on：演练举行后方可登记");
  if (!scripted) throw ApiError("missing_field", "body.scripted");
  const std::string entry = id.value_or(uuid7_string(ctx.now()));
  json ev = {{"title", *title},        {"kind", kind},           {"unit_id", unit_id}, {"held_on", *held_on},
             {"departments", departments}, {"participants", participants}, {"scripted", *scripted}, {"note", note}};
  if (drill_id) ev["drill_id"] = *drill_id;
  ctx.emit("drill.registered", entry, ev);
  return {{"id", entry}, {"held_on", *held_on}};
}

// The entries of a year the caller may read: its own unit's and those below it.
json entries_of(OpContext& ctx, int year) {
  const std::string y = std::to_string(year);
  json out = json::array();
  for (auto& e : ctx.store().query("SELECT * FROM drill_register WHERE held_on >= ? AND held_on <= ? ORDER BY held_on, recorded_at",
                                   {y + "-01-01", y + "-12-31"})) {
    if (!ctx.in_scope(e["unit_id"])) continue;
    e["departments"] = json::parse(e["departments"].get<std::string>());
    e["scripted"] = e["scripted"].get<int64_t>() == 1;
    e["recorded_at"] = format_rfc3339_ms(e["recorded_at"].get<int64_t>());
    out.push_back(std::move(e));
  }
  return out;
}

int year_of(BodyReader& r, const OpContext& ctx) {
  auto year = r.opt_integer("year", 2000, 2100);
  return year ? static_cast<int>(*year) : static_cast<int>(china_date_of(ctx.now()).year);
}

json drill_register_list(OpContext& ctx, const json& body) {
  BodyReader r(body);
  int year = year_of(r, ctx);
  r.finish();
  // In-system drills of the year not yet classified: the desk registers them with their kind.
  json unregistered = json::array();
  if (ctx.in_scope("city"))
    for (auto& d : ctx.store().query("SELECT d.id, d.name, d.scripted, d.started_at, d.ended_at FROM drills d "
                                     "LEFT JOIN drill_register g ON g.drill_id = d.id WHERE g.id IS NULL AND d.ended_at IS NOT NULL "
                                     "ORDER BY d.started_at")) {
      if (china_date_of(d["started_at"].get<int64_t>()).year != year) continue;
      d["scripted"] = d["scripted"].get<int64_t>() == 1;
      d["started_at"] = format_rfc3339_ms(d["started_at"].get<int64_t>());
      d["ended_at"] = format_rfc3339_ms(d["ended_at"].get<int64_t>());
      unregistered.push_back(std::move(d));
    }
  return {{"year", year}, {"entries", entries_of(ctx, year)}, {"unregistered_drills", unregistered}};
}

// Each cadence the caller answers for, period by period: drills held against those required.
json drill_counts(OpContext& ctx, const json& body) {
  BodyReader r(body);
  int year = year_of(r, ctx);
  r.finish();
  const std::string now = today(ctx);
  // Every entry of the year counts, whoever may read it: a county's count is a fact about the county.
  auto all = ctx.store().query("SELECT kind, unit_id, held_on, participants, scripted FROM drill_register WHERE held_on >= ? AND held_on <= ?",
                               {std::to_string(year) + "-01-01", std::to_string(year) + "-12-31"});
  std::map<std::string, std::string> county_of;  // unit id -> its county (for a county's own count)
  for (const auto& u : ctx.store().query(
           "WITH RECURSIVE below(id, county) AS (SELECT id, id FROM units WHERE kind = 'county' "
           "UNION SELECT u.id, below.county FROM units u JOIN below ON u.parent_id = below.id) SELECT id, county FROM below"))
    county_of[u["id"]] = u["county"];
  json rows = json::array();
  for (const auto& c : kCadences) {
    std::vector<json> subjects;
    if (c.each_county)
      for (auto& u : ctx.store().query("SELECT id, name, name_en FROM units WHERE kind = 'county' ORDER BY id")) subjects.push_back(u);
    else
      subjects.push_back(ctx.store().query_one("SELECT id, name, name_en FROM units WHERE id = 'city'"));
    for (const auto& s : subjects) {
      if (s.is_null() || !ctx.in_scope(s["id"])) continue;
      std::map<std::string, int> held;
      for (const auto& e : all) {
        if (e["kind"] != c.kind) continue;
        if (c.each_county && county_of[e["unit_id"]] != s["id"]) continue;
        ++held[period_of(e["held_on"], c.per)];
      }
      json periods = json::array();
      int met = 0, due = 0;
      for (const auto& [name, first_day] : periods_of(year, c.per)) {
        if (first_day > now) break;  // not begun: nothing is asked of it yet
        // The period in progress is asked for once it is over; until then it shows what was held.
        const bool over = period_of(now, c.per) != name;
        const int n = held[name];
        periods.push_back({{"period", name}, {"held", n}, {"required", c.required}, {"met", n >= c.required}, {"over", over}});
        if (over) {
          ++due;
          met += n >= c.required;
        }
      }
      rows.push_back({{"cadence", c.id}, {"name_zh", c.name_zh}, {"name_en", c.name_en}, {"kind", c.kind}, {"per", c.per},
                      {"unit_id", s["id"]}, {"unit_name", s["name"]}, {"unit_name_en", s["name_en"]},
                      {"periods", periods}, {"periods_met", met}, {"periods_due", due}});
    }
  }
  // The year's totals over what the caller may read: drills by kind, the no-script ones, people.
  json by_kind = json::object();
  for (const auto& k : kKinds) by_kind[k] = 0;
  int64_t drills = 0, no_script = 0, participants = 0;
  for (const auto& e : all) {
    if (!ctx.in_scope(e["unit_id"])) continue;
    ++drills;
    by_kind[e["kind"].get<std::string>()] = by_kind[e["kind"].get<std::string>()].get<int64_t>() + 1;
    no_script += e["scripted"].get<int64_t>() == 0;
    participants += e["participants"].get<int64_t>();
  }
  return {{"year", year},
          {"cadences", rows},
          {"totals", {{"drills", drills}, {"no_script", no_script}, {"participants", participants}, {"by_kind", by_kind}}}};
}

}  // namespace

void register_drill_register_ops(domain::OpRegistry& ops) {
  ops.add("drill.register", drill_register);
  ops.add("drill.register_list", drill_register_list, false);
  ops.add("drill.counts", drill_counts, false);
}

}  // namespace lifeline::drills
