#include "lifeline/drills/drills.hpp"

#include <fstream>
#include <sstream>

#include "drills_internal.hpp"
#include "lifeline/drills/scenario.hpp"
#include "lifeline/log.hpp"

namespace lifeline::drills {

void install(app::Engine& engine) {
  register_scenario_ops(engine);
  register_drill_register_ops(engine.ops());
  register_participant_ops(engine.ops());
  add_scenario_tick(engine);
}

std::vector<std::string> start_scenario_drill(app::Engine& engine, const std::string& path) {
  std::ifstream in(path);
  if (!in) return {path + ": cannot read the scenario file"};
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  auto got = load_scenario(text);
  std::vector<std::string> errors;
  for (const auto& e : got.errors) errors.push_back(e.to_string(path));
  if (!got.scenario) return errors;
  engine.post([&engine, text, title = got.scenario->title_zh] {
    json started;
    engine.run_system("live", [&](domain::OpContext& ctx) {
      started = engine.ops().find("drill.start")->handler(ctx, {{"name", title}, {"scripted", true}});
    });
    if (!started.contains("realm")) return;  // run_system logged why
    const std::string realm = started["realm"];
    auto loaded = engine.run_system(realm, [&](domain::OpContext& ctx) {
      engine.ops().find("scenario.load")->handler(ctx, {{"text", text}});
    });
    if (loaded.empty()) return;
    log_info("drills", "scenario drill started: its director's screen is drill.html?realm=" + realm,
             {{"realm", realm}, {"scenario", title}});
  });
  return {};
}

}  // namespace lifeline::drills
