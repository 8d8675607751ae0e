#include "lifeline/clock.hpp"

#include <chrono>
#include <stdexcept>

namespace lifeline {

int64_t SystemClock::now_ms() const {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::shared_ptr<Clock> make_clock(const std::string& mode, int64_t start_ms) {
  if (mode == "system") return std::make_shared<SystemClock>();
  if (mode == "manual") return std::make_shared<ManualClock>(start_ms >= 0 ? start_ms : SystemClock().now_ms());
  throw std::invalid_argument("unknown clock mode '" + mode + "' (expected system or manual)");
}

}  // namespace lifeline
