// Hazard governance's operations and the monthly ledger schedule, installed with the supplies module.
#include "lifeline/supplies/hazard_governance.hpp"
#include "lifeline/supplies/hazard_ledgers.hpp"

namespace lifeline::supplies {

void install_hazard_governance(app::Engine& engine) {
  auto& ops = engine.ops();
  register_ledger_ops(ops);
  register_closeout_ops(ops);
  register_lookback_ops(ops);
  register_exposure_ops(ops);
  install_ledger_schedule(engine);
}

}  // namespace lifeline::supplies
