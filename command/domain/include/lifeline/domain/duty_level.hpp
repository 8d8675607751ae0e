// Whose duty level (schema/duty.md "Whose duty level"): a raise held by a warning or an incident
// holds where it fired, in the units it names (the warning's townships, the incident's unit), in
// the units below them and in the units above them (the county and the city command them); a
// raise that names no unit (a key period) holds everywhere.
#pragma once
#include <string>

#include "lifeline/domain/op_context.hpp"

namespace lifeline::domain {

// The raises still held over `unit_id`, the one in force first (readiness, then the leader on
// 24 h duty, then the oldest): rows of duty_raises with leader_24h as a bool. The city and the
// departments (which serve the whole city) are under every raise.
json raises_over(OpContext& ctx, const std::string& unit_id);

// The duty level of `unit_id` as duty.current shows it: null for normal duty, else
// {readiness_percent, leader_24h, raises[] with about_zh/about_en}.
json duty_level_of(OpContext& ctx, const std::string& unit_id);

}  // namespace lifeline::domain
