// Key periods raise the duty level and lower it again (schema/duty.md, key_periods.json): on the
// server's manual clock, National Day 2026 holds readiness at 100 % on post and the day after it
// ends readiness is back to 80 %; in the flood season a cancelled red warning lifts the leader on
// 24 h it asked for, while the flood season keeps 100 %. The demo's county roster, whose fourth
// day has no leader named, is shown breaking the county leaders' 24 h duty of the flood season.
#include "warnings_fixture.hpp"

#include <set>

using namespace lifeline::testing;
using nlohmann::json;

namespace {

struct KeyPeriodDuty : WarningsServer {
  std::string start = "2026-10-07T01:00:00.000Z";  // National Day 2026, its last day (09:00 local)
  std::vector<std::string> args() override {
    return {"--demo", "--clock", "manual", "--clock-start", start, "--synchronous", "NORMAL"};
  }
};

struct FloodSeasonDuty : KeyPeriodDuty {
  FloodSeasonDuty() { start = "2026-08-20T01:00:00.000Z"; }
};

// The duty.level_released events about `subject` and the reason of the last.
int released(WsClient& admin, const std::string& subject, std::string* reason) {
  int n = 0;
  for (int64_t after = 0;;) {
    auto page = admin.ok("audit.list", {{"after_seq", after}, {"limit", 1000}})["events"];
    if (page.empty()) return n;
    for (const auto& e : page)
      if (e["kind"] == "duty.level_released" && e["subject"] == subject) ++n, *reason = e["body"]["reason"];
    after = page.back()["seq"];
  }
}

}  // namespace

TEST_F(KeyPeriodDuty, ReadinessReturnsTo80PercentWhenNationalDayEnds) {
  auto officer = logged_in("officer"), admin = logged_in("admin");
  auto duty = officer->ok("board.snapshot")["duty_level"];
  ASSERT_FALSE(duty.is_null()) << "National Day raises the duty level from the start";
  EXPECT_EQ(duty["readiness_percent"], 100);
  EXPECT_EQ(duty["rule"], "key_period.national_day");
  EXPECT_EQ(officer->ok("metrics.summary")["on_post"]["required_percent"], 100);
  auto current = officer->ok("duty.current");
  ASSERT_EQ(current["key_periods"].size(), 1u) << current["key_periods"].dump();
  EXPECT_EQ(current["key_periods"][0]["name_zh"], "国庆节");
  EXPECT_TRUE(current["key_periods"][0]["in_force"].get<bool>());
  EXPECT_EQ(current["duty_level"]["raises"][0]["about_zh"], "重点时段：国庆节（2026-10-01 至 2026-10-07）");

  // 10-07 23:59 local: still National Day. (Sessions last 12 h: each step logs in again.)
  admin->ok("clock.advance", {{"to", "2026-10-07T15:59:00.000Z"}});
  officer = logged_in("officer"), admin = logged_in("admin");
  EXPECT_EQ(officer->ok("metrics.summary")["on_post"]["required_percent"], 100);
  // 10-08 00:00 local: the period is over, normal duty, 80 % on post.
  admin->ok("clock.advance", {{"to", "2026-10-07T16:00:00.000Z"}});
  EXPECT_TRUE(officer->ok("board.snapshot")["duty_level"].is_null());
  auto on_post = officer->ok("metrics.summary")["on_post"];
  EXPECT_EQ(on_post["required_percent"], 80);
  EXPECT_FALSE(on_post["key_period"].get<bool>());
  std::string reason;
  EXPECT_EQ(released(*admin, "key_period:national_day:2026-10-01", &reason), 1);
  EXPECT_EQ(reason, "key period ended");
  EXPECT_TRUE(officer->ok("duty.current")["key_periods"].empty());
  // The fire season begins 11-01 local: raised again when the clock gets there.
  admin->ok("clock.advance", {{"to", "2026-10-31T16:00:00.000Z"}});
  EXPECT_EQ(logged_in("officer")->ok("board.snapshot")["duty_level"]["rule"], "key_period.fire_season");
}

