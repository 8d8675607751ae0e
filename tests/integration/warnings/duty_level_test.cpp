// The duty level follows what holds it up (seed-digest §7; issue: it only ever went up): a red
// warning raises readiness to 100 % with the leader on 24 h duty, and when it is cancelled or
// expires the level falls back to what is still in force (an orange warning's 100 % without the
// leader), then to normal duty.
#include "warnings_fixture.hpp"

using namespace lifeline::testing;
using nlohmann::json;

namespace {

// 2026-10-20: between National Day and the fire season, so no key period holds the level up
// (key_period_duty_test.cpp has those).
struct DutyLevel : WarningsServer {
  std::vector<std::string> args() override {
    return {"--demo", "--clock", "manual", "--clock-start", "2026-10-20T01:00:00.000Z", "--synchronous", "NORMAL"};
  }
};

// `weather_alert` with a CAP <expires> (local time +08:00).
std::string expiring(std::string xml, const std::string& expires) {
  const std::string at = "    <senderName>";
  return xml.insert(xml.find(at), "    <expires>" + expires + "</expires>\n");
}

int released_events(WsClient& auditor, const std::string& subject, std::string* reason) {
  int n = 0;
  for (int64_t after = 0;;) {
    auto page = auditor.ok("audit.list", {{"after_seq", after}, {"limit", 1000}})["events"];
    if (page.empty()) return n;
    for (const auto& e : page)
      if (e["kind"] == "duty.level_released" && e["subject"] == subject) ++n, *reason = e["body"]["reason"];
    after = page.back()["seq"];
  }
}

TEST_F(DutyLevel, RedCancelledFallsBackFrom100PercentWithLeaderOn24hToTheOrangeWarningsThenToNormal) {
  auto auth = bearer("weather");
  auto officer = logged_in("officer"), admin = logged_in("admin");
  EXPECT_TRUE(officer->ok("board.snapshot")["duty_level"].is_null());
  auto red = json::parse(post_cap(weather_alert("QX-D-1", "typhoon", "red"), auth).body)["id"].get<std::string>();
  auto orange = json::parse(post_cap(weather_alert("QX-D-2", "heavy_rain", "orange"), auth).body)["id"].get<std::string>();
  auto duty = officer->ok("board.snapshot")["duty_level"];
  EXPECT_EQ(duty["readiness_percent"], 100);
  EXPECT_TRUE(duty["leader_24h"].get<bool>());
  EXPECT_EQ(duty["rule"], "warning.red");

  auto cancel = post_cap(weather_alert("QX-D-3", "typhoon", "red", "Cancel", "weather@demo-city.example,QX-D-1,2026-08-20T09:00:00+08:00"), auth);
  ASSERT_EQ(cancel.status, 201) << cancel.body;
  duty = officer->ok("board.snapshot")["duty_level"];
  EXPECT_EQ(duty["readiness_percent"], 100);  // the orange warning still asks for it
  EXPECT_FALSE(duty["leader_24h"].get<bool>());           // but not for the leader on 24 h duty
  EXPECT_EQ(duty["rule"], "warning.orange");
  EXPECT_EQ(duty["subject"], orange);
  std::string reason;
  EXPECT_EQ(released_events(*admin, red, &reason), 1);
  EXPECT_EQ(reason, "warning cancelled");

  post_cap(weather_alert("QX-D-4", "heavy_rain", "orange", "Cancel", "weather@demo-city.example,QX-D-2,2026-08-20T09:00:00+08:00"), auth);
  EXPECT_TRUE(officer->ok("board.snapshot")["duty_level"].is_null()) << "normal duty once no warning holds it up";
}

// The bureau lowers its red typhoon warning to orange: the leader need not stay on 24 h duty any
// more, readiness stays at the orange warning's 100 %; no second level proposal is made.
TEST_F(DutyLevel, ARedWarningDowngradedToOrangeHoldsTheOrangeLevelOnly) {
  auto auth = bearer("weather");
  auto officer = logged_in("officer"), admin = logged_in("admin");
  auto red = json::parse(post_cap(weather_alert("QX-G-1", "typhoon", "red"), auth).body)["id"].get<std::string>();
  EXPECT_TRUE(officer->ok("board.snapshot")["duty_level"]["leader_24h"].get<bool>());
  auto down = post_cap(weather_alert("QX-G-2", "typhoon", "orange", "Update", "weather@demo-city.example,QX-G-1,2026-08-20T09:00:00+08:00"), auth);
  ASSERT_EQ(down.status, 201) << down.body;
  EXPECT_EQ(json::parse(down.body)["change"], "updated");
  auto duty = officer->ok("board.snapshot")["duty_level"];
  EXPECT_EQ(duty["readiness_percent"], 100);
  EXPECT_FALSE(duty["leader_24h"].get<bool>());
  EXPECT_EQ(duty["rule"], "warning.orange");
  EXPECT_EQ(duty["subject"], red);
  std::string reason;
  EXPECT_EQ(released_events(*admin, red, &reason), 1);
  EXPECT_EQ(reason, "warning downgraded");
  EXPECT_EQ(officer->ok("warning.get", {{"id", red}})["proposals"].size(), 1u) << "only the red warning's proposal";
  // Orange again (an update of the same colour) changes nothing; cancelled, the level falls to normal.
  post_cap(weather_alert("QX-G-3", "typhoon", "orange", "Update", "weather@demo-city.example,QX-G-2,2026-08-20T09:00:00+08:00"), auth);
  EXPECT_EQ(released_events(*admin, red, &reason), 1);
  post_cap(weather_alert("QX-G-4", "typhoon", "orange", "Cancel", "weather@demo-city.example,QX-G-3,2026-08-20T09:00:00+08:00"), auth);
  EXPECT_TRUE(officer->ok("board.snapshot")["duty_level"].is_null());
}

TEST_F(DutyLevel, AnExpiredRedWarningHoldsTheLevelUpNoLonger) {
  auto auth = bearer("weather");
  auto officer = logged_in("officer"), admin = logged_in("admin");
  // Arrives 09:00 local, expires 11:00 local (03:00Z).
  auto posted = post_cap(expiring(weather_alert("QX-E-1", "typhoon", "red"), "2026-10-20T11:00:00+08:00"), auth);
  ASSERT_EQ(posted.status, 201) << posted.body;
  std::string id = json::parse(posted.body)["id"];
  EXPECT_TRUE(officer->ok("board.snapshot")["duty_level"]["leader_24h"].get<bool>());
  admin->ok("clock.advance", {{"to", "2026-10-20T02:59:00.000Z"}});
  EXPECT_FALSE(officer->ok("board.snapshot")["duty_level"].is_null());
  admin->ok("clock.advance", {{"to", "2026-10-20T03:01:00.000Z"}});
  EXPECT_TRUE(officer->ok("board.snapshot")["duty_level"].is_null());
  std::string reason;
  EXPECT_EQ(released_events(*admin, id, &reason), 1);
  EXPECT_EQ(reason, "warning expired");
}

}  // namespace

