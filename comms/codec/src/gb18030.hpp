// UTF-8 <-> GB18030 through glibc's iconv ("GB18030"); no extra dependency. Chinese text in the
// GB2312/GBK range takes 2 bytes there instead of 3 in UTF-8 (schema/codec.md §5).
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace lifeline::codec::detail {

// nullopt if the input is not convertible (ill-formed or unmappable).
std::optional<std::string> utf8_to_gb18030(std::string_view utf8);
std::optional<std::string> gb18030_to_utf8(std::string_view gb);

// Byte length (1, 2 or 4) of the GB18030 character starting at gb[i]; the input must be well formed.
inline size_t gb18030_char_len(std::string_view gb, size_t i) {
  const auto c = static_cast<uint8_t>(gb[i]);
  if (c < 0x80) return 1;
  if (i + 1 < gb.size()) {
    const auto d = static_cast<uint8_t>(gb[i + 1]);
    if (d >= 0x30 && d <= 0x39) return 4;
  }
  return 2;
}

}  // namespace lifeline::codec::detail
