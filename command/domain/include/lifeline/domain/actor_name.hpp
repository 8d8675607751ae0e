// The acting user's name as people read it on a timeline or an alarm ("值班员 王芳"): the display
// name, or the user name when the user row is not there (a partner system, the system itself).
#pragma once
#include <string>

#include "lifeline/domain/op_context.hpp"

namespace lifeline::domain {

std::string actor_display_name(OpContext& ctx);

}  // namespace lifeline::domain
