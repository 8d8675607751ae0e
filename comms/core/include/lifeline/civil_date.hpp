// Days since 1970-01-01 of a proleptic Gregorian date and back (Howard Hinnant's algorithms, exact
// for every int64 day). One copy for every module that turns dates into days: RFC 3339 times,
// supply expiry dates, report periods, SMS timestamps, NMEA fixes.
#pragma once
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>

namespace lifeline {

struct CivilDate {
  int64_t year;
  unsigned month, day;  // 1-12, 1-31
};

constexpr int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

constexpr CivilDate civil_from_days(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<int64_t>(yoe) + era * 400 + (m <= 2), m, d};
}

// "YYYY-MM-DD" (exactly, a date that exists) → days since 1970-01-01; nullopt otherwise. The
// calendars the bureau updates each year (schema/holidays.json, key_periods.json) are read with it.
inline std::optional<int64_t> parse_iso_date(const std::string& s) {
  int y = 0;
  unsigned m = 0, d = 0;
  char tail = 0;
  if (s.size() != 10 || std::sscanf(s.c_str(), "%4d-%2u-%2u%c", &y, &m, &d, &tail) != 3 || m < 1 || m > 12 || d < 1 || d > 31)
    return std::nullopt;
  const int64_t day = days_from_civil(y, m, d);
  const auto back = civil_from_days(day);
  if (back.month != m || back.day != d) return std::nullopt;  // 02-30 and the like
  return day;
}

// The bureau's calendar is China Standard Time (UTC+8, no daylight saving): the local date of a
// UTC instant, for what is recorded or counted by the day.
constexpr int64_t kChinaStandardTimeOffsetMs = 8LL * 3600 * 1000;
constexpr CivilDate china_date_of(int64_t utc_ms) {
  const int64_t local = utc_ms + kChinaStandardTimeOffsetMs, day_ms = 24LL * 3600 * 1000;
  return civil_from_days(local >= 0 ? local / day_ms : (local - day_ms + 1) / day_ms);
}

static_assert(days_from_civil(1970, 1, 1) == 0 && days_from_civil(2000, 3, 1) == 11017);
static_assert(civil_from_days(11017).year == 2000 && civil_from_days(11017).month == 3 && civil_from_days(-1).day == 31);

}  // namespace lifeline
