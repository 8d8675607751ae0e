// Replay == live: a randomized history of ≥10k events through the real operations, then the
// projections rebuilt from the log alone must be identical, table by table, row by row.
#include <random>

#include "store_fixture.hpp"

using namespace lifeline;
using namespace lifeline::testing;
using nlohmann::json;

TEST_F(StoreFixture, ReplayOfRandomHistoryEqualsLiveState) {
  seed_city();
  std::mt19937 rng(12345);
  std::vector<std::string> teams, incidents, tasks;
  const std::vector<std::string> types = {"typhoon", "flood", "geohazard", "forest_fire", "hazardous_chemicals"};
  const std::vector<std::string> statuses = {"acknowledged", "en_route", "on_scene", "returning", "done", "failed"};
  const std::vector<std::string> readiness = {"available", "standby", "deployed", "off_duty"};
  const std::vector<std::string> inc_status = {"verified", "responding", "recovery", "closed"};
  domain::Actor commander{"u1", "commander", "commander", "city", ""};
  int refused = 0;
  // Many operations per transaction, as the engine's group commit does.
  int64_t events = 0;
  while ((events = store->last_seq()) < 10000) {
    store->begin_batch();
    for (int i = 0; i < 100; ++i) {
      clock.advance(rng() % 5000);
      domain::OpContext ctx(*store, rng() % 7 == 0 ? commander : admin, clock.now_ms(), rng() % 3 ? "ip" : "beidou", clock);
      int pick = static_cast<int>(rng() % 100);
      json body;
      std::string name;
      if (teams.size() < 5 || pick < 5) {
        name = "team.create";
        body = {{"name", "队" + std::to_string(teams.size())}, {"kind", "township"}, {"unit_id", "P0001"},
                {"members", {{{"name", "甲"}, {"role", "lead"}}}}, {"contacts", {{{"channel", "ip"}, {"address", "x"}}}}};
      } else if (incidents.size() < 5 || pick < 15) {
        name = "incident.create";
        body = {{"type", types[rng() % types.size()]}, {"title", "事件" + std::to_string(incidents.size())},
                {"place", {{"name", "某地"}, {"lat", 27.9 + (rng() % 100) / 1000.0}, {"lon", 120.0}}}};
      } else if (pick < 40) {
        name = "task.assign";
        body = {{"team_id", teams[rng() % teams.size()]}, {"what", "rescue"}, {"incident_id", incidents[rng() % incidents.size()]}};
      } else if (pick < 70 && !tasks.empty()) {
        name = "task.update_status";
        body = {{"id", tasks[rng() % tasks.size()]}, {"status", statuses[rng() % statuses.size()]}, {"reason", "r"}};
      } else if (pick < 80) {
        name = "team.set_readiness";
        body = {{"id", teams[rng() % teams.size()]}, {"readiness", readiness[rng() % readiness.size()]}};
      } else if (pick < 88) {
        name = "team.report_position";
        body = {{"id", teams[rng() % teams.size()]}, {"lat", 27.0 + (rng() % 1000) / 1000.0}, {"lon", 120.1}};
      } else if (pick < 94) {
        name = "incident.update";
        body = {{"id", incidents[rng() % incidents.size()]}, {"casualties", {{"dead", rng() % 3}, {"missing", rng() % 9}, {"injured", rng() % 20}}}};
      } else if (pick < 97) {
        name = "incident.set_status";
        body = {{"id", incidents[rng() % incidents.size()]}, {"status", inc_status[rng() % inc_status.size()]}};
      } else {
        name = "incident.set_level";
        body = {{"id", incidents[rng() % incidents.size()]}, {"level", 1 + rng() % 4}, {"reason", "规则"}};
      }
      store->savepoint();
      try {
        auto result = ops.find(name)->handler(ctx, body);
        store->release();
        if (name == "team.create") teams.push_back(result["id"]);
        if (name == "incident.create") incidents.push_back(result["id"]);
        if (name == "task.assign") tasks.push_back(result["id"]);
      } catch (const ApiError&) {
        store->rollback_savepoint();  // refused (e.g. invalid transition): leaves nothing
        ++refused;
      }
    }
    store->commit_batch();
  }
  EXPECT_GT(refused, 0);  // the history did exercise refusals
  auto live = store->dump_projections();
  store->rebuild();
  auto replayed = store->dump_projections();
  EXPECT_EQ(live.size(), replayed.size());
  EXPECT_TRUE(live == replayed) << "projections differ after replay";
  EXPECT_GE(store->last_seq(), 10000);
  EXPECT_EQ(store->integrity_check(), "ok");
  // A sabotaged projection is noticed by the same comparison (the test can fail).
  store->run("UPDATE teams SET readiness = 'off_duty' WHERE id = ?", {teams[0]});
  store->run("UPDATE teams SET lat = -1 WHERE id = ?", {teams[0]});
  EXPECT_NE(store->dump_projections(), replayed);
}
