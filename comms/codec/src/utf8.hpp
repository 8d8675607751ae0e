// UTF-8 validation and splitting into code points (shared by text coding and the dictionary).
#pragma once
#include <cstdint>
#include <string_view>
#include <vector>

namespace lifeline::codec::detail {

// Length of the well-formed UTF-8 sequence at s[i] (1-4), or 0 if ill-formed (overlong, surrogate, > U+10FFFF).
inline size_t utf8_seq_len(std::string_view s, size_t i) {
  const auto b = [&](size_t k) { return static_cast<uint8_t>(s[k]); };
  const uint8_t c = b(i);
  size_t n = c < 0x80 ? 1 : (c >= 0xC2 && c <= 0xDF) ? 2 : (c >= 0xE0 && c <= 0xEF) ? 3 : (c >= 0xF0 && c <= 0xF4) ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k)
    if ((b(i + k) & 0xC0) != 0x80) return 0;
  if (n == 3 && ((c == 0xE0 && b(i + 1) < 0xA0) || (c == 0xED && b(i + 1) >= 0xA0))) return 0;
  if (n == 4 && ((c == 0xF0 && b(i + 1) < 0x90) || (c == 0xF4 && b(i + 1) >= 0x90))) return 0;
  return n;
}

inline bool valid_utf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const size_t n = utf8_seq_len(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

// Byte offsets of each code point start, plus s.size() at the end. Assumes valid UTF-8.
inline std::vector<size_t> utf8_offsets(std::string_view s) {
  std::vector<size_t> out;
  for (size_t i = 0; i < s.size(); i += utf8_seq_len(s, i)) out.push_back(i);
  out.push_back(s.size());
  return out;
}

}  // namespace lifeline::codec::detail
