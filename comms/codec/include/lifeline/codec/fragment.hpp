// Fragmentation of a whole frame into link-sized fragment frames and their reassembly
// (schema/codec.md §6). Each fragment is itself a MAC'd frame with its own sequence number.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <vector>

#include "lifeline/clock.hpp"
#include "lifeline/codec/device_key.hpp"
#include "lifeline/codec/dictionary.hpp"
#include "lifeline/codec/result.hpp"

namespace lifeline::codec {

inline constexpr size_t kFragmentOverhead = 3 + 2 + kMacBytes;  // header+seq, index/count+tag, MAC
inline constexpr size_t kMaxFragments = 16;

// Split `frame` (from encode) for a link carrying at most `mtu` bytes. A frame that fits is returned
// as is; otherwise fragments use sequence numbers first_seq, first_seq+1, ... Error
// too_large_for_link if it would need more than kMaxFragments or the mtu cannot carry a fragment.
Result<std::vector<std::vector<uint8_t>>> fragment(std::span<const uint8_t> frame, size_t mtu,
                                                   uint16_t first_seq, const Dictionary& dict,
                                                   const DeviceKey& key);

// One fragment, MAC verified.
struct FragmentPiece {
  uint16_t seq = 0;
  uint8_t tag = 0;      // low 8 bits of the whole frame's sequence number
  uint8_t index = 0;    // 0-based
  uint8_t count = 0;    // 1..16
  std::vector<uint8_t> chunk;
};

Result<FragmentPiece> parse_fragment(std::span<const uint8_t> frame, const Dictionary& dict,
                                     const DeviceKey& key);

struct ReassemblerLimits {
  size_t max_messages = 8;            // partial messages held at once (oldest evicted)
  size_t max_bytes = 16 * 1024;       // total chunk bytes held
  int64_t timeout_ms = 30 * 60'000;   // a partial message older than this is dropped
};

// Collects fragments per (tag, count); out of order and duplicates are fine, a conflicting
// duplicate (same index, other bytes) is rejected and changes nothing.
class Reassembler {
 public:
  explicit Reassembler(const Clock& clock, ReassemblerLimits limits = {});
  // The whole frame once the last piece is in, nullopt while incomplete, or an error.
  Result<std::optional<std::vector<uint8_t>>> add(const FragmentPiece& piece);
  size_t pending_messages() const { return partial_.size(); }
  size_t pending_bytes() const { return bytes_; }
  size_t expired_count() const { return expired_; }

 private:
  struct Partial {
    int64_t started_ms = 0;
    uint8_t count = 0;
    std::vector<std::optional<std::vector<uint8_t>>> chunks;
    size_t bytes = 0;
  };
  void expire();
  bool evict_oldest_except(std::map<uint16_t, Partial>::iterator keep);
  const Clock& clock_;
  ReassemblerLimits limits_;
  std::map<uint16_t, Partial> partial_;  // key: tag << 8 | count
  size_t bytes_ = 0;
  size_t expired_ = 0;
};

}  // namespace lifeline::codec
