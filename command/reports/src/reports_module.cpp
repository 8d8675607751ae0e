#include "lifeline/reports/reports.hpp"

namespace lifeline::reports {

void install(app::Engine& engine) {
  register_report_ops(engine.ops());
  register_rollup_ops(engine.ops());
}

}  // namespace lifeline::reports