// Whose duty level (schema/duty.md): a red typhoon warning for 石塘镇 raises 石塘镇, its county
// 滨海县 and the city (100 %, the leader on 24 h duty, each roster checked for it); another county
// and its townships keep normal duty and no breach of theirs is blamed on the warning.
TEST_F(DutyLevel, ARedWarningForOneTownshipRaisesItItsCountyAndTheCityButNotAnotherCounty) {
  auto auth = bearer("weather");
  auto officer = logged_in("officer");
  auto red = json::parse(post_cap(weather_alert("QX-U-1", "typhoon", "red"), auth).body)["id"].get<std::string>();
  auto level = [&](const std::string& unit) {
    return officer->ok("duty.current", unit.empty() ? json::object() : json{{"unit_id", unit}})["duty_level"];
  };
  auto blamed_on_the_warning = [&](const std::string& unit) {
    int n = 0;
    auto breaches = officer->ok("duty.current", {{"unit_id", unit}})["breaches"];
    for (const auto& b : breaches) n += b["because"] == "duty_level";
    return n;
  };
  for (const char* unit : {"", "county-1", "P0001"}) {
    auto l = level(unit);
    ASSERT_FALSE(l.is_null()) << unit;
    EXPECT_EQ(l["readiness_percent"], 100) << unit;
    EXPECT_TRUE(l["leader_24h"].get<bool>()) << unit;
    EXPECT_EQ(l["raises"][0]["subject"], red) << unit;
  }
  EXPECT_GT(blamed_on_the_warning("county-1"), 0) << "滨海县's day without a leader breaks the warning's 24 h rule";

  std::string other_township;
  auto rosters = officer->ok("duty.current")["rosters"];
  for (const auto& u : rosters)
    if (u["kind"] == "township" && u["parent_id"] == "county-2") other_township = u["id"];
  ASSERT_FALSE(other_township.empty());
  for (const std::string& unit : {std::string("county-2"), other_township}) {
    EXPECT_TRUE(level(unit).is_null()) << unit << ": " << level(unit).dump();
    EXPECT_EQ(blamed_on_the_warning(unit), 0) << unit;
  }
  EXPECT_TRUE(officer->ok("board.snapshot")["duty_level"]["leader_24h"].get<bool>()) << "the city's level: every raise";
  // Each desk's board shows its own unit's level: 石塘镇's raised, another county's normal.
  EXPECT_EQ(logged_in("town1")->ok("board.snapshot")["duty_level"]["subject"], red);
  EXPECT_EQ(logged_in("teamlead")->ok("board.snapshot")["duty_level"]["subject"], red) << "石塘镇's squad: its township's level";
  auto admin = logged_in("admin");
  admin->ok("user.create", {{"username", "county2"}, {"password", "county2-duty-desk"}, {"display_name", "青山县值班员"},
                            {"role", "duty_officer"}, {"unit_id", "county-2"}});
  auto county2 = client();
  county2->login("county2", "county2-duty-desk");
  EXPECT_TRUE(county2->ok("board.snapshot")["duty_level"].is_null());
}
