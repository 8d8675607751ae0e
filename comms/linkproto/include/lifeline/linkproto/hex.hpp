// Hex text <-> bytes, as the links carry binary payloads (BeiDou code/mixed content, SMS PDUs).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lifeline::linkproto {

using Bytes = std::vector<uint8_t>;

// Upper-case hex, two digits per byte.
std::string hex_encode(const uint8_t* data, size_t size);
inline std::string hex_encode(const Bytes& b) { return hex_encode(b.data(), b.size()); }
inline std::string hex_encode(std::string_view s) {
  return hex_encode(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}
// Accepts both cases; nullopt on an odd length or a non-hex character.
std::optional<Bytes> hex_decode(std::string_view text);

inline Bytes to_bytes(std::string_view s) { return Bytes(s.begin(), s.end()); }
inline std::string to_string(const Bytes& b) { return std::string(b.begin(), b.end()); }

}  // namespace lifeline::linkproto
