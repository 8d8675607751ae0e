// Supplies and deadlines through the real lifeline-command: concurrent orders against one stock,
// the release lifecycle with its transport task, and escalation notices on the bus.
#include <fstream>
#include <thread>

#include "server_fixture.hpp"

using namespace lifeline::testing;
using nlohmann::json;

namespace {

struct SuppliesApi : ServerFixture {
  std::vector<std::string> args() override {
    return {"--demo", "--clock", "manual", "--clock-start", "2026-08-20T01:00:00.000Z", "--synchronous", "NORMAL"};
  }
};

TEST_F(SuppliesApi, FiftySimultaneousReleaseOrdersNeverOversell) {
  // D-FWD-1 holds 20 tents. 5 connections pipeline 10 orders of 1 tent each, all at once.
  constexpr int kConns = 5, kEach = 10;
  std::vector<std::unique_ptr<WsClient>> conns;
  for (int i = 0; i < kConns; ++i) conns.push_back(logged_in("officer"));
  std::vector<int> ok(kConns, 0), short_(kConns, 0), other(kConns, 0);
  std::vector<std::thread> threads;
  for (int i = 0; i < kConns; ++i)
    threads.emplace_back([&, i] {
      auto& c = *conns[i];
      for (int k = 0; k < kEach; ++k)
        c.send({{"type", "req"}, {"rid", "o" + std::to_string(k)}, {"op", "release.order"},
                {"body", {{"depot_id", "D-FWD-1"}, {"destination", "石塘镇"}, {"lines", {{{"item", "tent"}, {"qty", 1}}}}}}});
      for (int k = 0; k < kEach; ++k) {
        auto res = c.next_of("res", std::chrono::milliseconds(20000));
        if (!res) break;
        if ((*res)["ok"].get<bool>()) ++ok[i];
        else if ((*res)["error"]["code"] == "insufficient_stock") ++short_[i];
        else ++other[i];
      }
    });
  for (auto& t : threads) t.join();
  int total_ok = 0, total_short = 0, total_other = 0;
  for (int i = 0; i < kConns; ++i) total_ok += ok[i], total_short += short_[i], total_other += other[i];
  EXPECT_EQ(total_ok, 20);
  EXPECT_EQ(total_short, 30);
  EXPECT_EQ(total_other, 0);
  auto stock = conns[0]->ok("stock.list", {{"depot_id", "D-FWD-1"}})["stock"];
  for (const auto& s : stock) EXPECT_NE(s["item"], "tent") << s.dump();
  auto orders = conns[0]->ok("release.list", {{"depot_id", "D-FWD-1"}})["orders"];
  EXPECT_EQ(orders.size(), 20u);
  // Each order names its depot, for desks that may not list it.
  EXPECT_FALSE(orders[0]["depot_name"].get<std::string>().empty()) << orders[0].dump();
  EXPECT_TRUE(orders[0].contains("depot_name_en"));
}

TEST_F(SuppliesApi, ReleaseLifecycleTasksTheTransportTeamAndMeetsTheDeadline) {
  auto officer = logged_in("officer");
  auto commander = logged_in("commander");
  auto lead = logged_in("teamlead");
  auto order = officer->ok("release.order", {{"depot_id", "D-CITY-2"}, {"destination", "石塘镇安置点"}, {"team_id", "T-P0001"},
                                             {"lines", {{{"item", "life_jacket"}, {"qty", 200}}, {{"item", "tent"}, {"qty", 10}}}}});
  auto id = order["id"].get<std::string>();
  EXPECT_EQ(officer->call("release.depart", {{"id", id}})["error"]["code"], "approval_required");
  EXPECT_EQ(officer->call("release.approve", {{"id", id}})["error"]["code"], "forbidden");
  // The county's depot is approved by the county's commander; the city's commander is told who, by name.
  auto county_order = officer->ok("release.order", {{"depot_id", "D-county-1"}, {"destination", "石塘镇安置点"},
                                                    {"lines", {{{"item", "drinking_water"}, {"qty", 100}}}}});
  auto refused = commander->call("release.approve", {{"id", county_order["id"]}})["error"];
  EXPECT_EQ(refused["code"], "forbidden");
  EXPECT_EQ(refused["message_zh"], "无权执行此操作：该库物资须由滨海县指挥长审批") << refused.dump();
  auto approved = commander->ok("release.approve", {{"id", id}});
  ASSERT_TRUE(approved.contains("task_id"));
  // The transport team gets the order on the bus.
  auto env = lead->next_of("env");
  ASSERT_TRUE(env.has_value());
  EXPECT_EQ((*env)["envelope"]["body"]["task_id"], approved["task_id"]) << env->dump();
  auto dl = officer->ok("deadline.list", {{"subject", id}})["deadlines"];
  ASSERT_EQ(dl.size(), 1u);
  EXPECT_EQ(dl[0]["kind"], "supply.dispatch");
  EXPECT_EQ(dl[0]["due_at"], "2026-08-20T03:00:00.000Z");  // city stock: 2 h
  officer->ok("release.depart", {{"id", id}});
  officer->ok("release.arrive", {{"id", id}});
  EXPECT_EQ(officer->ok("deadline.list", {{"subject", id}})["deadlines"].size(), 0u);
  auto m = officer->ok("metrics.summary");
  EXPECT_EQ(m["on_time"]["supply.dispatch"]["numerator"], 1);
  EXPECT_EQ(m["on_time"]["supply.dispatch"]["denominator"], 1);
}

TEST_F(SuppliesApi, MissedDeadlineEscalatesWithNoticesOnTheBus) {
  auto officer = logged_in("officer");
  auto leader = logged_in("leader");
  auto admin = logged_in("admin");
  auto id = officer->ok("release.order", {{"depot_id", "D-county-1"}, {"destination", "x"},
                                          {"lines", {{{"item", "drinking_water"}, {"qty", 100}}}}})["id"];
  // IP presence needs a heartbeat within 2 s of clock time, so each recipient beats just before
  // the step falls due.
  auto beat_then_pass = [&](WsClient& who, int64_t ms) {
    admin->ok("clock.advance", {{"ms", ms - 500}});
    who.send({{"type", "hb"}});
    who.ok("auth.whoami");
    admin->ok("clock.advance", {{"ms", 501}});
  };
  beat_then_pass(*officer, 3600 * 1000);  // county stock: 1 h
  auto notice = officer->next_of("env", std::chrono::milliseconds(5000));
  auto dl0 = officer->ok("deadline.list", {{"subject", id}})["deadlines"];
  ASSERT_EQ(dl0.size(), 1u);
  ASSERT_TRUE(notice.has_value()) << officer->call("bus.deliveries", {{"correlation_id", dl0[0]["id"]}}).dump();
  EXPECT_EQ((*notice)["envelope"]["kind"], "notice");
  EXPECT_EQ((*notice)["envelope"]["body"]["subject"], id);
  EXPECT_EQ((*notice)["envelope"]["body"]["level"], 1);
  beat_then_pass(*leader, 15 * 60 * 1000);
  auto up = leader->next_of("env", std::chrono::milliseconds(5000));
  ASSERT_TRUE(up.has_value());
  EXPECT_EQ((*up)["envelope"]["body"]["level"], 2);
  auto dl = officer->ok("deadline.list", {{"subject", id}})["deadlines"];
  ASSERT_EQ(dl.size(), 1u);
  EXPECT_EQ(dl[0]["status"], "missed");
  EXPECT_EQ(dl[0]["escalation_level"], 2);
}

}  // namespace
