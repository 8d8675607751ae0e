// Leaders' inspections through the real lifeline-command on the demo city and a manual clock
// (seed-digest §4 "Leader inspections: city quarterly, county monthly, township weekly"): each
// level is asked once per its period, due at the period's end; an inspection recorded meets it, one
// not recorded is missed and shows as such the next period; each desk records its own area only.
#include "round_deadlines_fixture.hpp"

using namespace lifeline::testing;
using nlohmann::json;

namespace {

constexpr int64_t kHour = 3600LL * 1000;
constexpr int64_t kDay = 24 * kHour;

struct LeaderInspections : RoundDeadlines {
  LeaderInspections() : RoundDeadlines("hazard.leader_inspection") {}
};

TEST_F(LeaderInspections, CityQuarterlyCountyMonthlyTownshipWeekly) {
  advance(15 * kHour + 1000);  // Thursday 1 October, 00:00 local: 2026-Q4 and 2026-10
  auto officer = logged_in("officer"), county1 = logged_in("county1"), town1 = logged_in("town1");
  auto open = deadlines(*officer);
  EXPECT_EQ(ending(open, "/leader_inspection/2026-Q4"), 1);  // the city
  EXPECT_EQ(ending(open, "/leader_inspection/2026-10"), 8);  // each county
  EXPECT_EQ(ending(open, "/leader_inspection/2026-W40"), 0);  // began before the demo did
  auto city = deadlines(*officer, "city/leader_inspection/2026-Q4");
  ASSERT_EQ(city.size(), 1u);
  EXPECT_EQ(city[0]["due_at"], "2026-12-31T16:00:00.000Z");
  EXPECT_EQ(city[0]["title_zh"], "示范市 2026年第4季度领导带队检查（市级每季度一次）");
  EXPECT_EQ(deadlines(*officer, "county-1/leader_inspection/2026-10")[0]["due_at"], "2026-10-31T16:00:00.000Z");

  // 滨海县 records its month's inspection; not another county's; a village has none; who led it is said.
  county1->ok("hazard.leader_inspection_record",
              {{"unit_id", "county-1"}, {"leader", "副县长 孙伟"}, {"hazards_found", 4}, {"note", "化工园区、水库大坝"}});
  EXPECT_EQ(deadlines(*county1, "county-1/leader_inspection/2026-10")[0]["status"], "met");
  EXPECT_EQ(code(county1->call("hazard.leader_inspection_record", {{"unit_id", "county-2"}, {"leader", "县长"}, {"hazards_found", 0}})),
            "out_of_scope");
  EXPECT_EQ(code(officer->call("hazard.leader_inspection_record", {{"unit_id", "P0001"}, {"hazards_found", 0}})), "missing_field");
  std::string village;
  const auto units = officer->ok("unit.list")["units"];
  for (const auto& u : units)
    if (u["kind"] == "village") village = u["id"];
  EXPECT_EQ(code(officer->call("hazard.leader_inspection_record", {{"unit_id", village}, {"leader", "村主任"}, {"hazards_found", 0}})),
            "bad_field");
  EXPECT_EQ(code(officer->call("hazard.leader_inspection_record",
                               {{"unit_id", "city"}, {"leader", "局长"}, {"hazards_found", 0}, {"on", "2026-10-02"}})),
            "bad_field");  // after today

  // Monday 5 October: every township is asked for its week.
  advance(4 * kDay);
  officer = logged_in("officer"), town1 = logged_in("town1");
  EXPECT_EQ(ending(deadlines(*officer), "/leader_inspection/2026-W41"), 30);
  town1->ok("hazard.leader_inspection_record", {{"unit_id", "P0001"}, {"leader", "镇长 刘强"}, {"hazards_found", 1}});
  EXPECT_EQ(deadlines(*town1, "P0001/leader_inspection/2026-W41")[0]["status"], "met");
  auto mine = town1->ok("hazard.leader_inspection_status");
  EXPECT_TRUE(mine["city"]["units"].empty());
  EXPECT_TRUE(mine["counties"]["units"].empty());
  ASSERT_EQ(mine["townships"]["units"].size(), 1u);  // its own township only
  EXPECT_EQ(mine["townships"]["units"][0]["rounds"], 1);

  // 1 November: October has ended, 滨海县 inspected, the seven other counties missed it.
  advance(27 * kDay);
  officer = logged_in("officer");
  auto all = officer->ok("hazard.leader_inspection_status");
  EXPECT_EQ(all["counties"]["period"], "2026-11");
  EXPECT_EQ(all["counties"]["last_period"], "2026-10");
  EXPECT_EQ(all["counties"]["totals"]["units"], 8);
  EXPECT_EQ(all["counties"]["totals"]["last_done"], 1);
  EXPECT_EQ(all["counties"]["totals"]["last_missed"], 7);
  EXPECT_EQ(all["city"]["period"], "2026-Q4");
  EXPECT_EQ(all["city"]["totals"]["last_missed"], 0);  // the third quarter was never asked
  EXPECT_EQ(deadlines(*officer, "county-2/leader_inspection/2026-10")[0]["status"], "missed");
  EXPECT_EQ(all["townships"]["period"], "2026-W44");
}

}  // namespace
