#include "lifeline/domain/key_periods.hpp"

#include <algorithm>
#include <climits>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>

#include "lifeline/civil_date.hpp"
#include "lifeline/schema_files.hpp"

namespace lifeline::domain {

namespace {

using nlohmann::json;

constexpr int64_t kDay = 24LL * 3600 * 1000;
// The rules the roster check knows how to evaluate (duty_rules.cpp).
const std::set<std::string> kKnownRules = {"round_the_clock", "leader_24h", "leader_daily"};
const std::set<std::string> kRosterKinds = {"city", "county", "township"};

[[noreturn]] void bad(const std::string& where, const std::string& why) {
  throw std::runtime_error("key_periods.json: " + where + ": " + why);
}

// "YYYY-MM-DD" → local day number.
int64_t day_of(const json& v, const std::string& where) {
  if (!v.is_string()) bad(where, "a date \"YYYY-MM-DD\" expected");
  auto day = parse_iso_date(v.get<std::string>());
  if (!day) bad(where, "\"" + v.get<std::string>() + "\" does not exist as a date YYYY-MM-DD");
  return *day;
}

std::vector<std::string> rule_list(const json& v, const std::string& where) {
  if (!v.is_array()) bad(where, "a list of rules expected");
  std::vector<std::string> out;
  for (const auto& r : v) {
    if (!r.is_string() || !kKnownRules.count(r.get<std::string>())) bad(where, "unknown rule " + r.dump());
    out.push_back(r.get<std::string>());
  }
  return out;
}

std::string text(const json& o, const char* key, const std::string& where) {
  if (!o.contains(key) || !o[key].is_string() || o[key].get<std::string>().empty()) bad(where, std::string("\"") + key + "\" expected");
  return o[key].get<std::string>();
}

}  // namespace

KeyPeriodCalendar KeyPeriodCalendar::parse(std::string_view source) {
  json j;
  try {
    j = json::parse(source);
  } catch (const json::exception& e) {
    bad("file", std::string("not JSON: ") + e.what());
  }
  for (const char* key : {"rules", "baseline", "periods", "years"})
    if (!j.is_object() || !j.contains(key) || !j[key].is_object()) bad("file", std::string("an object \"") + key + "\" expected");
  KeyPeriodCalendar cal;
  for (const auto& [id, r] : j["rules"].items()) {
    if (!kKnownRules.count(id)) bad("rules." + id, "not a rule the server knows");
    cal.rule_names_[id] = {text(r, "name_zh", "rules." + id), text(r, "name_en", "rules." + id)};
  }
  for (const auto& rule : kKnownRules)
    if (!cal.rule_names_.count(rule)) bad("rules", "\"" + rule + "\" has no names");
  for (const auto& [kind, rules] : j["baseline"].items()) {
    if (!kRosterKinds.count(kind)) bad("baseline." + kind, "a unit kind city, county or township expected");
    cal.baseline_[kind] = rule_list(rules, "baseline." + kind);
  }
  for (const auto& [year, list] : j["years"].items()) {
    if (!list.is_array()) bad("years." + year, "a list of periods expected");
    for (size_t i = 0; i < list.size(); ++i) {
      const std::string where = "years." + year + "[" + std::to_string(i) + "]";
      const auto& entry = list[i];
      if (!entry.is_object()) bad(where, "{period, from, to} expected");
      const auto period = text(entry, "period", where);
      if (!j["periods"].contains(period)) bad(where, "unknown period \"" + period + "\"");
      const auto& p = j["periods"][period];
      KeyPeriodSpan s;
      s.period = period;
      s.from = text(entry, "from", where);
      s.to = text(entry, "to", where);
      const int64_t from = day_of(entry["from"], where), to = day_of(entry["to"], where);
      if (s.from.substr(0, 4) != year) bad(where, "\"from\" is not in " + year);
      if (to < from || to - from > 366) bad(where, "\"to\" must be on or after \"from\" and within a year");
      s.start_ms = from * kDay - kLocalOffsetMs;
      s.end_ms = (to + 1) * kDay - kLocalOffsetMs;
      s.name_zh = text(p, "name_zh", "periods." + period);
      s.name_en = text(p, "name_en", "periods." + period);
      if (!p.contains("readiness_percent") || !p["readiness_percent"].is_number_integer() || p["readiness_percent"].get<int>() < 1 ||
          p["readiness_percent"].get<int>() > 100)
        bad("periods." + period, "\"readiness_percent\" 1-100 expected");
      s.readiness_percent = p["readiness_percent"].get<int>();
      const json added = p.value("rules", json::object());  // kept: items() of a temporary dangles
      for (const auto& [kind, rules] : added.items()) {
        if (!kRosterKinds.count(kind)) bad("periods." + period + ".rules." + kind, "a unit kind city, county or township expected");
        s.rules[kind] = rule_list(rules, "periods." + period + ".rules." + kind);
      }
      for (const auto& other : cal.spans_)
        if (other.period == s.period && other.start_ms < s.end_ms && s.start_ms < other.end_ms)
          bad(where, "overlaps " + other.period + " from " + other.from);
      cal.spans_.push_back(std::move(s));
    }
  }
  std::sort(cal.spans_.begin(), cal.spans_.end(), [](const auto& a, const auto& b) {
    return a.start_ms != b.start_ms ? a.start_ms < b.start_ms : a.period < b.period;
  });
  return cal;
}

const KeyPeriodCalendar& KeyPeriodCalendar::shipped() {
  static const KeyPeriodCalendar cal = parse(schema::find_file(schema::documents(), "key_periods.json").value());
  return cal;
}

std::vector<KeyPeriodSpan> KeyPeriodCalendar::in_force(int64_t at_ms) const { return overlapping(at_ms, at_ms + 1); }

std::vector<KeyPeriodSpan> KeyPeriodCalendar::overlapping(int64_t from_ms, int64_t to_ms) const {
  std::vector<KeyPeriodSpan> out;
  for (const auto& s : spans_)
    if (s.start_ms < to_ms && s.end_ms > from_ms) out.push_back(s);
  return out;
}

std::optional<KeyPeriodSpan> KeyPeriodCalendar::find(const std::string& subject) const {
  for (const auto& s : spans_)
    if (s.subject() == subject) return s;
  return std::nullopt;
}

int64_t KeyPeriodCalendar::next_change_after(int64_t at_ms) const {
  int64_t next = INT64_MAX;
  for (const auto& s : spans_) {
    if (s.start_ms > at_ms) next = std::min(next, s.start_ms);
    if (s.end_ms > at_ms) next = std::min(next, s.end_ms);
  }
  return next;
}

const std::vector<std::string>& KeyPeriodCalendar::baseline(const std::string& unit_kind) const {
  static const std::vector<std::string> none;
  auto it = baseline_.find(unit_kind);
  return it == baseline_.end() ? none : it->second;
}

DutyRuleName KeyPeriodCalendar::rule_name(const std::string& rule) const {
  auto it = rule_names_.find(rule);
  return it == rule_names_.end() ? DutyRuleName{rule, rule} : it->second;
}

}  // namespace lifeline::domain
