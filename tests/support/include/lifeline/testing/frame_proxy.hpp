// A TCP proxy on 127.0.0.1 that understands message boundaries and mistreats whole messages:
// drops, duplicates, reorders (holds one back and lets the next overtake it) and delays them,
// from a seeded RNG. Two framings: JSON lines (the loopback link) and WebSocket frames (IP,
// after the HTTP upgrade passes through untouched). Faults apply in both directions. `silent` is
// a link that fades without closing: connections stay open and nothing gets through either way,
// not even a new connection's upgrade.
#pragma once
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace lifeline::testing {

struct LinkFaults {
  double drop = 0, duplicate = 0, reorder = 0;
  int max_delay_ms = 0;
  uint32_t seed = 1;
  bool silent = false;
};

class FrameProxy {
 public:
  enum class Framing { lines, websocket };
  FrameProxy(int target_port, Framing framing, LinkFaults faults);
  ~FrameProxy();
  int port() const { return port_; }
  // Faults can start after a clean set-up phase (log in, attach).
  void set_faults(LinkFaults f) {
    std::lock_guard lock(mutex_);
    faults_ = f;
  }
  uint64_t dropped() const { return dropped_; }
  uint64_t duplicated() const { return duplicated_; }
  uint64_t reordered() const { return reordered_; }
  uint64_t forwarded() const { return forwarded_; }

 private:
  void accept_loop();
  void pump(int from, int to, uint32_t seed);
  int target_port_, listen_fd_ = -1, port_ = 0;
  Framing framing_;
  LinkFaults faults_;
  std::atomic<bool> stop_{false};
  std::atomic<uint64_t> dropped_{0}, duplicated_{0}, reordered_{0}, forwarded_{0};
  std::mutex mutex_;
  std::vector<std::thread> threads_;
  std::vector<int> fds_;
  std::thread acceptor_;
};

}  // namespace lifeline::testing
