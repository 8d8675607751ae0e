// UUIDv7 ids (RFC 9562): 48-bit millisecond timestamp, then random bits, so ids sort by creation time.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lifeline {

using Uuid = std::array<uint8_t, 16>;

// A new UUIDv7 for time `ms`. Within one process, ids made in the same millisecond still sort in
// creation order (the 12-bit rand_a field is used as a counter, RFC 9562 §6.2 method 1).
Uuid uuid7_new(int64_t ms);
std::string uuid_to_string(const Uuid& id);
// Canonical lower-case 8-4-4-4-12 form only; anything else is nullopt.
std::optional<Uuid> uuid_parse(std::string_view text);
// The millisecond timestamp of a UUIDv7.
int64_t uuid7_ms(const Uuid& id);
inline std::string uuid7_string(int64_t ms) { return uuid_to_string(uuid7_new(ms)); }
bool is_uuid(std::string_view text);

}  // namespace lifeline
