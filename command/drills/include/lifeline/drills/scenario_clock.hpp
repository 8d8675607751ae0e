// A drill's scenario clock: scenario time runs at `speed` scenario seconds per second of the
// server's clock from the last time it was set, or stands still while paused. It only decides
// when injects fire and how the report reads delays; link health, retries and deadlines stay on
// the server's own clock (an accelerated drill never marks a heart-beating link silent).
#pragma once
#include <cstdint>
#include <vector>

namespace lifeline::drills {

struct ClockSetting {
  int64_t at = 0;          // server time the setting took effect (ms)
  int64_t elapsed_ms = 0;  // scenario time at that moment
  double speed = 1;
  bool paused = false;
};

// Scenario time at server time `at` under one setting.
int64_t elapsed_at(const ClockSetting& c, int64_t at);
// Server time at which scenario time reaches `elapsed_ms`, or INT64_MAX when it never will
// (paused, or already past: then `c.at`).
int64_t server_time_of(const ClockSetting& c, int64_t elapsed_ms);

// The whole history of settings (scenario.loaded, then each scenario.clock_set), for the report:
// scenario time at any server time since the load.
class ClockHistory {
 public:
  void add(ClockSetting s) { settings_.push_back(s); }
  bool empty() const { return settings_.empty(); }
  int64_t elapsed_at(int64_t at) const;

 private:
  std::vector<ClockSetting> settings_;  // in time order
};

}  // namespace lifeline::drills
