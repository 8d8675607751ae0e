// The plans register (schema/plans.md) in the real command: every plan with its lead, activation
// conditions and the rules in force that carry it out, each with how often it fired this year (a
// red typhoon warning fires the flood and typhoon plan's rules); revisions recorded after a drill,
// a department only for the plans it leads.
#include "warnings_fixture.hpp"

using namespace lifeline::testing;
using nlohmann::json;

namespace {

using PlansRegister = WarningsServer;

json plan_of(const json& list, const std::string& id) {
  for (const auto& p : list["plans"])
    if (p["id"] == id) return p;
  return nullptr;
}
json rule_of(const json& plan, const std::string& id) {
  for (const auto& r : plan["rules"])
    if (r["id"] == id) return r;
  return nullptr;
}

TEST_F(PlansRegister, EachPlanShowsTheRulesInForceThatCarryItOutAndHowOftenTheyFired) {
  auto officer = logged_in("officer");
  auto before = officer->ok("plan.list", {});
  ASSERT_EQ(before["plans"].size(), 26u) << "1 master plan and 25 special plans";
  EXPECT_EQ(before["rules_without_plan"].size(), 0u) << before["rules_without_plan"].dump();
  auto flood = plan_of(before, "flood_typhoon");
  ASSERT_TRUE(flood.is_object());
  EXPECT_EQ(flood["lead"], "city");
  EXPECT_NE(flood["activation_zh"].get<std::string>().find("2 小时内召开联合会商"), std::string::npos);
  auto red = rule_of(flood, "warning.red");
  EXPECT_EQ(red["in_force"], true);
  EXPECT_EQ(red["fired"], 0);
  EXPECT_NE(red["title_zh"].get<std::string>().find("红色预警"), std::string::npos);
  EXPECT_EQ(plan_of(before, "earthquake")["rules"].size(), 0u) << "no rule yet: said so, not hidden";

  auto r = post_cap(weather_alert("QX-PLAN-1", "typhoon", "red"), bearer("weather"));
  ASSERT_EQ(r.status, 201) << r.body;
  auto after = officer->ok("plan.list", {});
  flood = plan_of(after, "flood_typhoon");
  EXPECT_EQ(rule_of(flood, "warning.red")["fired"], 1);
  EXPECT_EQ(rule_of(flood, "warning.typhoon_rain.consultation")["fired"], 1);
  EXPECT_EQ(rule_of(flood, "warning.orange")["fired"], 0);
  EXPECT_EQ(rule_of(plan_of(after, "meteorological"), "warning.red")["fired"], 1) << "the same rule under each plan that names it";
  EXPECT_EQ(rule_of(plan_of(officer->ok("plan.list", {{"year", 2025}}), "flood_typhoon"), "warning.red")["fired"], 0);
}

TEST_F(PlansRegister, ARevisionAfterADrillIsRecordedAndADepartmentRevisesOnlyThePlansItLeads) {
  auto officer = logged_in("officer"), water = logged_in("water");
  auto entry = officer->ok("drill.register", {{"title", "水库调度联合演练"}, {"kind", "joint"}, {"unit_id", "city"}, {"held_on", "2026-08-19"},
                                              {"participants", 90}, {"scripted", false}});
  auto rev = water->ok("plan.revise", {{"plan_id", "reservoir"}, {"summary", "演练后补充下游转移路线和联络人"}, {"drill_entry_id", entry["id"]}});
  EXPECT_EQ(rev["plan_id"], "reservoir");
  auto log = event_log();
  EXPECT_EQ(water->call("plan.revise", {{"plan_id", "flood_typhoon"}, {"summary", "x"}})["error"]["code"], "out_of_scope");
  EXPECT_EQ(officer->call("plan.revise", {{"plan_id", "nope"}, {"summary", "x"}})["error"]["code"], "not_found");
  EXPECT_EQ(officer->call("plan.revise", {{"plan_id", "reservoir"}, {"summary", "x"}, {"drill_entry_id", "01990000-0000-7000-8000-00000000abcd"}})["error"]["code"],
            "not_found");
  EXPECT_EQ(officer->call("plan.revise", {{"plan_id", "reservoir"}})["error"]["code"], "missing_field");
  EXPECT_EQ(logged_in("observer")->call("plan.revise", {{"plan_id", "reservoir"}, {"summary", "x"}})["error"]["code"], "forbidden");
  EXPECT_EQ(event_log(), log) << "nothing refused was recorded";

  auto list = officer->ok("plan.list", {});
  auto reservoir = plan_of(list, "reservoir");
  EXPECT_EQ(reservoir["revised_this_year"], true);
  ASSERT_EQ(reservoir["revisions"].size(), 1u);
  EXPECT_EQ(reservoir["revisions"][0]["summary"], "演练后补充下游转移路线和联络人");
  EXPECT_EQ(reservoir["revisions"][0]["drill_entry_id"], entry["id"]);
  EXPECT_EQ(reservoir["revisions"][0]["revised_at"], "2026-08-20T01:00:00.000Z");
  EXPECT_EQ(plan_of(list, "flood_typhoon")["revised_this_year"], false);
}

}  // namespace
