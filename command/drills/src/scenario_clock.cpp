#include "lifeline/drills/scenario_clock.hpp"

#include <cmath>
#include <limits>

namespace lifeline::drills {

int64_t elapsed_at(const ClockSetting& c, int64_t at) {
  if (c.paused || at <= c.at) return c.elapsed_ms;
  return c.elapsed_ms + static_cast<int64_t>(std::floor(static_cast<double>(at - c.at) * c.speed));
}

int64_t server_time_of(const ClockSetting& c, int64_t elapsed_ms) {
  if (elapsed_ms <= c.elapsed_ms) return c.at;
  if (c.paused || c.speed <= 0) return std::numeric_limits<int64_t>::max();
  // The first whole millisecond at which elapsed_at() has reached it.
  auto t = c.at + static_cast<int64_t>(std::ceil(static_cast<double>(elapsed_ms - c.elapsed_ms) / c.speed));
  while (elapsed_at(c, t) < elapsed_ms) ++t;
  return t;
}

int64_t ClockHistory::elapsed_at(int64_t at) const {
  if (settings_.empty()) return 0;
  const ClockSetting* current = &settings_.front();
  for (const auto& s : settings_)
    if (s.at <= at) current = &s;
  return drills::elapsed_at(*current, at);
}

}  // namespace lifeline::drills
