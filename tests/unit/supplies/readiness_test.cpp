// Readiness counted from people (seed-digest §6, §7): professional teams 80 % on post normally and
// 100 % in a key period, township squads ≥20 with ≥5 skilled, village teams ≥10, high-risk
// enterprise teams ≥15, each township ≥12 on standby; every figure a numerator and a denominator.
#include <cstdio>
#include <map>

#include "supplies_fixture.hpp"

using namespace lifeline::testing;
using nlohmann::json;

namespace {

struct ReadinessTest : SuppliesFixture {
  std::map<std::string, int> team_no;
  // Member i of a team, as a UUID (member ids are UUIDs).
  std::string member_id(const std::string& team_id, int i) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "00000000-0000-7000-8%03d-%012d", team_no.at(team_id), i);
    return buf;
  }
  // A roll of `n` members, the first `skilled` with a skill, the last `off` off post.
  void team(const std::string& id, const std::string& kind, const std::string& unit, int n, int skilled = 0, int off = 0) {
    team_no.emplace(id, static_cast<int>(team_no.size()));
    json roll = json::array();
    for (int i = 0; i < n; ++i) {
      json m = {{"id", member_id(id, i)}, {"name", "队员" + std::to_string(i)}, {"role", i == 0 ? "lead" : "member"}};
      if (i < skilled) m["skills"] = "绳索救援";
      if (i >= n - off) m["on_duty"] = false;
      roll.push_back(m);
    }
    op("team.create", {{"id", id}, {"name", id}, {"kind", kind}, {"unit_id", unit}, {"members", roll}});
  }
  json metrics() { return op("metrics.summary", json::object()); }
  void duty(const std::string& team_id, int member, bool on) {
    op("team.set_member_duty", {{"team_id", team_id}, {"member_id", member_id(team_id, member)}, {"on_duty", on}});
  }
};

TEST_F(ReadinessTest, ProfessionalTeamsKeep80PercentOnPostNormallyAnd100PercentInAKeyPeriod) {
  team("T-PRO", "professional", "city", 10, 10, 2);
  auto m = metrics()["on_post"];
  EXPECT_EQ(m["numerator"], 8);
  EXPECT_EQ(m["denominator"], 10);
  EXPECT_EQ(m["required_percent"], 80);
  EXPECT_TRUE(m["meets"].get<bool>());
  duty("T-PRO", 7, false);
  EXPECT_FALSE(metrics()["on_post"]["meets"].get<bool>());  // 7/10 < 80 %
  duty("T-PRO", 7, true);
  // A red warning raises the duty level to 100 %: a key period, and 8/10 no longer does.
  ops.add("test.raise_duty", [](lifeline::domain::OpContext& ctx, const json&) {
    ctx.emit("duty.level_raised", "w-red", {{"readiness_percent", 100}, {"leader_24h", true}, {"rule", "warning.red"},
                                            {"matched", "warning typhoon red issued"}, {"subject", "w-red"}});
    return json::object();
  });
  op("test.raise_duty", json::object());
  m = metrics()["on_post"];
  EXPECT_EQ(m["required_percent"], 100);
  EXPECT_TRUE(m["key_period"].get<bool>());
  EXPECT_FALSE(m["meets"].get<bool>());
  duty("T-PRO", 8, true);
  duty("T-PRO", 9, true);
  EXPECT_TRUE(metrics()["on_post"]["meets"].get<bool>());
  // Setting what already holds changes nothing.
  auto seq = store->last_seq();
  EXPECT_FALSE(op("team.set_member_duty", {{"team_id", "T-PRO"}, {"member_id", member_id("T-PRO", 9)}, {"on_duty", true}})["changed"].get<bool>());
  EXPECT_EQ(store->last_seq(), seq);
  EXPECT_EQ(code_of("team.set_member_duty", {{"team_id", "T-PRO"}, {"member_id", "nobody"}, {"on_duty", true}}), "not_found");
}

