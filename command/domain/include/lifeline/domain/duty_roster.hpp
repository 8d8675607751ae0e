// Rosters per unit (city, county, township): which unit's roster a caller works on, the hours no
// shift covers, and the hours in which a roster breaks its leader-on-shift rules (the baseline of
// its level, those a key period adds, and the leader on 24 h a raised duty level asks of every
// roster), each rule named in Chinese and English. schema/duty.md.
#pragma once
#include <cstdint>
#include <string>

#include "lifeline/domain/op_context.hpp"

namespace lifeline::domain {

// The units that keep a duty roster.
bool keeps_roster(const std::string& unit_kind);
// The roster a caller of `unit_id` works on by default: that unit, or the nearest one above it that
// keeps a roster (a squad reads its township's, a department the city's); the city when none.
// Null only when the realm has no city yet. The row: id, name, name_en, kind, parent_id.
json roster_unit(OpContext& ctx, const std::string& unit_id);
// The roster units at and below `unit` (the picker's choices), the unit first, then by id.
json roster_units_below(OpContext& ctx, const json& unit);
// [from, to) ranges of the unit's roster that no shift covers.
json roster_gaps(OpContext& ctx, const std::string& unit_id, int64_t from, int64_t to);
// The rules the unit's roster breaks in [from, to): {rule, rule_zh, rule_en, because, because_zh,
// because_en, from, to}, adjacent hours of one rule and reason merged, in time order.
json roster_breaches(OpContext& ctx, const json& unit, int64_t from, int64_t to);

}  // namespace lifeline::domain
