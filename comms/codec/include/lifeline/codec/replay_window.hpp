// Receiver-side replay protection per link: the 16-bit frame sequence number is also the replay
// counter. Accepts each number once within a 64-frame window behind the highest seen (serial-number
// arithmetic, RFC 1982, so it survives wrap-around); older numbers are refused.
#pragma once
#include <cstdint>

namespace lifeline::codec {

class ReplayWindow {
 public:
  static constexpr int kWindow = 64;
  // True if `seq` would be accepted now (does not record it).
  bool acceptable(uint16_t seq) const;
  // Record `seq` as seen (call only after acceptable() and a verified MAC).
  void record(uint16_t seq);
  bool empty() const { return !any_; }
  uint16_t highest() const { return highest_; }
  uint64_t seen() const { return seen_; }
  // A window as saved by its owner (highest(), seen()), so replay protection survives a restart.
  static ReplayWindow restored(uint16_t highest, uint64_t seen) {
    ReplayWindow w;
    w.any_ = true;
    w.highest_ = highest;
    w.seen_ = seen;
    return w;
  }

 private:
  bool any_ = false;
  uint16_t highest_ = 0;
  uint64_t seen_ = 0;  // bit i: highest_ - i seen
};

}  // namespace lifeline::codec
