// Hazard governance's operations and the schedules of the ledgers, the enterprise files, the screening rounds
// the leaders' inspections and the urban-rural fringe campaign,
// installed with the supplies module.
#include "lifeline/supplies/enterprise_files.hpp"
#include "lifeline/supplies/hazard_governance.hpp"
#include "lifeline/supplies/hazard_ledgers.hpp"

namespace lifeline::supplies {

void install_hazard_governance(app::Engine& engine) {
  auto& ops = engine.ops();
  register_ledger_ops(ops);
  register_closeout_ops(ops);
  register_lookback_ops(ops);
  register_exposure_ops(ops);
  register_enterprise_ops(ops);
  register_dishonesty_ops(ops);
  register_screening_ops(ops);
  register_leader_inspection_ops(ops);
  register_fringe_round_ops(ops);
  install_ledger_schedule(engine);
  install_enterprise_schedule(engine);
  install_screening_schedule(engine);
  install_leader_inspection_schedule(engine);
  install_fringe_round_schedule(engine);
}

}  // namespace lifeline::supplies
