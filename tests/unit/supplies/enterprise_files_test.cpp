// One file per enterprise (一企一档) and the dishonesty list (失信名单) on a manual clock
// (seed-digest §4): the exposure board published 10 a week, an enterprise exposed 2 weeks in a row
// listed as dishonest, the run broken by a week not published, removal only once nothing of the
// enterprise is on the board; the monthly self-inspection once a month, the watch list's
// inspections, the file's contents, and bad input changing nothing.
#include "lifeline/supplies/enterprise_files.hpp"
#include "lifeline/supplies/governance_periods.hpp"
#include "lifeline/supplies/hazard_governance.hpp"
#include "supplies_fixture.hpp"

using namespace lifeline::testing;
using nlohmann::json;

namespace {

constexpr int64_t kDay = 24LL * 3600 * 1000;

struct EnterpriseFiles : SuppliesFixture {
  lifeline::domain::Actor town{"u-t1", "town1", "duty_officer", "P0001", ""};

  void SetUp() override {
    SuppliesFixture::SetUp();
    lifeline::supplies::register_exposure_ops(ops);
    lifeline::supplies::register_enterprise_ops(ops);
    lifeline::supplies::register_dishonesty_ops(ops);
    op("unit.create", {{"id", "V0001"}, {"kind", "village"}, {"name", "东岙村"}, {"parent_id", "P0001"}});
  }

  void enterprise(const std::string& id, const std::string& name, bool watch = false) {
    op("enterprise.register", {{"id", id}, {"name", name}, {"industry", "hazmat"}, {"unit_id", "P0001"}, {"watch_list", watch},
                               {"contact_name", name + "安全员"}, {"contact_phone", "0577-61010000"}});
  }
  // A general hazard found at `enterprise` (none: ""), due to be fixed within 3 days.
  std::string hazard(const std::string& title, const std::string& enterprise = "") {
    json body = {{"title", title}, {"grade", "general"}, {"unit_id", "P0001"}, {"place", {{"name", "石塘镇"}}}};
    if (!enterprise.empty()) body["enterprise_id"] = enterprise;
    return op("hazard.report", body)["id"];
  }
  // Verified, fixed and accepted: closed, off the board.
  void close(const std::string& id) {
    op("hazard.assign", {{"id", id}, {"unit_id", "P0001"}});
    op("hazard.verify", {{"id", id}, {"valid", true}, {"grade", "general"}});
    op("hazard.rectified", {{"id", id}});
    op("hazard.accept", {{"id", id}, {"passed", true}});
  }
  void days(int n) {
    clock.advance(n * kDay);
    escalate();
  }
  json publish() { return op("hazard.exposure_publish", json::object(), &officer); }
  static std::vector<std::string> listed(const json& published) {
    std::vector<std::string> out;
    for (const auto& x : published["dishonesty_listed"]) out.push_back(x["enterprise_id"]);
    return out;
  }
};

TEST_F(EnterpriseFiles, TheBoardPublishes10AWeekAndAnEnterpriseExposed2WeeksInARowIsListedDishonest) {
  enterprise("ENT-A", "东海化工有限公司");
  enterprise("ENT-B", "石塘烟花有限公司");
  enterprise("ENT-C", "港湾燃气有限公司");
  // Eleven overdue hazards: ENT-A's first, ENT-B's next, nine more, then ENT-C's last (the 11th).
  auto a = hazard("储罐区静电接地失效", "ENT-A");
  clock.advance(1000);
  auto b = hazard("仓库超量储存", "ENT-B");
  for (int i = 0; i < 8; ++i) {
    clock.advance(1000);
    hazard("沿街店铺灭火器过期" + std::to_string(i));
  }
  clock.advance(1000);
  auto c = hazard("调压站围栏破损", "ENT-C");
  days(3 + 7 + 1);  // 3 days to fix, then more than 7 days overdue: all eleven are on the board
  EXPECT_EQ(op("hazard.exposure", json::object(), &officer)["entries"].size(), 11u);

  auto week1 = publish();
  EXPECT_EQ(week1["week"], lifeline::supplies::week_at(clock.now_ms()).name);
  ASSERT_EQ(week1["entries"].size(), 10u);  // 10 a week, the longest overdue first
  EXPECT_EQ(week1["entries"][0]["hazard_id"], a);
  EXPECT_EQ(week1["entries"][0]["enterprise_name"], "东海化工有限公司");
  EXPECT_EQ(week1["entries"][1]["hazard_id"], b);
  EXPECT_TRUE(listed(week1).empty());  // nobody was published the week before
  EXPECT_EQ(code_of("hazard.exposure_publish", json::object(), &officer), "exposure_already_published");
  EXPECT_EQ(code_of("hazard.exposure_publish", json::object(), &town), "city_desk_only");
  EXPECT_EQ(op("hazard.exposure", json::object(), &officer)["published_at"], clock.now_ms());

  // ENT-B fixes its hazard during the week; ENT-A does not.
  close(b);
  days(7);
  auto week2 = publish();
  EXPECT_EQ(listed(week2), std::vector<std::string>{"ENT-A"});  // exposed 2 weeks in a row
  EXPECT_EQ(week2["entries"].size(), 10u);                       // ENT-C's hazard moves up into the 10
  auto list = op("enterprise.dishonesty_list", json::object(), &town);
  ASSERT_EQ(list["entries"].size(), 1u);
  EXPECT_EQ(list["entries"][0]["enterprise_id"], "ENT-A");
  EXPECT_EQ(list["entries"][0]["weeks"], json::array({week1["week"], week2["week"]}));
  EXPECT_EQ(list["entries"][0]["unit_name"], "石塘镇");
  // Public: another county's desk reads it too (its enterprise files it may not).
  op("unit.create", {{"id", "county-2"}, {"kind", "county"}, {"name", "青山县"}, {"parent_id", "city"}});
  lifeline::domain::Actor other{"u-k2", "county2", "duty_officer", "county-2", ""};
  EXPECT_EQ(op("enterprise.dishonesty_list", json::object(), &other)["entries"].size(), 1u);
  EXPECT_TRUE(op("enterprise.list", json::object(), &other)["enterprises"].empty());

  // ENT-C was first published in week 2; the city publishes nothing in week 3, so week 4 is not
  // "in a row" for it, while ENT-A already on the list is not listed twice.
  days(14);
  auto week4 = publish();
  EXPECT_TRUE(listed(week4).empty());
  auto file = op("enterprise.file", {{"id", "ENT-A"}}, &town);
  EXPECT_TRUE(file["enterprise"]["dishonest"].get<bool>());
  EXPECT_EQ(file["exposures"].size(), 3u);  // weeks 1, 2 and 4
  EXPECT_EQ(file["hazards"].size(), 1u);
  EXPECT_EQ(file["hazards"][0]["id"], a);

  // Removal (信用修复): only the city, and only once nothing of ENT-A is on the board.
  EXPECT_EQ(code_of("enterprise.dishonesty_remove", {{"enterprise_id", "ENT-A"}, {"note", "已整改"}}, &town), "city_desk_only");
  EXPECT_EQ(code_of("enterprise.dishonesty_remove", {{"enterprise_id", "ENT-A"}, {"note", "已整改"}}, &officer),
            "enterprise_still_exposed");
  close(a);
  op("enterprise.dishonesty_remove", {{"enterprise_id", "ENT-A"}, {"note", "隐患已整改销号，信用修复"}}, &officer);
  EXPECT_TRUE(op("enterprise.dishonesty_list", json::object(), &town)["entries"].empty());
  auto history = op("enterprise.dishonesty_list", {{"include_removed", true}}, &town)["entries"];
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0]["removal_note"], "隐患已整改销号，信用修复");
  EXPECT_EQ(code_of("enterprise.dishonesty_remove", {{"enterprise_id", "ENT-A"}, {"note", "再次"}}, &officer), "invalid_transition");
  (void)c;
}

