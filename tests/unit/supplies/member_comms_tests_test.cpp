// Members' comms tests (seed-digest §8: "team members who fail the comms test may not join
// rescues"): the latest test decides, and an order to a rescue keeps back the members on post
// whose latest test failed.
#include "lifeline/supplies/dates.hpp"
#include "supplies_fixture.hpp"

using namespace lifeline::testing;
using nlohmann::json;

namespace {

constexpr int64_t kDay = 24LL * 3600 * 1000;

struct MemberCommsTest : SuppliesFixture {
  const std::string a = "00000000-0000-7000-8000-00000000000a", b = "00000000-0000-7000-8000-00000000000b",
                    c = "00000000-0000-7000-8000-00000000000c";
  void SetUp() override {
    SuppliesFixture::SetUp();
    lifeline::supplies::register_comms_test_ops(ops);
    op("team.create", {{"id", "T-1"}, {"name", "石塘镇应急分队"}, {"kind", "township"}, {"unit_id", "P0001"},
                       {"members", {{{"id", a}, {"name", "陈一"}, {"role", "lead"}},
                                    {{"id", b}, {"name", "王二"}, {"role", "member"}},
                                    {{"id", c}, {"name", "李三"}, {"role", "member"}}}}});
  }
  std::string day(int days_ago) { return lifeline::supplies::date_of(clock.now_ms() - days_ago * kDay); }
  json test(const std::string& member, bool passed, int days_ago, const std::string& note = "对讲机中继频道切换不会") {
    json body = {{"team_id", "T-1"}, {"member_id", member}, {"passed", passed}, {"tested_on", day(days_ago)}};
    if (!passed) body["note"] = note;
    return op("team.record_comms_test", body, &officer);
  }
  json member(const std::string& id) { return store->query_one("SELECT * FROM members WHERE id = ?", {id}); }
};

TEST_F(MemberCommsTest, AMemberWhoFailedTheCommsTestIsKeptBackFromARescueButNotFromAPatrol) {
  test(a, true, 10);
  test(b, false, 10);
  test(c, false, 10);
  op("team.set_member_duty", {{"team_id", "T-1"}, {"member_id", c}, {"on_duty", false}});  // off post: not going anyway
  auto rescue = op("task.assign", {{"team_id", "T-1"}, {"what", "rescue"}, {"note", "转移被困群众"}}, &officer);
  ASSERT_EQ(rescue["held_back"].size(), 1u);
  EXPECT_EQ(rescue["held_back"][0]["member_id"], b);
  EXPECT_EQ(rescue["held_back"][0]["name"], "王二");
  EXPECT_EQ(rescue["held_back"][0]["tested_on"], day(10));
  auto row = store->query_one("SELECT held_back FROM tasks WHERE id = ?", {rescue["id"]});
  EXPECT_EQ(json::parse(row["held_back"].get<std::string>())[0]["name"], "王二");
  for (const char* what : {"evacuate", "search", "firefight", "reinforce_dike"})
    EXPECT_EQ(op("task.assign", {{"team_id", "T-1"}, {"what", what}}, &officer)["held_back"].size(), 1u) << what;
  auto patrol = op("task.assign", {{"team_id", "T-1"}, {"what", "patrol"}}, &officer);
  EXPECT_FALSE(patrol.contains("held_back"));
  EXPECT_EQ(store->query_one("SELECT held_back FROM tasks WHERE id = ?", {patrol["id"]})["held_back"], "[]");
}

TEST_F(MemberCommsTest, APassedRetestClearsTheMemberAndAnOlderTestRecordedLaterDoesNot) {
  test(b, false, 20);
  EXPECT_EQ(member(b)["comms_test"], "failed");
  EXPECT_EQ(member(b)["comms_test_note"], "对讲机中继频道切换不会");
  EXPECT_TRUE(test(b, true, 5)["latest"].get<bool>());
  EXPECT_EQ(member(b)["comms_test"], "passed");
  EXPECT_EQ(member(b)["comms_tested_on"], day(5));
  EXPECT_FALSE(test(b, false, 30)["latest"].get<bool>());  // a paper record from before: history only
  EXPECT_EQ(member(b)["comms_test"], "passed");
  EXPECT_FALSE(op("task.assign", {{"team_id", "T-1"}, {"what", "rescue"}}, &officer).contains("held_back"));
  EXPECT_TRUE(member(a)["comms_test"].is_null());  // never tested: not kept back by this rule
}

TEST_F(MemberCommsTest, AFailedTestSaysWhatFailedAndNoTestIsDatedAfterToday) {
  auto body = json{{"team_id", "T-1"}, {"member_id", b}, {"passed", false}};
  EXPECT_EQ(code_of("team.record_comms_test", body, &officer), "bad_field");
  body["note"] = "卫星电话拨号失败";
  body["tested_on"] = day(-1);
  EXPECT_EQ(code_of("team.record_comms_test", body, &officer), "bad_field");
  body["tested_on"] = "2026-02-30";
  EXPECT_EQ(code_of("team.record_comms_test", body, &officer), "bad_field");
  body.erase("tested_on");
  body["member_id"] = "00000000-0000-7000-8000-0000000000ff";
  EXPECT_EQ(code_of("team.record_comms_test", body, &officer), "not_found");
  EXPECT_EQ(store->query_one("SELECT COUNT(*) AS n FROM events WHERE kind = 'team.member_comms_tested'")["n"], 0);
  body["member_id"] = b;
  EXPECT_EQ(op("team.record_comms_test", body, &officer)["tested_on"], day(0));  // default: today (China Standard Time)
}

}  // namespace
