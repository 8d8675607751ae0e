// Text fields: phrase-dictionary tokens and literal runs in UTF-8 or GB18030, whichever is shorter
// for the whole text (schema/codec.md §5).
#pragma once
#include <string>
#include <string_view>

#include "bits.hpp"
#include "lifeline/codec/dictionary.hpp"

namespace lifeline::codec::detail {

inline constexpr uint32_t kMaxTextTokens = 1024;
inline constexpr size_t kMaxTextBytes = 1024;  // UTF-8 bytes of one decoded text

// Appends the text; error bad_field if `utf8` is not valid UTF-8 or too long.
Result<Ok> put_text(BitWriter& w, std::string_view utf8, const Dictionary& dict);
// Reads a text; false (and r.failed()) on any malformation.
bool get_text(BitReader& r, const Dictionary& dict, std::string& out);

// Length-prefixed raw UTF-8 (dictionary updates): uv(len) then bytes.
void put_raw(BitWriter& w, std::string_view utf8);
bool get_raw(BitReader& r, std::string& out, size_t max_bytes);

}  // namespace lifeline::codec::detail
