// Rosters per unit (schema/duty.md): the city, a county and a township keep their own shifts side
// by side; each roster is checked against its level's leader-on-shift rules for the week ahead —
// county leaders on 24 h in the flood season, township leaders leading a shift every day, every
// roster's leader on 24 h while a red warning holds the duty level up; a county desk sees and
// edits only its own subtree. Manual clock from 2025-08-20T01:00Z (the 2025 flood season).
#include "store_fixture.hpp"
#include "lifeline/time_format.hpp"

using namespace lifeline;
using namespace lifeline::testing;
using nlohmann::json;

namespace {
constexpr int64_t kHour = 3600 * 1000, kDay = 24 * kHour;
const char* kCityOfficer = "0198c6e0-6c00-7000-8000-000000000001";
const char* kCityLeader = "0198c6e0-6c00-7000-8000-000000000002";
const char* kCountyOfficer = "0198c6e0-6c00-7000-8000-000000000011";
const char* kCountyLeader = "0198c6e0-6c00-7000-8000-000000000012";
const char* kTownOfficer = "0198c6e0-6c00-7000-8000-000000000021";
const char* kTownLeader = "0198c6e0-6c00-7000-8000-000000000022";
const char* kOtherTownOfficer = "0198c6e0-6c00-7000-8000-000000000031";
}  // namespace

struct UnitRosters : StoreFixture {
  int64_t today = 0;  // 08:00 local (00:00 UTC) of the fixture's day
  domain::Actor county{kCountyLeader, "kleader", "duty_leader", "county-1", ""};

  void SetUp() override {
    seed_city();
    op("unit.create", {{"id", "county-2"}, {"kind", "county"}, {"name", "青山县"}, {"parent_id", "city"}});
    op("unit.create", {{"id", "P0007"}, {"kind", "township"}, {"name", "港口镇"}, {"parent_id", "county-2"}});
    user("officer", "duty_officer", "city", kCityOfficer);
    user("leader", "duty_leader", "city", kCityLeader);
    user("county1", "duty_officer", "county-1", kCountyOfficer);
    user("kleader", "duty_leader", "county-1", kCountyLeader);
    user("town1", "duty_officer", "P0001", kTownOfficer);
    user("town1lead", "duty_leader", "P0001", kTownLeader);
    user("town7", "duty_officer", "P0007", kOtherTownOfficer);
    today = clock.now_ms() - clock.now_ms() % kDay;
  }
  void user(const char* name, const char* role, const char* unit, const char* id) {
    op("user.create", {{"username", name}, {"password", "password1"}, {"display_name", name}, {"role", role}, {"unit_id", unit}, {"id", id}});
  }
  std::string shift(const char* unit, int64_t from, int64_t to, const char* officer, const char* leader, const domain::Actor* as = nullptr) {
    json body = {{"unit_id", unit}, {"starts_at", format_rfc3339_ms(from)}, {"ends_at", format_rfc3339_ms(to)}, {"officer_id", officer}};
    if (leader) body["leader_id"] = leader;
    return op("duty.create_shift", body, as)["id"].get<std::string>();
  }
  std::string code(const std::string& name, const json& body, const domain::Actor* as = nullptr) {
    try {
      op(name, body, as);
    } catch (const ApiError& e) {
      return e.code();
    }
    return "ok";
  }
  json breaches(const char* unit) { return op("duty.current", {{"unit_id", unit}})["breaches"]; }
};

