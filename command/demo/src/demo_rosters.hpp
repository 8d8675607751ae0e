// The demo's duty rosters: the city's, 滨海县's (county-1) and 石塘镇's (P0001), as each level keeps
// them (schema/duty.md), from yesterday to two weeks ahead.
#pragma once
#include <map>
#include <string>

#include "lifeline/domain/op_registry.hpp"

namespace lifeline::demo {

// `users`: demo username → user id.
void seed_rosters(domain::OpContext& ctx, const domain::OpRegistry& ops, const std::map<std::string, std::string>& users);

}  // namespace lifeline::demo
