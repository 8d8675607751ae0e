#include "lifeline/deadlines/working_days.hpp"

#include <cstdio>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "lifeline/civil_date.hpp"
#include "lifeline/schema_files.hpp"

namespace lifeline::deadlines {

namespace {

constexpr int64_t kDay = 24LL * 3600 * 1000;
constexpr int64_t kCst = 8LL * 3600 * 1000;

// 0 = Monday ... 6 = Sunday for a local day number (1970-01-01 was a Thursday).
int weekday(int64_t local_day) { return static_cast<int>(((local_day % 7) + 7 + 3) % 7); }

[[noreturn]] void bad(const std::string& where, const std::string& why) {
  throw std::runtime_error("holidays.json: " + where + ": " + why);
}

// "YYYY-MM-DD" in `year` -> local day number.
int64_t day_of(const nlohmann::json& v, int64_t year, const std::string& where) {
  if (!v.is_string()) bad(where, "a date \"YYYY-MM-DD\" expected");
  const std::string s = v.get<std::string>();
  auto day = parse_iso_date(s);
  if (!day) bad(where, "\"" + s + "\" does not exist as a date YYYY-MM-DD");
  if (civil_from_days(*day).year != year) bad(where, "\"" + s + "\" is not in " + std::to_string(year));
  return *day;
}

}  // namespace

WorkingCalendar WorkingCalendar::parse(std::string_view text) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    bad("file", std::string("not JSON: ") + e.what());
  }
  if (!j.is_object() || !j.contains("years") || !j["years"].is_object()) bad("file", "an object with \"years\" expected");
  WorkingCalendar cal;
  for (const auto& [key, y] : j["years"].items()) {
    if (key.size() != 4 || key.find_first_not_of("0123456789") != std::string::npos) bad(key, "a year YYYY expected");
    const int64_t year = std::stoll(key);
    if (!y.is_object() || !y.contains("holidays") || !y["holidays"].is_array() || !y.contains("workdays") || !y["workdays"].is_array())
      bad(key, "\"holidays\" and \"workdays\" lists expected");
    std::set<int64_t> off;
    for (size_t i = 0; i < y["holidays"].size(); ++i) {
      const auto& h = y["holidays"][i];
      const std::string where = key + " holidays[" + std::to_string(i) + "]";
      if (!h.is_object() || !h.contains("from") || !h.contains("to") || !h.contains("name_zh"))
        bad(where, "{name_zh, name_en, from, to} expected");
      const int64_t from = day_of(h["from"], year, where), to = day_of(h["to"], year, where);
      if (to < from || to - from > 15) bad(where, "\"to\" must be on or after \"from\" and within 16 days");
      for (int64_t d = from; d <= to; ++d)
        if (!off.insert(d).second) bad(where, "overlaps another holiday");
    }
    for (size_t i = 0; i < y["workdays"].size(); ++i) {
      const std::string where = key + " workdays[" + std::to_string(i) + "]";
      const int64_t d = day_of(y["workdays"][i], year, where);
      if (weekday(d) < 5) bad(where, "a make-up working day is a Saturday or Sunday");
      if (off.count(d)) bad(where, "is also a holiday");
      cal.workdays_.insert(d);
    }
    cal.holidays_.insert(off.begin(), off.end());
    cal.years_.insert(year);
  }
  return cal;
}

const WorkingCalendar& WorkingCalendar::official() {
  static const WorkingCalendar cal = parse(schema::find_file(schema::documents(), "holidays.json").value());
  return cal;
}

bool WorkingCalendar::is_working_day(int64_t local_day) const {
  if (workdays_.count(local_day)) return true;
  return weekday(local_day) < 5 && !holidays_.count(local_day);
}

int64_t WorkingCalendar::add_working_days(int64_t from_ms, int days) const {
  const int64_t local = from_ms + kCst;
  int64_t day = local >= 0 ? local / kDay : (local - kDay + 1) / kDay;
  int64_t time_of_day = local - day * kDay;
  if (!is_working_day(day)) {  // a day off: the clock starts on the next working morning
    while (!is_working_day(day)) ++day;
    time_of_day = 0;
  }
  for (int n = 0; n < days;) {
    ++day;
    if (is_working_day(day)) ++n;
  }
  return day * kDay + time_of_day - kCst;
}

int64_t add_working_days(int64_t from_ms, int days) { return WorkingCalendar::official().add_working_days(from_ms, days); }

}  // namespace lifeline::deadlines