TEST_F(UnitRosters, CityCountyAndTownshipRostersRunSideBySideAndOverlapIsRefusedOnlyWithinAUnit) {
  shift("city", today, today + kDay, kCityOfficer, kCityLeader);
  shift("county-1", today, today + kDay, kCountyOfficer, kCountyLeader);
  shift("P0001", today, today + 12 * kHour, kTownOfficer, kTownLeader);
  EXPECT_EQ(code("duty.create_shift", {{"unit_id", "county-1"}, {"starts_at", format_rfc3339_ms(today + 20 * kHour)},
                                       {"ends_at", format_rfc3339_ms(today + 30 * kHour)}, {"officer_id", kCountyOfficer}}),
            "conflict");
  // The officer and the leader work in the roster's unit; only the city, a county or a township keeps one.
  EXPECT_EQ(code("duty.create_shift", {{"unit_id", "county-1"}, {"starts_at", format_rfc3339_ms(today + kDay)},
                                       {"ends_at", format_rfc3339_ms(today + 2 * kDay)}, {"officer_id", kCityOfficer}}),
            "bad_field");
  EXPECT_EQ(code("duty.create_shift", {{"unit_id", "county-1"}, {"starts_at", format_rfc3339_ms(today + kDay)},
                                       {"ends_at", format_rfc3339_ms(today + 2 * kDay)}, {"officer_id", kCountyOfficer},
                                       {"leader_id", kCityLeader}}),
            "bad_field");
  EXPECT_EQ(store->query_one("SELECT COUNT(*) AS n FROM shifts")["n"], 3);
  // Each desk's duty.current is its own roster: the county officer on shift in the county.
  domain::Actor county_officer{kCountyOfficer, "county1", "duty_officer", "county-1", ""};
  auto current = op("duty.current", json::object(), &county_officer);
  EXPECT_EQ(current["unit"]["id"], "county-1");
  EXPECT_EQ(current["shift"]["officer_id"], kCountyOfficer);
  ASSERT_EQ(current["rosters"].size(), 2u) << "the county and its township";
  EXPECT_EQ(current["rosters"][1]["id"], "P0001");
  // The township's officer logs to the township's shift and hands it over, not the city's.
  domain::Actor town{kTownOfficer, "town1", "duty_officer", "P0001", ""};
  op("duty.log", {{"text", "石塘镇东岙村水位上涨"}}, &town);
  op("duty.handover", {{"note", "夜间由县值班室接管"}}, &town);
  auto row = store->query_one("SELECT handover_note FROM shifts WHERE unit_id = 'P0001'");
  EXPECT_EQ(row["handover_note"], "夜间由县值班室接管");
  EXPECT_EQ(store->query_one("SELECT handover_note FROM shifts WHERE unit_id = 'city'")["handover_note"], "");
}

// County leaders on 24 h duty in the flood season (seed-digest §7 [000]): a county shift with no
// leader on it breaks the rule for its hours; an uncovered night breaks 24 h duty.
TEST_F(UnitRosters, CountyLeaderOn24hDuringFloodSeasonIsBrokenByTheShiftWithoutALeader) {
  for (int d = 0; d < 8; ++d)
    if (d != 4) shift("county-1", today + d * kDay, today + (d + 1) * kDay, kCountyOfficer, d == 2 ? nullptr : kCountyLeader);
  auto b = breaches("county-1");
  ASSERT_EQ(b.size(), 2u) << b.dump();
  EXPECT_EQ(b[0]["rule"], "leader_24h");
  EXPECT_EQ(b[0]["rule_zh"], "领导24小时带班");
  EXPECT_EQ(b[0]["because"], "key_period");
  EXPECT_EQ(b[0]["because_zh"], "重点时段：主汛期");
  EXPECT_EQ(b[0]["because_en"], "key period: main flood season");
  EXPECT_EQ(b[0]["from"], today + 2 * kDay);
  EXPECT_EQ(b[0]["to"], today + 3 * kDay);
  EXPECT_EQ(b[1]["rule"], "round_the_clock");
  EXPECT_EQ(b[1]["rule_en"], "24-hour duty");
  EXPECT_EQ(b[1]["because"], "baseline");
  EXPECT_EQ(b[1]["from"], today + 4 * kDay);
  EXPECT_EQ(b[1]["to"], today + 5 * kDay);
}

// Outside the flood and fire seasons the county keeps 24 h duty, and a night officer without a
// leader breaks nothing.
TEST_F(UnitRosters, CountyRosterNeedsNoLeaderOn24hOnceTheFloodSeasonIsOver) {
  clock.set(*parse_rfc3339("2025-10-20T01:00:00.000Z"));
  today = clock.now_ms() - clock.now_ms() % kDay;
  for (int d = -1; d < 8; ++d) shift("county-1", today + d * kDay, today + (d + 1) * kDay, kCountyOfficer, d == 2 ? nullptr : kCountyLeader);
  EXPECT_EQ(breaches("county-1").size(), 0u);
  // The flood season of the week ahead is seen coming: 2025-09-28, three days before it ends.
  clock.set(*parse_rfc3339("2025-09-28T01:00:00.000Z"));
  today = clock.now_ms() - clock.now_ms() % kDay;
  for (int d = -1; d < 8; ++d) shift("county-1", today + d * kDay, today + (d + 1) * kDay, kCountyOfficer, nullptr);
  auto b = breaches("county-1");
  ASSERT_EQ(b.size(), 2u) << b.dump();
  EXPECT_EQ(b[0]["rule"], "leader_24h");
  EXPECT_EQ(b[0]["from"], clock.now_ms());
  EXPECT_EQ(b[0]["to"], *parse_rfc3339("2025-09-30T16:00:00.000Z")) << "until 10-01 00:00 local, the end of the flood season";
  // National Day follows (2025-10-01 to 10-08): county leaders lead a shift every holiday.
  EXPECT_EQ(b[1]["rule"], "leader_daily");
  EXPECT_EQ(b[1]["because_zh"], "重点时段：国庆节");
  EXPECT_EQ(b[1]["from"], *parse_rfc3339("2025-09-30T16:00:00.000Z"));
  EXPECT_EQ(b[1]["to"], clock.now_ms() + 7 * kDay);
}

