#include "lifeline/app/login_throttle.hpp"

#include <algorithm>

namespace lifeline::app {

std::string remote_address(const std::string& remote) {
  if (!remote.empty() && remote.front() == '[') return remote.substr(0, remote.find(']') + 1);
  auto colon = remote.find(':');
  if (colon != std::string::npos && remote.find(':', colon + 1) == std::string::npos && remote.rfind("zmq:", 0) != 0)
    return remote.substr(0, colon);
  return remote;
}

int64_t LoginThrottle::wait(const std::string& key, int64_t now) {
  auto it = records_.find(key);
  return it == records_.end() ? 0 : std::max<int64_t>(0, it->second.locked_until - now);
}

int64_t LoginThrottle::retry_after(const std::string& username, const std::string& remote, int64_t now) {
  int64_t by_user = wait("user:" + username, now);
  return remote.empty() ? by_user : std::max(by_user, wait("addr:" + remote_address(remote), now));
}

void LoginThrottle::fail(const std::string& key, int limit, int64_t now) {
  auto& r = records_[key];
  // A record idle for a whole window starts over: its lockouts no longer grow the next one.
  if (r.last && now - r.last > config_.window_ms && now >= r.locked_until) r = Record{};
  r.last = now;
  while (!r.failures.empty() && now - r.failures.front() > config_.window_ms) r.failures.pop_front();
  r.failures.push_back(now);
  // Once locked out, the next failure (while the record lives) locks again, for twice as long.
  if (static_cast<int>(r.failures.size()) < (r.lockouts > 0 ? 1 : limit)) return;
  int64_t lock = config_.first_lock_ms << std::min(r.lockouts, 20);
  r.locked_until = now + std::min(lock, config_.max_lock_ms);
  r.lockouts++;
  r.failures.clear();
}

void LoginThrottle::failed(const std::string& username, const std::string& remote, int64_t now) {
  if (records_.size() >= config_.max_keys) prune(now);
  fail("user:" + username, config_.max_user_failures, now);
  if (!remote.empty()) fail("addr:" + remote_address(remote), config_.max_address_failures, now);
}

void LoginThrottle::succeeded(const std::string& username) { records_.erase("user:" + username); }

void LoginThrottle::prune(int64_t now) {
  for (auto it = records_.begin(); it != records_.end();)
    it = now - it->second.last > config_.window_ms && now >= it->second.locked_until ? records_.erase(it) : std::next(it);
  // Still full (a flood of names within one window): keep the lockouts, then forget the rest.
  for (auto it = records_.begin(); records_.size() >= config_.max_keys && it != records_.end();)
    it = now >= it->second.locked_until ? records_.erase(it) : std::next(it);
  if (records_.size() >= config_.max_keys) records_.clear();
}

}  // namespace lifeline::app
