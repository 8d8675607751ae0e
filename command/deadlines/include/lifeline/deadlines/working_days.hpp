// Working days for time limits such as "acceptance within 3 working days", in China Standard Time
// (UTC+8), on the State Council's holiday calendar (schema/holidays.json): public holidays are off,
// make-up working days (调休上班, a Saturday or Sunday) are on. A year the calendar does not list
// counts Monday to Friday; the node warns at start when the current year is missing.
#pragma once
#include <cstdint>
#include <set>
#include <string_view>
#include <vector>

namespace lifeline::deadlines {

class WorkingCalendar {
 public:
  // Parses and checks a holidays.json text; throws std::runtime_error naming the bad entry (a date
  // outside its year, a make-up day that is not a weekend, a day both off and on ...).
  static WorkingCalendar parse(std::string_view json_text);
  // The calendar shipped in schema/holidays.json.
  static const WorkingCalendar& official();

  // `local_day`: days since 1970-01-01 in UTC+8.
  bool is_working_day(int64_t local_day) const;
  bool covers_year(int64_t year) const { return years_.count(year) > 0; }
  const std::set<int64_t>& years() const { return years_; }

  // The same local time of day `days` working days after `from_ms`; a start on a day off counts
  // from 00:00 of the next working day.
  int64_t add_working_days(int64_t from_ms, int days) const;

 private:
  std::set<int64_t> years_, holidays_, workdays_;
};

// On the official calendar.
int64_t add_working_days(int64_t from_ms, int days);

}  // namespace lifeline::deadlines
