// Alarms (schema/deadlines.md "Alarms") through the real lifeline-command: an overdue deadline is
// acknowledged or silenced with who and when, every desk that sees it is told, the next escalation
// alarms again, and an alarm that is not there cannot be answered.
#include "server_fixture.hpp"

using namespace lifeline::testing;
using nlohmann::json;

namespace {

struct DeadlineAlarms : ServerFixture {
  std::vector<std::string> args() override {
    return {"--demo", "--clock", "manual", "--clock-start", "2026-08-20T01:00:00.000Z", "--synchronous", "NORMAL"};
  }
};

std::string code_of(const json& res) { return res.value("ok", false) ? "ok" : res["error"]["code"].get<std::string>(); }

// The first pushed event of `kind` the client receives within a few seconds, or null.
json pushed(WsClient& c, const std::string& kind) {
  for (int i = 0; i < 60; ++i) {
    auto f = c.next_of("push", std::chrono::milliseconds(2000));
    if (!f) break;
    if ((*f)["event"]["kind"] == kind) return (*f)["event"];
  }
  return nullptr;
}

TEST_F(DeadlineAlarms, AcknowledgedOnOneDeskEveryDeskIsToldAndTheNextEscalationAlarmsAgain) {
  auto officer = logged_in("officer"), commander = logged_in("commander"), admin = logged_in("admin");
  commander->ok("board.subscribe");
  // County stock released: dispatch within 1 h (supply.dispatch).
  auto order = officer->ok("release.order", {{"depot_id", "D-county-1"}, {"destination", "石塘镇安置点"},
                                             {"lines", {{{"item", "drinking_water"}, {"qty", 100}}}}})["id"];
  auto list = officer->ok("deadline.list", {{"subject", order}})["deadlines"];
  ASSERT_EQ(list.size(), 1u);
  std::string id = list[0]["id"];
  // Named in words, not by id: the depot and where the goods go.
  EXPECT_NE(list[0]["about_zh"].get<std::string>().find("→ 石塘镇安置点"), std::string::npos) << list[0].dump();
  EXPECT_EQ(list[0]["acknowledged_level"], -1);

  // Not overdue: there is nothing to acknowledge or silence.
  EXPECT_EQ(code_of(officer->call("deadline.acknowledge", {{"id", id}})), "invalid_transition");
  EXPECT_EQ(code_of(officer->call("deadline.silence", {{"id", id}})), "invalid_transition");

  admin->ok("clock.advance", {{"ms", 3600 * 1000 + 1000}});
  auto missed = officer->ok("deadline.list", {{"subject", order}})["deadlines"][0];
  ASSERT_EQ(missed["status"], "missed");
  ASSERT_EQ(missed["escalation_level"], 1);

  auto ack = officer->ok("deadline.acknowledge", {{"id", id}});
  EXPECT_EQ(ack["level"], 1);
  EXPECT_EQ(ack["already"], false);
  EXPECT_EQ(officer->ok("deadline.acknowledge", {{"id", id}})["already"], true);  // once per level
  auto told = pushed(*commander, "deadline.acknowledged");
  ASSERT_FALSE(told.is_null()) << "the commander's desk was not told";
  EXPECT_EQ(told["subject"], id);
  EXPECT_EQ(told["body"]["level"], 1);
  EXPECT_FALSE(told["body"]["by_name"].get<std::string>().empty());

  auto row = commander->ok("deadline.list", {{"subject", order}})["deadlines"][0];
  EXPECT_EQ(row["acknowledged_level"], 1);
  EXPECT_EQ(row["acknowledged_by_name"], told["body"]["by_name"]);
  EXPECT_EQ(row["acknowledged_at"], "2026-08-20T02:00:01.000Z");

  // Silence: bounded, recorded with the time it ends.
  EXPECT_EQ(code_of(officer->call("deadline.silence", {{"id", id}, {"minutes", 300}})), "bad_field");
  EXPECT_EQ(officer->ok("deadline.silence", {{"id", id}, {"minutes", 15}})["silenced_until"], "2026-08-20T02:15:01.000Z");
  EXPECT_FALSE(pushed(*commander, "deadline.silenced").is_null());

  // The next escalation (15 min later) is a new alarm: acknowledged at level 1 < 2.
  admin->ok("clock.advance", {{"ms", 15 * 60 * 1000}});
  row = commander->ok("deadline.list", {{"subject", order}})["deadlines"][0];
  EXPECT_EQ(row["escalation_level"], 2);
  EXPECT_EQ(row["acknowledged_level"], 1);
  EXPECT_EQ(commander->ok("deadline.acknowledge", {{"id", id}})["level"], 2);

  // Cancelled with its order: the alarm is gone and cannot be answered any more.
  officer->ok("release.cancel", {{"id", order}, {"reason", "改由县防指调拨"}});
  EXPECT_EQ(code_of(commander->call("deadline.silence", {{"id", id}})), "invalid_transition");
  EXPECT_EQ(commander->ok("deadline.list", {{"subject", order}})["deadlines"].size(), 0u);
}

TEST_F(DeadlineAlarms, AMetDeadlineAndAnUnknownOneCannotBeAcknowledgedAndTeamsMayNot) {
  auto officer = logged_in("officer"), admin = logged_in("admin"), lead = logged_in("teamlead");
  auto hazard = officer->ok("hazard.report", {{"title", "石塘镇便桥桥墩冲刷"}, {"grade", "major"}, {"unit_id", "P0001"},
                                              {"place", {{"name", "石塘镇"}, {"lat", 27.97}, {"lon", 120.23}}}})["id"];
  auto dl = officer->ok("deadline.list", {{"subject", hazard}, {"kind", "hazard.report_up"}})["deadlines"];
  ASSERT_EQ(dl.size(), 1u);
  EXPECT_EQ(dl[0]["about_zh"], "隐患：石塘镇便桥桥墩冲刷");
  EXPECT_EQ(dl[0]["about_en"], "Hazard: 石塘镇便桥桥墩冲刷");
  admin->ok("clock.advance", {{"ms", 3600 * 1000 + 1000}});
  EXPECT_EQ(code_of(lead->call("deadline.acknowledge", {{"id", dl[0]["id"]}})), "forbidden");
  officer->ok("hazard.report_up", {{"id", hazard}, {"text", "石塘镇便桥桥墩冲刷，已封闭交通"}});
  EXPECT_EQ(code_of(officer->call("deadline.acknowledge", {{"id", dl[0]["id"]}})), "invalid_transition");
  EXPECT_EQ(code_of(officer->call("deadline.acknowledge", {{"id", "0190b0a0-0000-7000-8000-000000000000"}})), "not_found");
  EXPECT_EQ(code_of(officer->call("deadline.acknowledge", {})), "missing_field");
}

}  // namespace
