// The demo city's enterprise files (schema/hazards.md "Enterprise files").
#pragma once
#include "lifeline/domain/op_context.hpp"

namespace lifeline::demo {

// Six enterprises per county (hazardous chemicals, mines, fireworks, metallurgy), 48 in all, 28 of
// them on the watch list as in the bureau's year (seed-digest §4); none has filed yet.
void seed_enterprises(domain::OpContext& ctx);

}  // namespace lifeline::demo
