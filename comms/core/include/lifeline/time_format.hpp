// Wire times: RFC 3339 UTC with milliseconds ("2026-08-20T01:00:00.000Z"), stored as int64 ms.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lifeline {

std::string format_rfc3339_ms(int64_t ms);
// Accepts "YYYY-MM-DDTHH:MM:SS[.fff]Z" or with a "+hh:mm"/"-hh:mm" offset; nullopt otherwise.
std::optional<int64_t> parse_rfc3339(std::string_view text);
// Local wall time for display, "YYYY-MM-DD HH:MM" at a fixed UTC offset (Asia/Shanghai = +480 min).
std::string format_local_minutes(int64_t ms, int offset_minutes = 480);

}  // namespace lifeline
