// Calendar dates (YYYY-MM-DD) of the supply books, read in China Standard Time (UTC+8).
#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace lifeline::supplies {

// Midnight CST of a valid YYYY-MM-DD date, as UTC ms; nullopt if malformed or not a real date.
std::optional<int64_t> date_start_ms(const std::string& ymd);
// Today's date in CST.
std::string date_of(int64_t ms);

}  // namespace lifeline::supplies
