// Report periods in China Standard Time (UTC+8, rules.toml utc_offset_minutes = 480): a day, an
// ISO week (Monday to Sunday) or a calendar month, named by its first day "YYYY-MM-DD".
#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace lifeline::reports {

inline constexpr const char* kPeriods[] = {"daily", "weekly", "monthly"};

struct PeriodSpan {
  std::string period;      // daily | weekly | monthly
  std::string start_date;  // first local day, YYYY-MM-DD
  int64_t start_ms = 0;    // its local midnight, UTC ms
  int64_t end_ms = 0;      // the next period's start
};

// The period containing `now_ms`.
PeriodSpan period_at(const std::string& period, int64_t now_ms);
// The period starting on `start_date`; nullopt if the date is malformed or not the period's first
// day (a Monday for weekly, the 1st for monthly).
std::optional<PeriodSpan> period_from(const std::string& period, const std::string& start_date);
// When a unit of `unit_kind` (township, county, city) is due to report for `span`: on the period's
// last day at 16:00 local for townships, 18:00 for counties, 20:00 for the city.
int64_t report_due_at(const PeriodSpan& span, const std::string& unit_kind);

}  // namespace lifeline::reports