TEST_F(EnterpriseFiles, SelfInspectionOnceAMonthAndTheWatchListInspectedTwiceAMonth) {
  enterprise("ENT-W", "石塘危化品仓储有限公司", true);
  enterprise("ENT-N", "东岙五金有限公司");
  // 20 August 2025: August's self-inspection, then another in August is refused.
  op("enterprise.record", {{"enterprise_id", "ENT-W"}, {"kind", "self_inspection"}, {"hazards_found", 2}, {"note", "消防通道堵塞2处"}}, &town);
  EXPECT_EQ(code_of("enterprise.record", {{"enterprise_id", "ENT-W"}, {"kind", "self_inspection"}, {"hazards_found", 0},
                                         {"on", "2025-08-01"}}, &town),
            "already_filed");
  // July's, entered late from the paper file, is July's.
  op("enterprise.record", {{"enterprise_id", "ENT-W"}, {"kind", "self_inspection"}, {"hazards_found", 0}, {"on", "2025-07-28"}}, &town);
  auto list = op("enterprise.list", json::object(), &town);
  ASSERT_EQ(list["enterprises"].size(), 2u);
  EXPECT_EQ(list["enterprises"][0]["id"], "ENT-N");  // by unit, then id
  auto w = list["enterprises"][1];
  EXPECT_EQ(w["id"], "ENT-W");
  EXPECT_EQ(w["this_period"]["month"], "2025-08");
  EXPECT_TRUE(w["this_period"]["self_inspected"].get<bool>());
  EXPECT_EQ(w["this_period"]["inspections_required"], 2);  // on the watch list
  EXPECT_EQ(list["enterprises"][0]["this_period"]["inspections_required"], 0);
  EXPECT_EQ(list["totals"]["watch_list"], 1);
  EXPECT_EQ(list["totals"]["self_inspected"], 1);
  EXPECT_EQ(list["totals"]["watch_list_inspected"], 0);

  op("enterprise.record", {{"enterprise_id", "ENT-W"}, {"kind", "inspection"}, {"hazards_found", 1}, {"on", "2025-08-05"}}, &town);
  EXPECT_EQ(op("enterprise.list", json::object(), &town)["totals"]["watch_list_inspected"], 0);
  op("enterprise.record", {{"enterprise_id", "ENT-W"}, {"kind", "inspection"}, {"hazards_found", 0}}, &town);
  EXPECT_EQ(op("enterprise.list", json::object(), &town)["totals"]["watch_list_inspected"], 1);
  // A drill is filed for its quarter, with how many took part.
  EXPECT_EQ(code_of("enterprise.record", {{"enterprise_id", "ENT-W"}, {"kind", "drill"}}, &town), "missing_field");
  op("enterprise.record", {{"enterprise_id", "ENT-W"}, {"kind", "drill"}, {"participants", 35}, {"note", "储罐泄漏处置演练"}}, &town);
  auto file = op("enterprise.file", {{"id", "ENT-W"}}, &town);
  EXPECT_TRUE(file["enterprise"]["this_period"]["drill_filed"].get<bool>());
  EXPECT_EQ(file["enterprise"]["this_period"]["quarter"], "2025-Q3");
  ASSERT_EQ(file["filings"].size(), 5u);
  EXPECT_EQ(file["filings"].back()["period"], "2025-07");  // newest first
  EXPECT_EQ(file["enterprise"]["unit_name"], "石塘镇");
}

