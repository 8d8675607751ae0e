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
  // "system", "manual" or "simulated": what server.info reports.
  virtual const char* mode() const = 0;
};

class SystemClock final : public Clock {
 public:
  int64_t now_ms() const override;
  const char* mode() const override { return "system"; }
};

// A clock that the admin's clock.advance may move forward (manual and simulated clocks).
class AdjustableClock : public Clock {
 public:
  // Moves the clock by delta_ms and returns the new time.
  virtual int64_t advance(int64_t delta_ms) = 0;
  // Moves the clock to ms (callers refuse going back).
  void set(int64_t ms) { advance(ms - now_ms()); }
};

// Moves only through advance()/set(); thread-safe.
class ManualClock final : public AdjustableClock {
 public:
  explicit ManualClock(int64_t start_ms) : now_(start_ms) {}
  int64_t now_ms() const override { return now_.load(std::memory_order_acquire); }
  bool is_manual() const override { return true; }
  const char* mode() const override { return "manual"; }
  int64_t advance(int64_t delta_ms) override { return now_.fetch_add(delta_ms, std::memory_order_acq_rel) + delta_ms; }

 private:
  std::atomic<int64_t> now_;
};

// Starts at a chosen instant and runs at real speed (the monotonic clock underneath), so the
// date and time of day are fixed while heartbeats, retries and timeouts still flow. Tests use it to
// be independent of the wall clock; a drill can run on a scenario date. advance() jumps ahead.
class SimulatedClock final : public AdjustableClock {
 public:
  explicit SimulatedClock(int64_t start_ms);
  int64_t now_ms() const override;
  const char* mode() const override { return "simulated"; }
  int64_t advance(int64_t delta_ms) override;

 private:
  int64_t steady_start_ms_;
  std::atomic<int64_t> offset_ms_;  // start_ms + jumps - steady_start_ms_
};

// "system", "manual" or "simulated" (manual and simulated start at start_ms, or at the system time
// when start_ms < 0).
std::shared_ptr<Clock> make_clock(const std::string& mode, int64_t start_ms = -1);

}  // namespace lifeline
