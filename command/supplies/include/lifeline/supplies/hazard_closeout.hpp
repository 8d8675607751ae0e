// County acceptance then city close-out of major hazards (县级验收、市级销号), hazard_closeout.cpp.
#pragma once
#include <string>

#include "lifeline/domain/op_context.hpp"

namespace lifeline::supplies {

// The unit whose desk accepts a major hazard: the county its unit lies in, else the city.
std::string accepting_unit(domain::OpContext& ctx, const nlohmann::json& hazard);
// Throws acceptance_not_county_desk unless the caller is that unit's desk (admins and the system pass).
void require_county_acceptance_desk(domain::OpContext& ctx, const nlohmann::json& hazard);

}  // namespace lifeline::supplies
