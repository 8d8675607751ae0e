#include "lifeline/supplies/dates.hpp"

#include <cstdio>

#include "lifeline/api_error.hpp"
#include "lifeline/civil_date.hpp"

namespace lifeline::supplies {

namespace {
constexpr int64_t kDay = 24LL * 3600 * 1000;
constexpr int64_t kCst = 8LL * 3600 * 1000;
}  // namespace

std::optional<int64_t> date_start_ms(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
  int y = std::stoi(s.substr(0, 4)), m = std::stoi(s.substr(5, 2)), d = std::stoi(s.substr(8, 2));
  static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1) return std::nullopt;
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (d > mdays[m - 1] + (m == 2 && leap ? 1 : 0)) return std::nullopt;
  return days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d)) * kDay - kCst;
}

std::string date_of(int64_t ms) {
  int64_t t = ms + kCst;
  const auto c = civil_from_days(t >= 0 ? t / kDay : (t - kDay + 1) / kDay);  // floor division
  const int64_t y = c.year;
  const unsigned m = c.month, d = c.day;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
  return buf;
}

std::string read_past_date(const domain::OpContext& ctx, domain::BodyReader& r, const char* key) {
  auto d = r.str(key, 10);
  if (!date_start_ms(d))
    throw ApiError("bad_field", r.path(key) + " must be a date YYYY-MM-DD", "正文." + std::string(key) + " 应为日期 YYYY-MM-DD");
  if (d > date_of(ctx.now())) throw ApiError("bad_field", r.path(key) + " is after today", "正文." + std::string(key) + " 不能晚于今天");
  return d;
}

}  // namespace lifeline::supplies
