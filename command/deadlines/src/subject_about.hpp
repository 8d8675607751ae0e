// What a deadline is about, in words (an incident by number and title, a hazard, a warning, a
// report period's unit): the alarm list never shows a bare id.
#pragma once
#include <string>

#include "lifeline/domain/op_context.hpp"

namespace lifeline::deadlines {

struct SubjectAbout {
  std::string zh, en;  // empty when the subject is nothing this realm knows by name
};

SubjectAbout subject_about(domain::OpContext& ctx, const std::string& subject);

}  // namespace lifeline::deadlines
