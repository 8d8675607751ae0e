// Sliding replay window over 16-bit serial numbers.
#include "lifeline/codec/replay_window.hpp"

namespace lifeline::codec {

bool ReplayWindow::acceptable(uint16_t seq) const {
  if (!any_) return true;
  const auto diff = static_cast<int16_t>(static_cast<uint16_t>(seq - highest_));
  if (diff > 0) return true;
  const int behind = -diff;
  if (behind >= kWindow) return false;
  return ((seen_ >> behind) & 1u) == 0;
}

void ReplayWindow::record(uint16_t seq) {
  if (!any_) {
    any_ = true;
    highest_ = seq;
    seen_ = 1;
    return;
  }
  const auto diff = static_cast<int16_t>(static_cast<uint16_t>(seq - highest_));
  if (diff > 0) {
    seen_ = diff >= kWindow ? 0 : seen_ << diff;
    seen_ |= 1;
    highest_ = seq;
  } else if (-diff < kWindow) {
    seen_ |= uint64_t{1} << -diff;
  }
}

}  // namespace lifeline::codec