TEST_F(EnterpriseFiles, BadInputIsRefusedAndChangesNothing) {
  enterprise("ENT-A", "东海化工有限公司");
  const auto before = store->query_one("SELECT COUNT(*) AS n FROM events")["n"].get<int64_t>();
  auto reg = [&](json patch) {
    json body = {{"id", "ENT-X"}, {"name", "某公司"}, {"industry", "hazmat"}, {"unit_id", "P0001"},
                 {"contact_name", "某人"}, {"contact_phone", "110"}};
    body.merge_patch(patch);
    return code_of("enterprise.register", body, &town);
  };
  EXPECT_EQ(reg({{"industry", "bakery"}}), "bad_field");
  EXPECT_EQ(reg({{"unit_id", "city"}}), "bad_field");  // an enterprise lies in a county, township or village
  EXPECT_EQ(reg({{"unit_id", "nowhere"}}), "not_found");
  EXPECT_EQ(reg({{"id", "../etc"}}), "bad_field");
  EXPECT_EQ(reg({{"id", "ENT-A"}}), "conflict");
  EXPECT_EQ(reg({{"extra", 1}}), "unknown_field");
  EXPECT_EQ(code_of("enterprise.record", {{"enterprise_id", "ENT-A"}, {"kind", "self_inspection"}}, &town), "missing_field");
  EXPECT_EQ(code_of("enterprise.record", {{"enterprise_id", "ENT-A"}, {"kind", "self_inspection"}, {"hazards_found", 0},
                                         {"on", "2025-08-21"}}, &town),
            "bad_field");  // tomorrow
  EXPECT_EQ(code_of("enterprise.record", {{"enterprise_id", "ENT-A"}, {"kind", "audit"}, {"hazards_found", 0}}, &town), "bad_field");
  EXPECT_EQ(code_of("enterprise.record", {{"enterprise_id", "ENT-Z"}, {"kind", "inspection"}, {"hazards_found", 0}}, &town), "not_found");
  EXPECT_EQ(code_of("enterprise.update", {{"id", "ENT-A"}}, &town), "missing_field");
  EXPECT_EQ(code_of("hazard.report", {{"title", "x"}, {"place", {{"name", "x"}}}, {"enterprise_id", "ENT-Z"}}, &town), "not_found");
  EXPECT_EQ(code_of("enterprise.dishonesty_remove", {{"enterprise_id", "ENT-A"}, {"note", "x"}}, &officer), "invalid_transition");
  EXPECT_EQ(store->query_one("SELECT COUNT(*) AS n FROM events")["n"].get<int64_t>(), before);
}

