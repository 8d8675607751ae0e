#include "lifeline/domain/duty_roster.hpp"

#include <algorithm>
#include <optional>
#include <set>

#include "lifeline/domain/duty_level.hpp"
#include "lifeline/domain/key_periods.hpp"

namespace lifeline::domain {

namespace {

constexpr int64_t kDay = 24LL * 3600 * 1000;
constexpr const char* kUnitColumns = "id, name, name_en, kind, parent_id";

// The local day a time falls in, as the UTC ms of its local midnight.
int64_t local_midnight(int64_t ms) {
  const int64_t local = ms + KeyPeriodCalendar::kLocalOffsetMs;
  return local - ((local % kDay) + kDay) % kDay - KeyPeriodCalendar::kLocalOffsetMs;
}

struct Shift {
  int64_t start, end;
  bool led;  // a leader is on it
};

// Why a rule applies at some time: the level's baseline, a key period, or the raised duty level.
struct Reason {
  std::string key, zh, en;
};

struct Applying {
  std::string rule;
  Reason why;
};

}  // namespace

bool keeps_roster(const std::string& unit_kind) {
  return unit_kind == "city" || unit_kind == "county" || unit_kind == "township";
}

json roster_unit(OpContext& ctx, const std::string& unit_id) {
  std::string cur = unit_id;
  for (int depth = 0; depth < 16 && !cur.empty(); ++depth) {
    auto row = ctx.store().query_one(std::string("SELECT ") + kUnitColumns + " FROM units WHERE id = ?", {cur});
    if (row.is_null()) break;
    if (keeps_roster(row.value("kind", ""))) return row;
    cur = row["parent_id"].is_string() ? row["parent_id"].get<std::string>() : "";
  }
  return ctx.store().query_one(std::string("SELECT ") + kUnitColumns + " FROM units WHERE id = 'city'");
}

json roster_units_below(OpContext& ctx, const json& unit) {
  json out = json::array({unit});
  std::vector<std::string> frontier = {unit["id"].get<std::string>()};
  for (int depth = 0; depth < 4 && !frontier.empty(); ++depth) {  // city > county > township
    std::vector<std::string> next;
    for (const auto& parent : frontier)
      for (auto& row : ctx.store().query(std::string("SELECT ") + kUnitColumns +
                                             " FROM units WHERE parent_id = ? AND kind IN ('county','township') ORDER BY id",
                                         {parent})) {
        next.push_back(row["id"]);
        out.push_back(std::move(row));
      }
    frontier = std::move(next);
  }
  return out;
}

json roster_gaps(OpContext& ctx, const std::string& unit_id, int64_t from, int64_t to) {
  json gaps = json::array();
  int64_t covered_to = from;
  for (const auto& s : ctx.store().query(
           "SELECT starts_at, ends_at FROM shifts WHERE unit_id = ? AND ends_at > ? AND starts_at < ? ORDER BY starts_at",
           {unit_id, from, to})) {
    int64_t start = s["starts_at"], end = s["ends_at"];
    if (start > covered_to) gaps.push_back({{"from", covered_to}, {"to", start}});
    covered_to = std::max(covered_to, end);
  }
  if (covered_to < to) gaps.push_back({{"from", covered_to}, {"to", to}});
  return gaps;
}

json roster_breaches(OpContext& ctx, const json& unit, int64_t from, int64_t to) {
  json out = json::array();
  if (unit.is_null() || to <= from) return out;
  const auto& cal = KeyPeriodCalendar::shipped();
  const std::string kind = unit.value("kind", "");
  // Whole local days, so "a leader every day" sees the day's shifts before `from` and after `to`.
  const int64_t first_day = local_midnight(from), last_day = local_midnight(to - 1) + kDay;
  std::vector<Shift> shifts;
  for (const auto& s : ctx.store().query("SELECT starts_at, ends_at, leader_id FROM shifts WHERE unit_id = ? AND ends_at > ? AND "
                                         "starts_at < ? ORDER BY starts_at",
                                         {unit["id"], first_day, last_day}))
    shifts.push_back({s["starts_at"], s["ends_at"], s["leader_id"].is_string() && !s["leader_id"].get<std::string>().empty()});
  const auto periods = cal.overlapping(from, to);

  // A raised duty level that asks for the leader on 24 h (a red warning) asks it of every roster
  // it holds over (duty_level.hpp: where it fired, above and below) while it is held: it has no
  // end date, so it holds for the whole week ahead.
  std::optional<Reason> raised;
  json level;
  for (const auto& r : raises_over(ctx, unit["id"]))
    if (r["leader_24h"].get<bool>() && (level.is_null() || r["raised_at"].get<int64_t>() < level["raised_at"].get<int64_t>())) level = r;
  if (!level.is_null())
    raised = Reason{"duty_level", "值守等级提升：" + level.value("title_zh", std::string()),
                    "duty level raised: " + level.value("title_en", std::string())};

  // Elementary stretches: nothing changes inside one (shift edges, period edges, local midnights).
  std::set<int64_t> cuts = {from, to};
  for (const auto& s : shifts) {
    if (s.start > from && s.start < to) cuts.insert(s.start);
    if (s.end > from && s.end < to) cuts.insert(s.end);
  }
  for (const auto& p : periods) {
    if (p.start_ms > from && p.start_ms < to) cuts.insert(p.start_ms);
    if (p.end_ms > from && p.end_ms < to) cuts.insert(p.end_ms);
  }
  for (int64_t d = first_day + kDay; d < to; d += kDay)
    if (d > from) cuts.insert(d);

  auto day_led = [&](int64_t day) {
    return std::any_of(shifts.begin(), shifts.end(), [&](const Shift& s) { return s.led && s.start < day + kDay && s.end > day; });
  };
  auto add = [&](const std::string& rule, const Reason& why, int64_t a, int64_t b) {
    if (!out.empty()) {
      auto& last = out.back();
      if (last["rule"] == rule && last["because_zh"] == why.zh && last["to"].get<int64_t>() == a) {
        last["to"] = b;
        return;
      }
    }
    auto name = cal.rule_name(rule);
    out.push_back({{"rule", rule}, {"rule_zh", name.name_zh}, {"rule_en", name.name_en}, {"because", why.key},
                   {"because_zh", why.zh}, {"because_en", why.en}, {"from", a}, {"to", b}});
  };

  for (auto it = cuts.begin(); std::next(it) != cuts.end(); ++it) {
    const int64_t a = *it, b = *std::next(it);
    std::vector<Applying> applying;
    for (const auto& r : cal.baseline(kind)) applying.push_back({r, {"baseline", "常态", "at all times"}});
    for (const auto& p : periods) {
      if (p.start_ms > a || p.end_ms <= a) continue;
      auto rules = p.rules.find(kind);
      if (rules == p.rules.end()) continue;
      for (const auto& r : rules->second) applying.push_back({r, {"key_period", "重点时段：" + p.name_zh, "key period: " + p.name_en}});
    }
    if (raised) applying.push_back({"leader_24h", *raised});
    // A leader on shift round the clock needs a shift round the clock: an hour with no shift at
    // all is said once, as 24-hour duty broken, for the reason that asked for the leader.
    for (size_t i = 0, n = applying.size(); i < n; ++i)
      if (applying[i].rule == "leader_24h") applying.push_back({"round_the_clock", applying[i].why});
    bool covered = false, led = false;
    for (const auto& s : shifts)
      if (s.start <= a && s.end > a) covered = true, led = led || s.led;
    std::set<std::string> said;  // one breach per rule and stretch: the first reason names it
    for (const auto& x : applying) {
      if (!said.insert(x.rule).second) continue;
      bool broken = x.rule == "round_the_clock" ? !covered
                    : x.rule == "leader_24h"    ? covered && !led
                                                : !day_led(local_midnight(a));
      if (broken) add(x.rule, x.why, a, b);
    }
  }
  // Merged per rule: adjacent stretches of one rule may be separated in the list by another rule's.
  std::stable_sort(out.begin(), out.end(), [](const json& x, const json& y) {
    return x["rule"] != y["rule"] ? x["rule"].get<std::string>() < y["rule"].get<std::string>() : x["from"].get<int64_t>() < y["from"].get<int64_t>();
  });
  json merged = json::array();
  for (auto& b : out) {
    if (!merged.empty() && merged.back()["rule"] == b["rule"] && merged.back()["because_zh"] == b["because_zh"] &&
        merged.back()["to"] == b["from"])
      merged.back()["to"] = b["to"];
    else
      merged.push_back(std::move(b));
  }
  std::stable_sort(merged.begin(), merged.end(),
                   [](const json& x, const json& y) { return x["from"].get<int64_t>() < y["from"].get<int64_t>(); });
  return merged;
}

}  // namespace lifeline::domain
