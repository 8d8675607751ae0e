#include "lifeline/deadlines/working_days.hpp"

namespace lifeline::deadlines {

namespace {
constexpr int64_t kDay = 24LL * 3600 * 1000;
constexpr int64_t kCst = 8LL * 3600 * 1000;
// 0 = Monday ... 6 = Sunday for a local day number (1970-01-01 was a Thursday).
int weekday(int64_t local_day) { return static_cast<int>(((local_day % 7) + 7 + 3) % 7); }
}  // namespace

int64_t add_working_days(int64_t from_ms, int days) {
  int64_t local = from_ms + kCst;
  int64_t day = local >= 0 ? local / kDay : (local - kDay + 1) / kDay;
  int64_t time_of_day = local - day * kDay;
  if (weekday(day) >= 5) {  // weekend: the clock starts on Monday morning
    while (weekday(day) >= 5) ++day;
    time_of_day = 0;
  }
  for (int n = 0; n < days;) {
    ++day;
    if (weekday(day) < 5) ++n;
  }
  return day * kDay + time_of_day - kCst;
}

}  // namespace lifeline::deadlines
