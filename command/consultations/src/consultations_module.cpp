#include "lifeline/consultations/consultations.hpp"

namespace lifeline::consultations {

void install(app::Engine& engine) {
  auto& ops = engine.ops();
  register_consultation_ops(ops);
  register_decision_ops(ops);
  register_consultation_views(ops);
}

}  // namespace lifeline::consultations
