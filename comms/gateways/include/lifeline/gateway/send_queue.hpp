// Per-terminal send queue of a thin link: at most one message per `interval` per terminal (a
// BeiDou card's service frequency, say), most urgent first, and positions/status coalesced so a
// backlog never holds two fixes of the same sender. Pure: the caller supplies the time.
#pragma once
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "lifeline/gateway/link_driver.hpp"

namespace lifeline::gateway {

class SendQueue {
 public:
  explicit SendQueue(int64_t interval_ms) : interval_ms_(interval_ms) {}
  // Queues (replacing an older queued message of the same coalescing kind and sender).
  void push(Downlink d, int64_t now);
  // Messages that may go now, one per terminal at most; marks those terminals busy until now+interval.
  std::vector<Downlink> due(int64_t now);
  // The next time something becomes due (INT64_MAX if nothing is queued).
  int64_t next_due() const;
  size_t depth() const;
  void set_interval(int64_t ms) { interval_ms_ = ms; }

 private:
  struct Terminal {
    std::deque<Downlink> queue;
    int64_t next_slot = 0;
  };
  int64_t interval_ms_;
  std::map<std::string, Terminal> terminals_;
};

int precedence_rank(const std::string& p);

}  // namespace lifeline::gateway