TEST_F(FloodSeasonDuty, ReadinessStays100PercentInFloodSeasonButTheLeaderOn24hEndsWhenTheRedWarningIsCancelled) {
  auto auth = bearer("weather");
  auto officer = logged_in("officer"), admin = logged_in("admin");
  EXPECT_EQ(officer->ok("board.snapshot")["duty_level"]["rule"], "key_period.flood_season");
  auto red = json::parse(post_cap(weather_alert("QX-K-1", "typhoon", "red"), auth).body)["id"].get<std::string>();
  auto duty = officer->ok("board.snapshot")["duty_level"];
  EXPECT_EQ(duty["rule"], "warning.red");
  EXPECT_TRUE(duty["leader_24h"].get<bool>());
  // With the red warning every roster needs its leader on 24 h: 石塘镇's day shifts leave the nights.
  auto town = logged_in("town1")->ok("duty.current")["breaches"];
  ASSERT_FALSE(town.empty());
  EXPECT_EQ(town[0]["because"], "duty_level");
  auto cancel = post_cap(weather_alert("QX-K-2", "typhoon", "red", "Cancel", "weather@demo-city.example,QX-K-1,2026-08-20T09:00:00+08:00"), auth);
  ASSERT_EQ(cancel.status, 201) << cancel.body;
  duty = officer->ok("board.snapshot")["duty_level"];
  EXPECT_EQ(duty["readiness_percent"], 100) << "the flood season still asks for it";
  EXPECT_FALSE(duty["leader_24h"].get<bool>());
  EXPECT_EQ(duty["rule"], "key_period.flood_season");
  std::string reason;
  EXPECT_EQ(released(*admin, red, &reason), 1);
  EXPECT_EQ(reason, "warning cancelled");
  EXPECT_EQ(officer->ok("metrics.summary")["on_post"]["required_percent"], 100);
}

// The demo's 滨海县 roster has no leader on its fourth day: in the flood season county leaders are on
// 24 h duty, so those 24 hours are listed, named in both languages; 石塘镇's fifth day has no leader.
TEST_F(FloodSeasonDuty, CountyLeaderOn24hDuringFloodSeasonAndTheTownshipLeaderDailyAreCheckedOnTheDemoRosters) {
  auto county = logged_in("county1");
  auto current = county->ok("duty.current");
  EXPECT_EQ(current["unit"]["name"], "滨海县");
  ASSERT_EQ(current["key_periods"].size(), 1u);
  EXPECT_EQ(current["key_periods"][0]["rules"][0]["rule"], "leader_24h");
  ASSERT_EQ(current["breaches"].size(), 1u) << current["breaches"].dump();
  const auto& b = current["breaches"][0];
  EXPECT_EQ(b["rule"], "leader_24h");
  EXPECT_EQ(b["rule_zh"], "领导24小时带班");
  EXPECT_EQ(b["because_zh"], "重点时段：主汛期");
  EXPECT_EQ(b["from"], 1787184000000 + 3LL * 86400000);  // 2026-08-20T00:00Z + 3 days
  EXPECT_EQ(b["to"], 1787184000000 + 4LL * 86400000);
  auto town = county->ok("duty.current", {{"unit_id", "P0001"}})["breaches"];
  ASSERT_EQ(town.size(), 1u) << town.dump();
  EXPECT_EQ(town[0]["rule"], "leader_daily");
  // The county desk may not read the city's roster or another county's township's.
  EXPECT_EQ(county->call("duty.current", {{"unit_id", "city"}})["error"]["code"], "out_of_scope");
  EXPECT_EQ(county->call("duty.current", {{"unit_id", "P0007"}})["error"]["code"], "out_of_scope");
  // The city desk picks any roster; its own has no breach.
  auto city = logged_in("officer")->ok("duty.current");
  std::set<std::string> rosters;
  for (const auto& u : city["rosters"]) rosters.insert(u["id"].get<std::string>() + ":" + u["kind"].get<std::string>());
  for (const char* u : {"city:city", "county-1:county", "P0001:township", "P0007:township"}) EXPECT_TRUE(rosters.count(u)) << u;
  EXPECT_FALSE(rosters.count("T-P0001:team")) << "teams keep no roster";
  EXPECT_TRUE(city["breaches"].empty()) << city["breaches"].dump();
}
