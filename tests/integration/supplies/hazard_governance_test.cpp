// The bureau's hazard rules through the real lifeline-command on a manual clock (seed-digest §4):
// acceptance within 3 working days on the State Council's calendar, and an overdue rectification
// listed for supervision by itself.
#include "lifeline/testing/http_client.hpp"
#include "server_fixture.hpp"

using namespace lifeline::testing;
using nlohmann::json;

namespace {

struct HazardGovernance : ServerFixture {
  // Wednesday 30 September 2026, 09:00 China Standard Time: the eve of National Day.
  std::vector<std::string> args() override {
    return {"--demo", "--clock", "manual", "--clock-start", "2026-09-30T01:00:00.000Z", "--synchronous", "NORMAL"};
  }
};

TEST_F(HazardGovernance, CitizenGeneralHazardAcceptanceIn3WorkingDaysAcrossNationalDay2026CountsTheMakeUpSaturday) {
  auto officer = logged_in("officer");
  json report = {{"client_key", "nd-2026-1"}, {"description", "石塘镇老街消防栓损坏"},
                 {"place", {{"name", "石塘镇老街"}, {"lat", 28.1}, {"lon", 120.1}}},
                 {"photo", {{"ref", "uploads/2026/09/nd.jpg"}, {"bytes", 200000}}}};
  auto posted = http(server->http_port(), "POST", "/api/citizen/hazards", report.dump());
  ASSERT_EQ(posted.status, 201) << posted.body;
  std::string id = json::parse(posted.body)["id"];
  officer->ok("hazard.assign", {{"id", id}, {"unit_id", "P0001"}});
  officer->ok("hazard.verify", {{"id", id}, {"valid", true}, {"grade", "general"}});
  officer->ok("hazard.rectified", {{"id", id}});
  auto accept = officer->ok("deadline.list", {{"subject", id}, {"kind", "hazard.accept"}})["deadlines"];
  ASSERT_EQ(accept.size(), 1u);
  // 1-7 October are off; Thursday 8, Friday 9 and the make-up Saturday 10 October are worked.
  EXPECT_EQ(accept[0]["due_at"], "2026-10-10T01:00:00.000Z");
  // The citizen's 7-day feedback limit, not an inspector's 3 days.
  auto rectify = officer->ok("deadline.list", {{"subject", id}, {"kind", "hazard.rectify"}, {"open", false}})["deadlines"];
  ASSERT_EQ(rectify.size(), 1u);
  EXPECT_EQ(rectify[0]["due_at"], "2026-10-07T01:00:00.000Z");
}

TEST_F(HazardGovernance, AnInspectorsGeneralHazardOverdueAfter3DaysIsListedForSupervisionByItself) {
  auto officer = logged_in("officer"), admin = logged_in("admin");
  std::string id = officer->ok("hazard.report", {{"title", "石塘镇农贸市场灭火器过期"}, {"grade", "general"}, {"unit_id", "P0001"},
                                                 {"place", {{"name", "石塘镇农贸市场"}, {"lat", 28.1}, {"lon", 120.1}}}})["id"];
  auto before = officer->ok("hazard.get", {{"id", id}});
  EXPECT_EQ(before["listed"], 0);
  EXPECT_TRUE(before["listed_reason"].is_null());
  // Found at 09:00 on the 30th: fixed the same day if possible, by 3 October 09:00 at the latest.
  auto rectify = officer->ok("deadline.list", {{"subject", id}, {"kind", "hazard.rectify"}})["deadlines"];
  ASSERT_EQ(rectify.size(), 1u);
  EXPECT_EQ(rectify[0]["due_at"], "2026-10-03T01:00:00.000Z");
  admin->ok("clock.advance", {{"ms", 3 * 24 * 3600 * 1000LL + 1000}});
  officer = logged_in("officer"), admin = logged_in("admin");  // three days on, the first sessions have expired
  auto after = officer->ok("hazard.get", {{"id", id}});
  EXPECT_EQ(after["listed"], 1);
  EXPECT_EQ(after["listed_reason"], "overdue");
  int listed_events = 0;
  for (const auto& e : after["history"]) listed_events += e["kind"] == "hazard.listed";
  EXPECT_EQ(listed_events, 1);
  // Still overdue at the next escalation step: listed once, not again.
  admin->ok("clock.advance", {{"ms", 20 * 60 * 1000}});
  listed_events = 0;
  auto later = officer->ok("hazard.get", {{"id", id}});
  for (const auto& e : later["history"]) listed_events += e["kind"] == "hazard.listed";
  EXPECT_EQ(listed_events, 1);
}

}  // namespace
