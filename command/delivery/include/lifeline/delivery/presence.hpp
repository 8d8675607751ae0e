// Who is reachable over IP right now: the WebSocket connections of each user and team, and when
// each was last heard (any frame, heartbeats included). Written by the io thread, read by the
// state thread; guarded by one mutex.
//
// Silence is measured on the transport's own time (a monotonic clock by default), never on the
// command's clock: a manual clock jumped ahead in a test, or a drill's accelerated scenario, must
// not make a handheld that beats every second look silent (schema/drills.md §2).
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace lifeline::delivery {

class Presence {
 public:
  // `now`: the transport's time in ms (default: the monotonic clock; unit tests pass their own).
  explicit Presence(std::function<int64_t()> now = {});
  // A logged-in connection of `user_id` (and of `team_id` for team roles; may be empty).
  void online(uint64_t conn, const std::string& user_id, const std::string& team_id);
  void offline(uint64_t conn);
  void heard(uint64_t conn);
  // Connections of an owner ("user:ID" / "team:ID") heard within the last `window_ms`.
  std::vector<uint64_t> live_connections(const std::string& owner, int64_t window_ms) const;
  bool up(const std::string& owner, int64_t window_ms) const { return !live_connections(owner, window_ms).empty(); }
  // Owners that have or had a connection (for health transitions).
  std::vector<std::string> owners() const;

 private:
  struct Conn {
    std::vector<std::string> owners;
    int64_t last_heard = 0;
  };
  std::function<int64_t()> now_;
  mutable std::mutex mutex_;
  std::map<uint64_t, Conn> conns_;
  std::map<std::string, std::set<uint64_t>> by_owner_;
};

}  // namespace lifeline::delivery
