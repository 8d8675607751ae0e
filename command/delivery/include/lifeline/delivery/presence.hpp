// Who is reachable over IP right now: the WebSocket connections of each user and team, and when
// each was last heard (any frame, heartbeats included). Written by the io thread, read by the
// state thread; guarded by one mutex.
#pragma once
#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace lifeline::delivery {

class Presence {
 public:
  // A logged-in connection of `user_id` (and of `team_id` for team roles; may be empty).
  void online(uint64_t conn, const std::string& user_id, const std::string& team_id, int64_t now);
  void offline(uint64_t conn);
  void heard(uint64_t conn, int64_t now);
  // Connections of an owner ("user:ID" / "team:ID") heard within `window_ms` of `now`.
  std::vector<uint64_t> live_connections(const std::string& owner, int64_t now, int64_t window_ms) const;
  bool up(const std::string& owner, int64_t now, int64_t window_ms) const {
    return !live_connections(owner, now, window_ms).empty();
  }
  // Owners that have or had a connection (for health transitions).
  std::vector<std::string> owners() const;

 private:
  struct Conn {
    std::vector<std::string> owners;
    int64_t last_heard = 0;
  };
  mutable std::mutex mutex_;
  std::map<uint64_t, Conn> conns_;
  std::map<std::string, std::set<uint64_t>> by_owner_;
};

}  // namespace lifeline::delivery
