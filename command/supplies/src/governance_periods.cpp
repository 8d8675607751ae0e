#include "lifeline/supplies/governance_periods.hpp"

#include <cstdio>

#include "lifeline/civil_date.hpp"

namespace lifeline::supplies {

namespace {

constexpr int64_t kDay = 24LL * 3600 * 1000;
constexpr int64_t kCst = 8LL * 3600 * 1000;

int64_t midnight(int64_t y, unsigned m, unsigned d) { return days_from_civil(y, m, d) * kDay - kCst; }

int64_t local_days(int64_t ms);

CivilDate local_date(int64_t ms) { return civil_from_days(local_days(ms)); }

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

int64_t local_days(int64_t ms) {
  const int64_t t = ms + kCst;
  return t >= 0 ? t / kDay : (t - kDay + 1) / kDay;
}

// The ISO week whose Monday is `monday` (days since 1970-01-01).
GovernancePeriod week_from_monday(int64_t monday) {
  const auto thursday = civil_from_days(monday + 3);
  const int64_t week = (monday + 3 - days_from_civil(thursday.year, 1, 1)) / 7 + 1;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04lld-W%02lld", static_cast<long long>(thursday.year), static_cast<long long>(week));
  return {buf, monday * kDay - kCst, (monday + 7) * kDay - kCst};
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

GovernancePeriod week_at(int64_t ms) {
  const int64_t days = local_days(ms);
  const int64_t weekday = ((days + 3) % 7 + 7) % 7;  // 1970-01-01 was a Thursday; Monday = 0
  return week_from_monday(days - weekday);
}

std::optional<GovernancePeriod> week_named(const std::string& s) {
  if (s.size() != 8 || s[4] != '-' || s[5] != 'W' || !digits(s, 0, 4) || !digits(s, 6, 2)) return std::nullopt;
  const int64_t y = std::stoi(s.substr(0, 4));
  const int w = std::stoi(s.substr(6, 2));
  if (y < 1970 || w < 1 || w > 53) return std::nullopt;
  // Week 1 holds 4 January; its Monday, then w - 1 weeks on.
  const auto first = week_at(midnight(y, 1, 4));
  auto week = week_from_monday(local_days(first.start_ms) + 7 * (w - 1));
  if (week.name != s) return std::nullopt;  // week 53 of a year that has 52
  return week;
}

GovernancePeriod week_before(const GovernancePeriod& w) { return week_at(w.start_ms - 1); }

GovernancePeriod half_month_at(int64_t ms) {
  const auto d = local_date(ms);
  const auto m = month(d.year, d.month);
  const int64_t mid = midnight(d.year, d.month, 16);
  if (d.day < 16) return {m.name + "-H1", m.start_ms, mid};
  return {m.name + "-H2", mid, m.end_ms};
}

std::optional<GovernancePeriod> half_month_named(const std::string& s) {
  if (s.size() != 10 || s[7] != '-' || s[8] != 'H' || (s[9] != '1' && s[9] != '2')) return std::nullopt;
  auto m = month_named(s.substr(0, 7));
  if (!m) return std::nullopt;
  return half_month_at(s[9] == '1' ? m->start_ms : m->end_ms - 1);
}

std::string period_name_zh(const std::string& p) {
  const std::string year = p.substr(0, 4) + "年";
  if (p.size() == 7 && p[5] == 'Q') return year + "第" + p.substr(6) + "季度";
  if (p.size() == 8 && p[5] == 'W') return year + "第" + std::to_string(std::stoi(p.substr(6))) + "周";
  const std::string month = year + std::to_string(std::stoi(p.substr(5, 2))) + "月";
  if (p.size() == 10 && p[8] == 'H') return month + (p[9] == '1' ? "上半月" : "下半月");
  return month;
}

}  // namespace lifeline::supplies
