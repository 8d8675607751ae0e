// StoreFixture plus the supplies, hazard, deadline and metrics operations, a demo-like city with
// a city depot, a county depot and a commander for each.
#pragma once
#include "lifeline/deadlines/deadlines.hpp"
#include "lifeline/supplies/supplies.hpp"
#include "store_fixture.hpp"

namespace lifeline::testing {

struct SuppliesFixture : StoreFixture {
  domain::Actor city_commander{"u-cc", "commander", "commander", "city", ""};
  domain::Actor county_commander{"u-kc", "kcommander", "commander", "county-1", ""};
  domain::Actor officer{"u-do", "officer", "duty_officer", "city", ""};

  void SetUp() override {
    supplies::register_supply_ops(ops);
    supplies::register_release_ops(ops);
    supplies::register_hazard_ops(ops);
    supplies::register_metrics_ops(ops);
    supplies::register_stock_target_ops(ops);
    deadlines::register_deadline_ops(ops);
    seed_city();
    op("item.define", {{"id", "water"}, {"name", "饮用水"}, {"name_en", "Drinking water"}, {"unit", "瓶"},
                       {"shelf_life_days", 730}});
    op("item.define", {{"id", "tent"}, {"name", "帐篷"}, {"unit", "顶"}});
    op("depot.create", {{"id", "D-CITY"}, {"name", "市一库"}, {"tier", "city"}, {"unit_id", "city"}, {"lat", 28.0}, {"lon", 120.0}});
    op("depot.create", {{"id", "D-K1"}, {"name", "县库"}, {"tier", "county"}, {"unit_id", "county-1"}, {"lat", 28.0}, {"lon", 120.1}});
    op("depot.create", {{"id", "D-FWD"}, {"name", "前置点"}, {"tier", "forward"}, {"unit_id", "P0001"}, {"lat", 28.1}, {"lon", 120.1}});
  }

  std::string code_of(const std::string& name, const nlohmann::json& body, const domain::Actor* actor = nullptr) {
    try {
      op(name, body, actor);
    } catch (const ApiError& e) {
      return e.code();
    }
    return "ok";
  }
  // Runs the escalation pass as the deadline service's tick would.
  std::vector<std::string> escalate() {
    std::vector<std::string> told;
    domain::OpContext ctx(*store, admin, clock.now_ms(), "ip", clock);
    store->begin_batch();
    deadlines::escalate_due(ctx, [&](domain::OpContext&, const std::string& role, const nlohmann::json&, int) {
      told.push_back(role);
    });
    store->commit_batch();
    return told;
  }
  int64_t qty(const std::string& depot, const std::string& item) {
    auto r = store->query_one("SELECT COALESCE(SUM(qty),0) AS q FROM stock WHERE depot_id = ? AND item = ?", {depot, item});
    return r["q"];
  }
  nlohmann::json on_time(const std::string& kind) { return op("metrics.summary", nlohmann::json::object())["on_time"][kind]; }
};

}  // namespace lifeline::testing