// Seed-digest §4: employees who report major hazards get RMB 500–1,000 (citizens 50–500).
TEST_F(EnterpriseFiles, AnEmployeeWhoReportsAMajorHazardIsRewarded500To1000Yuan) {
  enterprise("ENT-A", "东海化工有限公司");
  auto report = [&](const std::string& grade) {
    return op("hazard.report", {{"title", "尾矿库超设计库容"}, {"grade", grade}, {"source", "employee"}, {"enterprise_id", "ENT-A"},
                                {"place", {{"name", "东海化工"}}}})["id"].get<std::string>();
  };
  EXPECT_EQ(code_of("hazard.report", {{"title", "x"}, {"source", "employee"}, {"place", {{"name", "x"}}}}), "missing_field");
  auto major = report("major"), general = report("general");
  EXPECT_EQ(code_of("hazard.reward", {{"id", major}, {"amount_yuan", 800}}), "invalid_transition");  // not yet verified
  op("hazard.assign", {{"id", major}, {"unit_id", "P0001"}});
  op("hazard.verify", {{"id", major}, {"valid", true}, {"grade", "major"}});
  EXPECT_EQ(code_of("hazard.reward", {{"id", major}, {"amount_yuan", 499}}), "bad_field");
  EXPECT_EQ(code_of("hazard.reward", {{"id", major}, {"amount_yuan", 1001}}), "bad_field");
  EXPECT_EQ(code_of("hazard.reward", {{"id", general}, {"amount_yuan", 500}}), "bad_field");  // only major hazards
  op("hazard.reward", {{"id", major}, {"amount_yuan", 800}});
  EXPECT_EQ(store->query_one("SELECT reward_yuan FROM hazards WHERE id = ?", {major})["reward_yuan"], 800);
  EXPECT_EQ(code_of("hazard.reward", {{"id", major}, {"amount_yuan", 800}}), "conflict");
  // An inspector's hazard is not rewarded.
  auto found = hazard("消防通道堵塞", "ENT-A");
  EXPECT_EQ(code_of("hazard.reward", {{"id", found}, {"amount_yuan", 100}}), "bad_field");
}

TEST(GovernanceWeeks, IsoWeeksInChinaStandardTime) {
  using lifeline::supplies::week_at;
  using lifeline::supplies::week_named;
  // Monday 30 November 2026 00:00 CST is Sunday 16:00 UTC.
  EXPECT_EQ(week_at(1795968000000 - 1).name, "2026-W48");
  EXPECT_EQ(week_at(1795968000000).name, "2026-W49");
  EXPECT_EQ(week_at(1795968000000).start_ms, 1795968000000);
  EXPECT_EQ(week_named("2026-W49")->start_ms, 1795968000000);
  // 2026 has 53 ISO weeks (it begins on a Thursday); 2027-01-01 is in 2026-W53.
  EXPECT_TRUE(week_named("2026-W53").has_value());
  EXPECT_FALSE(week_named("2027-W53").has_value());
  EXPECT_EQ(week_at(week_named("2026-W53")->start_ms + 4 * kDay).name, "2026-W53");
  EXPECT_EQ(lifeline::supplies::week_before(*week_named("2027-W01")).name, "2026-W53");
  EXPECT_FALSE(week_named("2026-W5").has_value());
  EXPECT_FALSE(week_named("2026-w05").has_value());
}

TEST(GovernanceHalfMonths, FirstToFifteenthAndSixteenthToTheEnd) {
  using lifeline::supplies::half_month_at;
  using lifeline::supplies::half_month_named;
  // 16 February 2027 00:00 CST = 15 February 16:00 UTC.
  const int64_t feb16 = 1802707200000;
  EXPECT_EQ(half_month_at(feb16 - 1).name, "2027-02-H1");
  EXPECT_EQ(half_month_at(feb16).name, "2027-02-H2");
  EXPECT_EQ(half_month_named("2027-02-H2")->start_ms, feb16);
  EXPECT_EQ(half_month_named("2027-02-H2")->end_ms, half_month_named("2027-03-H1")->start_ms);
  EXPECT_EQ(half_month_named("2027-02-H1")->end_ms, feb16);
  EXPECT_FALSE(half_month_named("2027-02-H3").has_value());
  EXPECT_FALSE(half_month_named("2027-13-H1").has_value());
}

TEST(GovernancePeriodNames, InChineseAsDeadlineTitlesSayThem) {
  using lifeline::supplies::period_name_zh;
  EXPECT_EQ(period_name_zh("2026-10"), "2026年10月");
  EXPECT_EQ(period_name_zh("2027-02"), "2027年2月");
  EXPECT_EQ(period_name_zh("2026-Q4"), "2026年第4季度");
  EXPECT_EQ(period_name_zh("2026-W05"), "2026年第5周");
  EXPECT_EQ(period_name_zh("2026-10-H1"), "2026年10月上半月");
  EXPECT_EQ(period_name_zh("2026-10-H2"), "2026年10月下半月");
}

}  // namespace
