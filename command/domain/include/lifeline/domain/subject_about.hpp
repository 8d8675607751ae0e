// What an object is, in words (an incident by number and title, a hazard, a warning, a release, a
// report period's unit): for the alarm list, the duty level's reasons, anything a desk reads, so no
// screen shows a bare id.
#pragma once
#include <string>

#include "lifeline/domain/op_context.hpp"

namespace lifeline::domain {

struct SubjectAbout {
  std::string zh, en;  // empty when the subject is nothing this realm knows by name
};

SubjectAbout subject_about(OpContext& ctx, const std::string& subject);

}  // namespace lifeline::domain
