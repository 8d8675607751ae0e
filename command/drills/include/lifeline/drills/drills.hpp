// The drills module (schema/drills.md): scenarios, the scenario clock, no-script injects and the
// after-action report, installed on the engine like the other modules.
#pragma once
#include <string>
#include <vector>

#include "lifeline/app/engine.hpp"

namespace lifeline::drills {

// Registers scenario.load/clock/inject/templates/status and drill.report, and the tick that fires
// each drill's injects on time. After delivery and warnings: injects send through their ops.
void install(app::Engine& engine);

// `lifeline-command --drill-scenario FILE`: once the engine runs, a drill named after the scenario
// starts (as the system) and plays it. The file is checked first: its errors, as
// "FILE:LINE:COLUMN: reason", or empty when the drill was asked for.
std::vector<std::string> start_scenario_drill(app::Engine& engine, const std::string& path);

}  // namespace lifeline::drills
