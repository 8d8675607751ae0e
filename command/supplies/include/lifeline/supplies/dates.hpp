// Calendar dates (YYYY-MM-DD) of the supply books, read in China Standard Time (UTC+8).
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "lifeline/domain/body_reader.hpp"
#include "lifeline/domain/op_context.hpp"

namespace lifeline::supplies {

// Midnight CST of a valid YYYY-MM-DD date, as UTC ms; nullopt if malformed or not a real date.
std::optional<int64_t> date_start_ms(const std::string& ymd);
// Today's date in CST.
std::string date_of(int64_t ms);
// Reads `key` as a date YYYY-MM-DD not after today (a check or inspection being recorded); throws
// bad_field with a message in both languages otherwise.
std::string read_past_date(const domain::OpContext& ctx, domain::BodyReader& r, const char* key);

}  // namespace lifeline::supplies
