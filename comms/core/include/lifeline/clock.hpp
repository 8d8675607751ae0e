// Clocks. Every time-dependent component takes a Clock so tests and drills can run on manual time
// (DECISIONS "Clocks and timing"). Times are UTC milliseconds since the Unix epoch.
#pragma once
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

namespace lifeline {

class Clock {
 public:
  virtual ~Clock() = default;
  // Current UTC time in milliseconds since the epoch.
  virtual int64_t now_ms() const = 0;
  // True for a clock that moves only when told to (--clock=manual).
  virtual bool is_manual() const { return false; }
};

class SystemClock final : public Clock {
 public:
  int64_t now_ms() const override;
};

// Moves only through advance()/set(); thread-safe.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(int64_t start_ms) : now_(start_ms) {}
  int64_t now_ms() const override { return now_.load(std::memory_order_acquire); }
  bool is_manual() const override { return true; }
  int64_t advance(int64_t delta_ms) { return now_.fetch_add(delta_ms, std::memory_order_acq_rel) + delta_ms; }
  void set(int64_t ms) { now_.store(ms, std::memory_order_release); }

 private:
  std::atomic<int64_t> now_;
};

// "system" or "manual" (manual starts at start_ms, or at the system time when start_ms < 0).
std::shared_ptr<Clock> make_clock(const std::string& mode, int64_t start_ms = -1);

}  // namespace lifeline
