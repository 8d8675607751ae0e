// The simulated clock: a fixed start that runs at real speed and can jump ahead.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "lifeline/clock.hpp"

using namespace lifeline;

TEST(SimulatedClock, StartsWhereToldRunsAndJumps) {
  constexpr int64_t start = 1787187600000;  // 2026-08-20T01:00:00Z
  auto clock = make_clock("simulated", start);
  EXPECT_STREQ(clock->mode(), "simulated");
  EXPECT_FALSE(clock->is_manual());
  int64_t first = clock->now_ms();
  EXPECT_GE(first, start);
  EXPECT_LT(first, start + 5000);
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_GE(clock->now_ms(), first + 20);
  auto& adjustable = dynamic_cast<AdjustableClock&>(*clock);
  int64_t after = adjustable.advance(3600000);
  EXPECT_GE(after, first + 3600000 + 20);
  adjustable.set(start + 86400000);
  EXPECT_GE(clock->now_ms(), start + 86400000);
  EXPECT_LT(clock->now_ms(), start + 86400000 + 5000);
}

TEST(SimulatedClock, ModesByName) {
  EXPECT_STREQ(make_clock("system")->mode(), "system");
  EXPECT_STREQ(make_clock("manual", 0)->mode(), "manual");
  EXPECT_THROW(make_clock("sundial"), std::invalid_argument);
}
