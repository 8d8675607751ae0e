#include "lifeline/supplies/governance_periods.hpp"

#include <cstdio>

#include "lifeline/civil_date.hpp"

namespace lifeline::supplies {

namespace {

constexpr int64_t kDay = 24LL * 3600 * 1000;
constexpr int64_t kCst = 8LL * 3600 * 1000;

int64_t midnight(int64_t y, unsigned m, unsigned d) { return days_from_civil(y, m, d) * kDay - kCst; }

CivilDate local_date(int64_t ms) {
  int64_t t = ms + kCst;
  return civil_from_days(t >= 0 ? t / kDay : (t - kDay + 1) / kDay);
}

GovernancePeriod month(int64_t y, unsigned m) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04lld-%02u", static_cast<long long>(y), m);
  return {buf, midnight(y, m, 1), m == 12 ? midnight(y + 1, 1, 1) : midnight(y, m + 1, 1)};
}

GovernancePeriod quarter(int64_t y, unsigned q) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04lld-Q%u", static_cast<long long>(y), q);
  const unsigned first = 3 * (q - 1) + 1;
  return {buf, midnight(y, first, 1), q == 4 ? midnight(y + 1, 1, 1) : midnight(y, first + 3, 1)};
}

bool digits(const std::string& s, size_t from, size_t n) {
  for (size_t i = from; i < from + n; ++i)
    if (i >= s.size() || s[i] < '0' || s[i] > '9') return false;
  return true;
}

}  // namespace

GovernancePeriod month_at(int64_t ms) {
  const auto d = local_date(ms);
  return month(d.year, d.month);
}

std::optional<GovernancePeriod> month_named(const std::string& s) {
  if (s.size() != 7 || s[4] != '-' || !digits(s, 0, 4) || !digits(s, 5, 2)) return std::nullopt;
  const int64_t y = std::stoi(s.substr(0, 4));
  const int m = std::stoi(s.substr(5, 2));
  if (y < 1970 || m < 1 || m > 12) return std::nullopt;
  return month(y, static_cast<unsigned>(m));
}

int64_t ledger_due_at(const GovernancePeriod& m) { return m.start_ms + 4 * kDay; }

GovernancePeriod quarter_at(int64_t ms) {
  const auto d = local_date(ms);
  return quarter(d.year, (d.month - 1) / 3 + 1);
}

std::optional<GovernancePeriod> quarter_named(const std::string& s) {
  if (s.size() != 7 || s[4] != '-' || s[5] != 'Q' || !digits(s, 0, 4) || s[6] < '1' || s[6] > '4') return std::nullopt;
  const int64_t y = std::stoi(s.substr(0, 4));
  if (y < 1970) return std::nullopt;
  return quarter(y, static_cast<unsigned>(s[6] - '0'));
}

GovernancePeriod quarter_before(const GovernancePeriod& q) { return quarter_at(q.start_ms - 1); }

}  // namespace lifeline::supplies
