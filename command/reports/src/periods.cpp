#include "lifeline/reports/periods.hpp"

#include <cstdio>

#include "lifeline/civil_date.hpp"

namespace lifeline::reports {

namespace {

constexpr int64_t kHour = 3600LL * 1000;
constexpr int64_t kDay = 24 * kHour;
constexpr int64_t kCst = 8 * kHour;

int64_t local_day(int64_t ms) {
  int64_t local = ms + kCst;
  return local >= 0 ? local / kDay : (local - kDay + 1) / kDay;
}

std::string date_text(int64_t day) {
  const auto [y, m, d] = civil_from_days(day);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
  return buf;
}

// Monday = 0 (1970-01-01 was a Thursday).
int weekday(int64_t day) { return static_cast<int>(((day % 7) + 7 + 3) % 7); }

PeriodSpan span(const std::string& period, int64_t first_day) {
  int64_t next = first_day + 1;
  if (period == "weekly") {
    next = first_day + 7;
  } else if (period == "monthly") {
    const auto [y, m, d] = civil_from_days(first_day);
    next = m == 12 ? days_from_civil(y + 1, 1, 1) : days_from_civil(y, m + 1, 1);
  }
  return {period, date_text(first_day), first_day * kDay - kCst, next * kDay - kCst};
}

}  // namespace

PeriodSpan period_at(const std::string& period, int64_t now_ms) {
  int64_t day = local_day(now_ms);
  if (period == "weekly") day -= weekday(day);
  if (period == "monthly") {
    const auto [y, m, d] = civil_from_days(day);
    day = days_from_civil(y, m, 1);
  }
  return span(period, day);
}

std::optional<PeriodSpan> period_from(const std::string& period, const std::string& start_date) {
  if (period != "daily" && period != "weekly" && period != "monthly") return std::nullopt;
  auto day = parse_iso_date(start_date);
  if (!day || *day < 0) return std::nullopt;  // before 1970 is no report period
  if (period == "weekly" && weekday(*day) != 0) return std::nullopt;
  if (period == "monthly" && civil_from_days(*day).day != 1) return std::nullopt;
  return span(period, *day);
}

int64_t report_due_at(const PeriodSpan& s, const std::string& unit_kind) {
  int64_t last_day_start = s.end_ms - kDay;
  int64_t hour = unit_kind == "township" ? 16 : unit_kind == "county" ? 18 : 20;
  return last_day_start + hour * kHour;
}

}  // namespace lifeline::reports
