// "2h", "15m", "1h30m", "3d", "90s" -> milliseconds.
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>

namespace lifeline::rules::detail {

std::optional<int64_t> parse_duration_ms(std::string_view text);

}  // namespace lifeline::rules::detail