TEST_F(ReadinessTest, TownshipSquadNeeds20With5SkilledVillageTeam10HighRiskEnterpriseTeam15) {
  team("T-TOWN", "township", "P0001", 20, 4);
  team("T-VIL", "village", "P0001", 9);
  team("T-ENT", "enterprise", "county-1", 15);
  auto m = metrics();
  EXPECT_EQ(m["team_size"]["numerator"], 1);  // the enterprise team
  EXPECT_EQ(m["team_size"]["denominator"], 3);
  ASSERT_EQ(m["teams_below_floor"].size(), 2u);
  EXPECT_EQ(m["teams_below_floor"][0]["team_id"], "T-TOWN");
  EXPECT_EQ(m["teams_below_floor"][0]["skilled"], 4);
  EXPECT_EQ(m["teams_below_floor"][0]["floor_skilled"], 5);
  EXPECT_EQ(m["teams_below_floor"][1]["members"], 9);
  EXPECT_EQ(m["teams_below_floor"][1]["floor_members"], 10);
  op("team.add_member", {{"team_id", "T-TOWN"}, {"member", {{"name", "潜水员"}, {"role", "member"}, {"skills", "潜水"}}}});
  op("team.add_member", {{"team_id", "T-VIL"}, {"member", {{"name", "巡查员"}, {"role", "member"}}}});
  m = metrics();
  EXPECT_EQ(m["team_size"]["numerator"], 3);
  EXPECT_TRUE(m["teams_below_floor"].empty());
}

// Seed-digest §6 "≥5 skilled members per township squad" with §8 "team members who fail the comms
// test may not join rescues": a skilled member whose latest comms test failed is not one of the five.
TEST_F(ReadinessTest, ASkilledMemberWhoFailedTheCommsTestIsNotOneOfTheTownshipSquads5Skilled) {
  lifeline::supplies::register_comms_test_ops(ops);
  team("T-TOWN", "township", "P0001", 20, 5);
  EXPECT_EQ(metrics()["team_size"]["numerator"], 1);
  auto test = [&](int member, bool passed) {
    json body = {{"team_id", "T-TOWN"}, {"member_id", member_id("T-TOWN", member)}, {"passed", passed}};
    if (!passed) body["note"] = "卫星电话拨号与定位上报不合格";
    op("team.record_comms_test", body, &officer);
  };
  test(2, false);
  auto m = metrics();
  EXPECT_EQ(m["team_size"]["numerator"], 0);
  ASSERT_EQ(m["teams_below_floor"].size(), 1u);
  EXPECT_EQ(m["teams_below_floor"][0]["skilled"], 4);
  EXPECT_EQ(m["teams_below_floor"][0]["members"], 20);  // still on the roll
  test(2, true);                                        // retested and passed
  EXPECT_EQ(metrics()["team_size"]["numerator"], 1);
}

TEST_F(ReadinessTest, EachTownshipKeeps12OfItsSquadOnStandby) {
  team("T-TOWN", "township", "P0001", 14, 6, 3);
  auto s = metrics();
  EXPECT_EQ(s["township_standby"]["numerator"], 0);
  EXPECT_EQ(s["township_standby"]["denominator"], 1);
  EXPECT_EQ(s["township_standby"]["required_each"], 12);
  ASSERT_EQ(s["townships_below_standby"].size(), 1u);
  EXPECT_EQ(s["townships_below_standby"][0]["on_duty"], 11);
  duty("T-TOWN", 13, true);
  s = metrics();
  EXPECT_EQ(s["township_standby"]["numerator"], 1);
  EXPECT_TRUE(s["townships_below_standby"].empty());
}

// A team is ready when it could take an order now: a squad given an order it has not finished is
// not, whatever readiness it declared (the console read 100 % while a squad was on its way).
TEST_F(ReadinessTest, ATeamOnAnOpenTaskIsNotCountedReady) {
  team("T-A", "township", "P0001", 20, 5);
  team("T-B", "village", "P0001", 10);
  EXPECT_EQ(metrics()["team_readiness"]["numerator"], 2);
  auto task = op("task.assign", {{"team_id", "T-A"}, {"what", "rescue"}});
  auto ready = metrics()["team_readiness"];
  EXPECT_EQ(ready["numerator"], 1) << "ordered, not yet answered";
  EXPECT_EQ(ready["denominator"], 2);
  op("task.cancel", {{"id", task["id"]}, {"reason", "另派他队"}});
  EXPECT_EQ(metrics()["team_readiness"]["numerator"], 2) << "ready again once its task has ended";
}

}  // namespace
