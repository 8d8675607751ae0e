// The drill's scenario clock (scenario_clock.hpp): speed, pause and the way back from scenario
// time to the server time an inject is due.
#include <gtest/gtest.h>

#include <limits>

#include "lifeline/drills/scenario_clock.hpp"

using namespace lifeline::drills;

TEST(ScenarioClock, RunsAtItsSpeedAndStandsStillWhenPaused) {
  ClockSetting c{1000, 0, 60, false};
  EXPECT_EQ(elapsed_at(c, 1000), 0);
  EXPECT_EQ(elapsed_at(c, 2000), 60000) << "one real second, one scenario minute";
  EXPECT_EQ(elapsed_at(c, 500), 0) << "before it was set";
  ClockSetting p{1000, 5000, 60, true};
  EXPECT_EQ(elapsed_at(p, 99999), 5000);
}

TEST(ScenarioClock, FindsTheServerTimeAnInjectIsDue) {
  ClockSetting c{1000, 0, 60, false};
  EXPECT_EQ(server_time_of(c, 90 * 60000), 1000 + 90000);
  EXPECT_EQ(server_time_of(c, 0), 1000);
  ClockSetting odd{0, 0, 7, false};
  auto t = server_time_of(odd, 100);
  EXPECT_GE(elapsed_at(odd, t), 100);
  EXPECT_LT(elapsed_at(odd, t - 1), 100) << "the first millisecond it is due";
  EXPECT_EQ(server_time_of(ClockSetting{0, 0, 60, true}, 100), std::numeric_limits<int64_t>::max());
}

TEST(ScenarioClock, HistoryReadsEachMomentUnderTheSettingThenInForce) {
  ClockHistory h;
  h.add({0, 0, 60, false});         // ×60 from 0
  h.add({10000, 600000, 1, true});  // paused at 10 s (10 scenario minutes)
  h.add({20000, 600000, 2, false}); // resumed at ×2
  EXPECT_EQ(h.elapsed_at(5000), 300000);
  EXPECT_EQ(h.elapsed_at(15000), 600000);
  EXPECT_EQ(h.elapsed_at(21000), 602000);
}
