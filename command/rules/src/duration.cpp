#include "lifeline/rules/duration.hpp"

namespace lifeline::rules::detail {

std::optional<int64_t> parse_duration_ms(std::string_view s) {
  if (s.empty() || s.size() > 32) return std::nullopt;
  int64_t total = 0;
  std::size_t i = 0;
  int last_unit = -1;  // units must appear largest first, each once
  while (i < s.size()) {
    int64_t n = 0;
    std::size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      n = n * 10 + (s[i] - '0');
      if (n > 1'000'000) return std::nullopt;
      ++i;
    }
    if (i == start || i == s.size()) return std::nullopt;
    int unit;
    int64_t ms;
    switch (s[i]) {
      case 'd': unit = 0, ms = 86'400'000; break;
      case 'h': unit = 1, ms = 3'600'000; break;
      case 'm': unit = 2, ms = 60'000; break;
      case 's': unit = 3, ms = 1'000; break;
      default: return std::nullopt;
    }
    if (unit <= last_unit) return std::nullopt;
    last_unit = unit;
    total += n * ms;
    ++i;
  }
  if (total <= 0) return std::nullopt;
  return total;
}

}  // namespace lifeline::rules::detail
