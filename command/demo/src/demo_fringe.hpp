// The demo city's urban-rural fringe campaign (schema/hazards.md "Urban-rural fringe").
#pragma once
#include "lifeline/domain/op_context.hpp"

namespace lifeline::demo {

// Each county's rounds of the latest campaign (October and November) and, from October, the hazards
// they found: most rectified, a few still open, one county that missed November's round, so the
// 95 % target has something to show.
void seed_fringe_campaign(domain::OpContext& ctx);

}  // namespace lifeline::demo
