// Bit-level writer and reader, most significant bit first (schema/codec.md §2).
#pragma once
#include <cstdint>
#include <span>
#include <vector>

namespace lifeline::codec::detail {

class BitWriter {
 public:
  void put(uint64_t value, int bits) {
    for (int i = bits - 1; i >= 0; --i) put_bit((value >> i) & 1u);
  }
  void put_bit(bool b) {
    if (used_ == 0) bytes_.push_back(0);
    if (b) bytes_.back() |= static_cast<uint8_t>(0x80u >> used_);
    used_ = (used_ + 1) & 7;
  }
  // Unsigned varint: 4-bit groups, least significant first, each preceded by a "more" bit.
  void put_uv(uint32_t v) {
    do {
      const uint32_t group = v & 0xF;
      v >>= 4;
      put_bit(v != 0);
      put(group, 4);
    } while (v != 0);
  }
  void put_bytes(std::span<const uint8_t> b) {
    for (uint8_t x : b) put(x, 8);
  }
  size_t bit_size() const { return bytes_.size() * 8 - (used_ ? 8 - used_ : 0); }
  std::vector<uint8_t>& bytes() { return bytes_; }

 private:
  std::vector<uint8_t> bytes_;
  int used_ = 0;  // bits used in the last byte (0 = full)
};

inline int uv_bits(uint32_t v) {
  int groups = 1;
  while (v >>= 4) ++groups;
  return groups * 5;
}

// Reads past the end set `failed` and return zeros; callers check failed() once at the end.
class BitReader {
 public:
  explicit BitReader(std::span<const uint8_t> data) : data_(data) {}
  uint64_t get(int bits) {
    uint64_t v = 0;
    for (int i = 0; i < bits; ++i) v = (v << 1) | get_bit();
    return v;
  }
  bool get_bit() {
    if (pos_ >= data_.size() * 8) {
      failed_ = true;
      return false;
    }
    const bool b = (data_[pos_ / 8] >> (7 - pos_ % 8)) & 1u;
    ++pos_;
    return b;
  }
  // Canonical only: at most 8 groups, no trailing zero group; else failed.
  uint32_t get_uv() {
    uint64_t v = 0;
    for (int g = 0; g < 8; ++g) {
      const bool more = get_bit();
      const uint64_t group = get(4);
      v |= group << (4 * g);
      if (!more) {
        if (g > 0 && group == 0) failed_ = true;
        return v > 0xFFFFFFFFu ? (failed_ = true, 0u) : static_cast<uint32_t>(v);
      }
      if (failed_) return 0;
    }
    failed_ = true;
    return 0;
  }
  bool failed() const { return failed_; }
  void fail() { failed_ = true; }
  size_t remaining_bits() const { return pos_ >= data_.size() * 8 ? 0 : data_.size() * 8 - pos_; }
  // True if what is left is fewer than 8 bits, all zero (the padding of the last byte).
  bool at_clean_end() {
    if (failed_ || remaining_bits() >= 8) return false;
    while (remaining_bits() > 0)
      if (get_bit()) return false;
    return true;
  }

 private:
  std::span<const uint8_t> data_;
  size_t pos_ = 0;
  bool failed_ = false;
};

}  // namespace lifeline::codec::detail
