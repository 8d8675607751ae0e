#include "lifeline/clock.hpp"

#include <chrono>
#include <stdexcept>

namespace lifeline {

namespace {
int64_t steady_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}
}  // namespace

int64_t SystemClock::now_ms() const {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

SimulatedClock::SimulatedClock(int64_t start_ms) : steady_start_ms_(steady_ms()), offset_ms_(start_ms - steady_start_ms_) {}

int64_t SimulatedClock::now_ms() const { return steady_ms() + offset_ms_.load(std::memory_order_acquire); }

int64_t SimulatedClock::advance(int64_t delta_ms) {
  return steady_ms() + offset_ms_.fetch_add(delta_ms, std::memory_order_acq_rel) + delta_ms;
}

std::shared_ptr<Clock> make_clock(const std::string& mode, int64_t start_ms) {
  if (mode == "system") return std::make_shared<SystemClock>();
  int64_t start = start_ms >= 0 ? start_ms : SystemClock().now_ms();
  if (mode == "manual") return std::make_shared<ManualClock>(start);
  if (mode == "simulated") return std::make_shared<SimulatedClock>(start);
  throw std::invalid_argument("unknown clock mode '" + mode + "' (expected system, manual or simulated)");
}

}  // namespace lifeline
