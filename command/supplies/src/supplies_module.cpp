#include "lifeline/supplies/hazard_governance.hpp"
#include "lifeline/supplies/supplies.hpp"

namespace lifeline::supplies {

namespace {

// /metrics: the live realm's rates as gauges, numerator and denominator each (a scraper divides).
// Reads only, so it needs no batch and emits nothing.
void publish_gauges(app::Engine& engine) {
  domain::OpContext ctx(engine.live(), domain::Actor{"", "system", "system", "", ""}, engine.clock().now_ms(), "ip",
                        engine.clock());
  auto m = metrics_summary(ctx);
  auto& g = engine.metrics();
  auto pair = [&g](const std::string& name, const nlohmann::json& r) {
    g.set_gauge(name + "_numerator", r["numerator"].get<double>());
    g.set_gauge(name + "_denominator", r["denominator"].get<double>());
  };
  pair("lifeline_hazard_closure", m["hazard_closure"]);
  pair("lifeline_stock_expiry", m["expiry"]);
  pair("lifeline_team_readiness", m["team_readiness"]);
  pair("lifeline_members_on_post", m["on_post"]);
  pair("lifeline_teams_at_size_floor", m["team_size"]);
  pair("lifeline_townships_at_standby", m["township_standby"]);
  pair("lifeline_stock_targets_met", m["stock_targets"]);
  for (auto& [kind, r] : m["on_time"].items()) {
    std::string k = kind;
    for (auto& c : k)
      if (c == '.') c = '_';
    pair("lifeline_deadline_on_time_" + k, r);
  }
  g.set_gauge("lifeline_teams_below_minimum", m["teams_below_minimum"].get<double>());
}

}  // namespace

void install(app::Engine& engine) {
  auto& ops = engine.ops();
  register_supply_ops(ops);
  register_release_ops(ops);
  register_hazard_ops(ops);
  register_metrics_ops(ops);
  register_stock_target_ops(ops);
  register_device_ops(ops);
  register_monitor_point_ops(ops);
  register_comms_test_ops(ops);
  install_hazard_supervision(engine);
  install_device_check_schedule(engine);
  install_hazard_governance(engine);  // ledgers, county acceptance and city close-out, look-back, exposure
  publish_gauges(engine);
  // Refreshed after every live commit that can change a rate.
  engine.add_commit_listener([&engine](const std::string& realm, const std::vector<store::Event>& events) {
    if (realm != "live") return;
    for (const auto& e : events) {
      auto k = e.kind.substr(0, e.kind.find('.'));
      if (k == "hazard" || k == "deadline" || k == "stock" || k == "release" || k == "team" || k == "duty")
        return publish_gauges(engine);
    }
  });
}

}  // namespace lifeline::supplies