// Township leaders lead a shift every day (seed-digest §7 [000]): a day whose only shift has no
// leader is listed, local midnight to local midnight; nights without a shift are no breach.
TEST_F(UnitRosters, TownshipLeaderLeadsAShiftEveryDayAndADayWithoutOneIsListed) {
  for (int d = 0; d < 8; ++d) shift("P0001", today + d * kDay, today + d * kDay + 12 * kHour, kTownOfficer, d == 3 ? nullptr : kTownLeader);
  auto b = breaches("P0001");
  ASSERT_EQ(b.size(), 1u) << b.dump();
  EXPECT_EQ(b[0]["rule"], "leader_daily");
  EXPECT_EQ(b[0]["rule_zh"], "领导每日带班");
  EXPECT_EQ(b[0]["because"], "baseline");
  EXPECT_EQ(b[0]["from"], today + 3 * kDay - 8 * kHour);  // local midnight of the fourth day
  EXPECT_EQ(b[0]["to"], today + 4 * kDay - 8 * kHour);
}

// A red warning's leader on 24 h is asked of every roster while it is held: the township's
// nights without a shift and its leaderless day then break it.
TEST_F(UnitRosters, RedWarningAsksEveryRosterForTheLeaderOn24h) {
  for (int d = -1; d < 8; ++d) shift("P0001", today + d * kDay, today + (d + 1) * kDay, kTownOfficer, kTownLeader);
  EXPECT_EQ(breaches("P0001").size(), 0u);
  ops.add("test.raise_duty", [](domain::OpContext& ctx, const json&) {
    ctx.emit("duty.level_raised", "w-red", {{"readiness_percent", 100}, {"leader_24h", true}, {"rule", "warning.red"},
                                            {"title_zh", "红色预警"}, {"title_en", "Red warning"}, {"matched", "red"}, {"subject", "w-red"}});
    return json::object();
  });
  op("test.raise_duty", json::object());
  EXPECT_EQ(breaches("P0001").size(), 0u) << "24 h shifts with a leader meet it";
  EXPECT_EQ(code("duty.create_shift", {{"unit_id", "P0001"}, {"starts_at", format_rfc3339_ms(today + 8 * kDay)},
                                       {"ends_at", format_rfc3339_ms(today + 9 * kDay)}, {"officer_id", kTownOfficer}}),
            "ok");
  shift("P0001", today + 9 * kDay, today + 10 * kDay, kTownOfficer, kTownLeader);
  clock.advance(2 * kDay);
  auto b = breaches("P0001");
  ASSERT_EQ(b.size(), 1u) << b.dump();
  EXPECT_EQ(b[0]["rule"], "leader_24h");
  EXPECT_EQ(b[0]["because"], "duty_level");
  EXPECT_EQ(b[0]["because_zh"], "值守等级提升：红色预警");
  EXPECT_EQ(b[0]["from"], today + 8 * kDay);
  EXPECT_EQ(b[0]["to"], today + 9 * kDay);
}

// A county desk sees and edits only its own subtree: its township's roster, never the city's or
// another county's township.
TEST_F(UnitRosters, ACountyDeskSeesAndEditsOnlyItsOwnSubtree) {
  EXPECT_EQ(op("duty.current", {{"unit_id", "P0001"}}, &county)["unit"]["name"], "石塘镇");
  EXPECT_EQ(code("duty.current", {{"unit_id", "city"}}, &county), "out_of_scope");
  EXPECT_EQ(code("duty.current", {{"unit_id", "P0007"}}, &county), "out_of_scope");
  EXPECT_EQ(code("duty.create_shift", {{"unit_id", "P0007"}, {"starts_at", format_rfc3339_ms(today)},
                                       {"ends_at", format_rfc3339_ms(today + kDay)}, {"officer_id", kOtherTownOfficer}},
                 &county),
            "out_of_scope");
  shift("P0001", today, today + kDay, kTownOfficer, kTownLeader, &county);
  EXPECT_EQ(code("duty.current", {{"unit_id", "T1"}}), "not_found") << "no such unit here";
  op("team.create", {{"id", "T1"}, {"name", "石塘镇应急救援队"}, {"kind", "township"}, {"unit_id", "P0001"}, {"members", json::array()}});
  EXPECT_EQ(code("duty.current", {{"unit_id", "T1"}}), "bad_field") << "a team keeps no roster";
  // A squad's lead reads its township's roster.
  domain::Actor lead{"u-lead", "teamlead", "team_lead", "T1", ""};
  EXPECT_EQ(op("duty.current", json::object(), &lead)["unit"]["id"], "P0001");
}
