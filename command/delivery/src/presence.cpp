#include "lifeline/delivery/presence.hpp"

#include <chrono>

namespace lifeline::delivery {

Presence::Presence(std::function<int64_t()> now) : now_(std::move(now)) {
  if (!now_)
    now_ = [] {
      return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
    };
}

void Presence::online(uint64_t conn, const std::string& user_id, const std::string& team_id) {
  const int64_t now = now_();
  std::lock_guard lock(mutex_);
  auto& c = conns_[conn];
  c.last_heard = now;
  c.owners = {"user:" + user_id};
  if (!team_id.empty()) c.owners.push_back("team:" + team_id);
  for (const auto& o : c.owners) by_owner_[o].insert(conn);
}

void Presence::offline(uint64_t conn) {
  std::lock_guard lock(mutex_);
  auto it = conns_.find(conn);
  if (it == conns_.end()) return;
  for (const auto& o : it->second.owners) by_owner_[o].erase(conn);
  conns_.erase(it);
}

void Presence::heard(uint64_t conn) {
  const int64_t now = now_();
  std::lock_guard lock(mutex_);
  auto it = conns_.find(conn);
  if (it != conns_.end() && now > it->second.last_heard) it->second.last_heard = now;
}

std::vector<uint64_t> Presence::live_connections(const std::string& owner, int64_t window_ms) const {
  const int64_t now = now_();
  std::lock_guard lock(mutex_);
  std::vector<uint64_t> out;
  auto it = by_owner_.find(owner);
  if (it == by_owner_.end()) return out;
  for (auto conn : it->second) {
    auto c = conns_.find(conn);
    if (c != conns_.end() && now - c->second.last_heard <= window_ms) out.push_back(conn);
  }
  return out;
}

std::vector<std::string> Presence::owners() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> out;
  for (const auto& [owner, conns] : by_owner_) out.push_back(owner);
  return out;
}

}  // namespace lifeline::delivery
