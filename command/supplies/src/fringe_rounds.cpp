// The urban-rural fringe campaign (城乡结合部专项排查, schema/hazards.md "Urban-rural fringe",
// seed-digest §4 "monthly in October and November, with a rectification target ≥ 95 %"). When
// October and November begin each county gets a hazard.fringe_screening deadline for the month,
// met by its first round in it; the hazards the campaign finds are reported with
// campaign=urban_rural_fringe, and their rectification is counted against 95 %, per county and for
// the city. Routine work like the other rounds: a missed month tells the duty officer only.
#include <map>

#include "lifeline/api_error.hpp"
#include "lifeline/deadlines/deadlines.hpp"
#include "lifeline/domain/body_reader.hpp"
#include "lifeline/supplies/dates.hpp"
#include "lifeline/supplies/governance_periods.hpp"
#include "lifeline/supplies/hazard_governance.hpp"
#include "period_schedule.hpp"
#include "ratio.hpp"
#include "round_status.hpp"

namespace lifeline::supplies {

using domain::BodyReader;
using domain::OpContext;
using nlohmann::json;

namespace {

constexpr const char* kFringeKind = "hazard.fringe_screening";
constexpr const char* kCampaign = "urban_rural_fringe";
constexpr unsigned kCampaignMonths[] = {10, 11};
constexpr int64_t kTargetPercent = 95;

std::string round_id(const std::string& unit_id, const std::string& period) { return unit_id + "/fringe_screening/" + period; }

bool campaign_month(const GovernancePeriod& p) {
  const auto m = std::stoi(p.name.substr(5, 2));
  for (auto c : kCampaignMonths)
    if (static_cast<unsigned>(m) == c) return true;
  return false;
}

int64_t year_of(const GovernancePeriod& p) { return std::stoll(p.name.substr(0, 4)); }

// The campaign shown by default: this year's once October has begun, else last year's.
int64_t default_year(OpContext& ctx) {
  const auto now = month_at(ctx.now());
  return std::stoi(now.name.substr(5, 2)) >= 10 ? year_of(now) : year_of(now) - 1;
}

GovernancePeriod campaign_period(int64_t year, unsigned month) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04lld-%02u", static_cast<long long>(year), month);
  return *month_named(buf);
}

json fringe_record(OpContext& ctx, const json& body) {
  BodyReader r(body);
  const auto round = read_round(ctx, r);
  r.finish();
  const auto& unit_id = round.unit_id;
  if (round_unit(ctx, unit_id)["kind"] != "county")
    throw ApiError("bad_field", "body.unit_id: the urban-rural fringe campaign is a county's", "正文.unit_id：城乡结合部专项排查由县（区）组织");
  ctx.require_scope(unit_id);
  const auto period = month_at(*date_start_ms(round.on));
  if (!campaign_month(period))
    throw ApiError("bad_field", "body.on: the urban-rural fringe campaign runs in October and November",
                   "正文.on：城乡结合部专项排查在10月、11月开展");
  if (year_of(period) != default_year(ctx))  // a past campaign's record is closed: a late round cannot rewrite it
    throw ApiError("bad_field", "body.on: only the latest campaign's rounds can be recorded", "正文.on：只能登记最近一次专项排查的排查情况");
  const auto id = round_id(unit_id, period.name);
  ctx.emit("hazard.fringe_screened", id, round_event(round, period.name));
  deadlines::meet(ctx, kFringeKind, id);
  return {{"unit_id", unit_id}, {"period", period.name}, {"on", round.on}};
}

// Each unit's county (itself if it is one), from one read of the units.
std::map<std::string, std::string> county_of_units(OpContext& ctx) {
  std::map<std::string, std::pair<std::string, std::string>> units;  // id → (kind, parent)
  for (const auto& u : ctx.store().query("SELECT id, kind, parent_id FROM units"))
    units[u["id"]] = {u["kind"], u["parent_id"].is_string() ? u["parent_id"].get<std::string>() : ""};
  std::map<std::string, std::string> out;
  for (const auto& [id, _] : units) {
    std::string at = id;
    for (int depth = 0; depth < 16 && !at.empty(); ++depth) {
      auto it = units.find(at);
      if (it == units.end()) break;
      if (it->second.first == "county") {
        out[id] = at;
        break;
      }
      at = it->second.second;
    }
  }
  return out;
}

// The campaign's hazards of `year` (reported from its October to the next September, China
// Standard Time: a find may reach the ledger after the rounds), not rejected: per county, how many
// were found and how many are rectified (passed acceptance: accepted or closed).
std::map<std::string, std::pair<int64_t, int64_t>> rectification_by_county(OpContext& ctx, int64_t year) {
  const auto from = campaign_period(year, 10).start_ms, to = campaign_period(year + 1, 10).start_ms;
  const auto county = county_of_units(ctx);
  std::map<std::string, std::pair<int64_t, int64_t>> out;
  // A hazard not yet assigned to a unit is the reporting desk's (as its scope is, scope.json).
  for (const auto& h : ctx.store().query("SELECT COALESCE(h.unit_id, (SELECT u.unit_id FROM users u WHERE 'user:' || u.id = h.reported_by)) "
                                         "AS unit_id, h.status FROM hazards h WHERE h.campaign = ? AND h.status <> 'rejected' "
                                         "AND h.created_at >= ? AND h.created_at < ?", {kCampaign, from, to})) {
    auto it = h["unit_id"].is_string() ? county.find(h["unit_id"].get<std::string>()) : county.end();
    auto& c = out[it == county.end() ? std::string() : it->second];  // "": found with no county (the city's)
    ++c.first;
    if (h["status"] == "accepted" || h["status"] == "closed") ++c.second;
  }
  return out;
}

json with_target(int64_t rectified, int64_t found) {
  auto r = ratio(rectified, found);
  r["target_percent"] = kTargetPercent;
  r["meets"] = found > 0 && rectified * 100 >= kTargetPercent * found;
  return r;
}

// Where a county stands with one campaign month: a round recorded in time (done) or after its
// deadline was missed (done_late), its deadline open (due) or missed, the month still ahead
// (upcoming), or a month that was not asked for (not_asked).
std::string month_state(OpContext& ctx, const std::string& county, const GovernancePeriod& p, int64_t rounds) {
  auto d = ctx.store().query_one("SELECT status, on_time FROM deadlines WHERE kind = ? AND subject = ? ORDER BY opened_at DESC LIMIT 1",
                                 {kFringeKind, round_id(county, p.name)});
  if (rounds > 0) return !d.is_null() && d["on_time"] == 0 ? "done_late" : "done";
  if (ctx.now() < p.start_ms) return "upcoming";
  if (d.is_null()) return "not_asked";
  if (d["status"] == "missed") return "missed";
  if (d["status"] == "open") return "due";
  return d["status"] == "met" ? "done" : "not_asked";  // cancelled: not asked after all
}

json fringe_status(OpContext& ctx, const json& body) {
  BodyReader r(body);
  const auto year = r.opt_integer("year", 2000, 2100).value_or(default_year(ctx));
  r.finish();
  std::map<std::string, json> rounds;  // "<county>/<period>" → {n, found, last_on}
  for (auto& row : ctx.store().query("SELECT unit_id, period, COUNT(*) AS n, COALESCE(SUM(hazards_found), 0) AS found, "
                                     "MAX(on_date) AS last_on FROM fringe_rounds WHERE period LIKE ? GROUP BY unit_id, period",
                                     {std::to_string(year) + "-%"}))
    rounds[row["unit_id"].get<std::string>() + "/" + row["period"].get<std::string>()] = row;
  const auto fixed = rectification_by_county(ctx, year);
  json counties = json::array();
  int64_t found_all = 0, fixed_all = 0;
  for (const auto& u : ctx.readable("unit", ctx.store().query("SELECT id, name, name_en FROM units WHERE kind = 'county' ORDER BY id"))) {
    const std::string id = u["id"];
    json months = json::array();
    for (auto m : kCampaignMonths) {
      const auto p = campaign_period(year, m);
      auto it = rounds.find(id + "/" + p.name);
      const int64_t n = it == rounds.end() ? 0 : it->second["n"].get<int64_t>();
      months.push_back({{"period", p.name}, {"due_at", p.end_ms}, {"rounds", n},
                        {"hazards_found", it == rounds.end() ? json(0) : it->second["found"]},
                        {"last_on", it == rounds.end() ? json() : it->second["last_on"]}, {"state", month_state(ctx, id, p, n)}});
    }
    auto f = fixed.find(id);
    const int64_t found = f == fixed.end() ? 0 : f->second.first, done = f == fixed.end() ? 0 : f->second.second;
    found_all += found;
    fixed_all += done;
    counties.push_back({{"unit_id", id}, {"name", u["name"]}, {"name_en", u["name_en"]}, {"months", months},
                        {"rectification", with_target(done, found)}});
  }
  // The city's desks also count the campaign's hazards kept above any county (as metrics.summary does).
  if (auto city = fixed.find(""); city != fixed.end() && ctx.in_scope("city")) {
    found_all += city->second.first;
    fixed_all += city->second.second;
  }
  return {{"year", year}, {"target_percent", kTargetPercent}, {"counties", counties}, {"rectification", with_target(fixed_all, found_all)}};
}

void open_rounds(OpContext& ctx, const GovernancePeriod& period) {
  if (!campaign_month(period)) return;
  for (const auto& u : ctx.store().query("SELECT id, name, name_en FROM units WHERE kind = 'county' ORDER BY id")) {
    deadlines::DeadlineSpec s;
    s.kind = kFringeKind;
    s.subject = round_id(u["id"], period.name);
    const std::string name = u["name"], name_en = u["name_en"];
    s.title_zh = name + " " + period_name_zh(period.name) + "城乡结合部隐患专项排查（10月、11月每月一次）";
    s.title_en = (name_en.empty() ? name : name_en) + " urban-rural fringe screening, " + period.name + " (monthly in October and November)";
    s.due_at = period.end_ms;
    s.chain = {"duty_officer"};  // routine work: the desk is told, the leaders see it on the screen
    deadlines::open(ctx, s);
  }
}

}  // namespace

json fringe_rectification(OpContext& ctx) {
  int64_t found = 0, done = 0;
  for (const auto& [_, c] : rectification_by_county(ctx, default_year(ctx))) {
    found += c.first;
    done += c.second;
  }
  auto r = with_target(done, found);
  r["year"] = default_year(ctx);
  return r;
}

void register_fringe_round_ops(domain::OpRegistry& r) {
  r.add("hazard.fringe_round_record", fringe_record);
  r.add("hazard.fringe_status", fringe_status, false);
}

void install_fringe_round_schedule(app::Engine& engine) {
  install_period_schedule(engine, {month_at, kFringeKind, "fringe_screening", open_rounds});
}

}  // namespace lifeline::supplies
