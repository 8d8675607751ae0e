// Joint consultations (会商): operation registration (one file per area) and the module's install.
#pragma once
#include "lifeline/app/engine.hpp"
#include "lifeline/domain/op_registry.hpp"

namespace lifeline::consultations {

// The deadline kinds this module meets or opens (schema/deadlines.md).
inline constexpr const char* kConveneKind = "consultation.convene";    // opened by the rules engine
inline constexpr const char* kDecisionKind = "consultation.decision";  // one per decision

// consultation.open, consultation.start, consultation.join, consultation.minutes, consultation.close.
// `r` is used at call time to send notices through bus.send (as installed).
void register_consultation_ops(domain::OpRegistry& r);
// consultation.decide, consultation.decision_update.
void register_decision_ops(domain::OpRegistry& r);
// consultation.list, consultation.get.
void register_consultation_views(domain::OpRegistry& r);

void install(app::Engine& engine);

}  // namespace lifeline::consultations
