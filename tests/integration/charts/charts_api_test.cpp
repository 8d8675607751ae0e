// The console's charts (schema/charts.md) through the real lifeline-command on the manual clock: an
// incident's casualties as each change set them; orders per channel per hour, delivered and
// acknowledged; deadlines met and missed per kind; teams ready per township — each number exact, and
// a township desk sees only its own township's, a department none of the centre's.
#include "lifeline/testing/eventually.hpp"
#include "server_fixture.hpp"

using namespace lifeline::testing;
using nlohmann::json;

namespace {

struct ChartsApi : ServerFixture {
  std::vector<std::string> args() override {
    return {"--demo", "--clock", "manual", "--clock-start", "2026-08-20T01:00:00.000Z", "--synchronous", "NORMAL"};
  }
};

const json kWindow = {{"from", "2026-08-20T00:00:00.000Z"}, {"to", "2026-08-20T03:00:00.000Z"}};

json with(json body, const char* key, const json& value) {
  body[key] = value;
  return body;
}

// One channel's series from an answer's `orders`.
json channel(const json& orders, const std::string& name) {
  for (const auto& c : orders["channels"])
    if (c["channel"] == name) return c;
  return nullptr;
}

json readiness_of(const json& readiness, const std::string& unit) {
  for (const auto& r : readiness)
    if (r["unit_id"] == unit) return r;
  return nullptr;
}

}  // namespace

TEST_F(ChartsApi, SeriesCountExactlyWhatHappenedAndATownshipSeesOnlyItsOwn) {
  auto officer = logged_in("officer");
  auto admin = logged_in("admin");
  auto lead = logged_in("teamlead");  // 石塘镇's squad, on IP
  // 01:00 — two incidents, each with the rules' one-hour report-up deadline.
  auto own = officer->ok("incident.create", {{"type", "flood"}, {"title", "石塘镇内涝"}, {"place", {{"name", "石塘镇"}}},
                                             {"unit_id", "P0001"}, {"casualties", {{"injured", 2}}}})["id"].get<std::string>();
  auto other = officer->ok("incident.create", {{"type", "flood"}, {"title", "港口镇内涝"}, {"place", {{"name", "港口镇"}}},
                                               {"unit_id", "P0007"}, {"casualties", {{"injured", 1}}}})["id"].get<std::string>();
  // An order 石塘镇's squad receives and accepts; one to 港口镇's squad, which is off every link.
  auto answered = officer->ok("task.assign", {{"team_id", "T-P0001"}, {"what", "evacuate"}, {"incident_id", own}});
  officer->ok("task.assign", {{"team_id", "T-P0007"}, {"what", "evacuate"}, {"incident_id", other}});
  auto env = lead->next_of("env");
  ASSERT_TRUE(env);
  EXPECT_EQ((*env)["envelope"]["id"], answered["message_id"]);
  lead->ok("bus.ack", {{"id", answered["message_id"]}, {"level", "device"}});
  lead->ok("bus.ack", {{"id", answered["message_id"]}, {"level", "human"}, {"answer", "accept"}});
  // 01:05 and 01:20 — the casualties change twice (a title change between them is no point).
  admin->ok("clock.advance", {{"to", "2026-08-20T01:05:00.000Z"}});
  officer->ok("incident.update", {{"id", own}, {"casualties", {{"dead", 1}, {"injured", 5}}}});
  officer->ok("incident.update", {{"id", own}, {"title", "石塘镇内涝（更新）"}});
  admin->ok("clock.advance", {{"to", "2026-08-20T01:20:00.000Z"}});
  officer->ok("incident.update", {{"id", own}, {"casualties", {{"dead", 1}, {"missing", 2}, {"injured", 6}}}});
  officer->ok("incident.report_up", {{"id", own}, {"text", "石塘镇内涝，1人死亡，2人失踪"}});
  // 02:30 — the unanswered order's receipt (due 01:10) and 港口镇's report-up (due 02:00) are missed.
  admin->ok("clock.advance", {{"to", "2026-08-20T02:30:00.000Z"}});
  json charts;
  ASSERT_TRUE(eventually([&] {
    charts = officer->ok("stats.charts", kWindow);
    int missed = 0;
    for (const auto& k : charts["on_time"]) missed += k["missed"].get<int>();
    return missed == 2;
  })) << charts["on_time"].dump();

  EXPECT_EQ(charts["from"], "2026-08-20T00:00:00.000Z");
  EXPECT_EQ(charts["to"], "2026-08-20T03:00:00.000Z");
  const auto& orders = charts["orders"];
  EXPECT_EQ(orders["hours"], json({"2026-08-20T00:00:00.000Z", "2026-08-20T01:00:00.000Z", "2026-08-20T02:00:00.000Z"}));
  ASSERT_EQ(orders["channels"].size(), 6u);
  EXPECT_EQ(channel(orders, "ip"), json({{"channel", "ip"}, {"orders", {0, 1, 0}}, {"delivered", {0, 1, 0}},
                                         {"acknowledged", {0, 1, 0}}}));
  for (const char* c : {"pdt", "beidou", "tiantong", "iridium", "sms"})
    EXPECT_EQ(channel(orders, c)["orders"], json({0, 0, 0})) << c;
  EXPECT_EQ(orders["not_sent"], json({0, 1, 0})) << "港口镇's squad has no link up";
  EXPECT_EQ(charts["on_time"], json::parse(R"([{"kind":"incident.report_up","met":1,"missed":1},
                                               {"kind":"order.receipt","met":1,"missed":1}])"));
  // Readiness: every township's teams (its squad and a team per village, as team.list has them),
  // but a squad on an open task is not ready.
  std::map<std::string, int> teams_of;
  const auto teams = officer->ok("team.list");
  for (const auto& t : teams["teams"]) teams_of[t["unit_id"]]++;
  ASSERT_EQ(charts["readiness"].size(), 30u);
  for (const auto& r : charts["readiness"]) {
    const bool tasked = r["unit_id"] == "P0001" || r["unit_id"] == "P0007";
    EXPECT_EQ(r["teams"], teams_of[r["unit_id"]]) << r.dump();
    EXPECT_EQ(r["ready"], teams_of[r["unit_id"]] - (tasked ? 1 : 0)) << r.dump();
  }
  EXPECT_EQ(readiness_of(charts["readiness"], "P0001")["teams"], 6);  // the squad and 5 village teams
  EXPECT_EQ(readiness_of(charts["readiness"], "P0001")["name"], "石塘镇");
  EXPECT_FALSE(charts.contains("casualties"));

  auto casualties = officer->ok("stats.charts", with(kWindow, "incident_id", own))["casualties"];
  EXPECT_EQ(casualties["incident_id"], own);
  EXPECT_EQ(casualties["title"], "石塘镇内涝（更新）");
  EXPECT_EQ(casualties["points"], json::parse(R"([
    {"at":"2026-08-20T01:00:00.000Z","dead":0,"missing":0,"injured":2},
    {"at":"2026-08-20T01:05:00.000Z","dead":1,"missing":0,"injured":5},
    {"at":"2026-08-20T01:20:00.000Z","dead":1,"missing":2,"injured":6}])"));

  // 石塘镇's desk: its own order, deadlines and township; not 港口镇's incident.
  auto town1 = logged_in("town1");
  auto mine = town1->ok("stats.charts", kWindow);
  EXPECT_EQ(channel(mine["orders"], "ip")["orders"], json({0, 1, 0}));
  EXPECT_EQ(mine["orders"]["not_sent"], json({0, 0, 0}));
  EXPECT_EQ(mine["on_time"], json::parse(R"([{"kind":"incident.report_up","met":1,"missed":0},
                                             {"kind":"order.receipt","met":1,"missed":0}])"));
  ASSERT_EQ(mine["readiness"].size(), 1u);
  EXPECT_EQ(mine["readiness"][0]["unit_id"], "P0001");
  EXPECT_EQ(mine["readiness"][0]["ready"], 5);
  EXPECT_EQ(town1->ok("stats.charts", with(kWindow, "incident_id", own))["casualties"]["points"].size(), 3u);
  EXPECT_EQ(town1->call("stats.charts", with(kWindow, "incident_id", other))["error"]["code"], "out_of_scope");

  // 滨海县's desk: its townships only (港口镇 is in another county).
  auto county = logged_in("county1")->ok("stats.charts", kWindow);
  EXPECT_FALSE(readiness_of(county["readiness"], "P0001").is_null());
  EXPECT_TRUE(readiness_of(county["readiness"], "P0007").is_null());
  EXPECT_EQ(county["readiness"].size(), 4u);  // P0001, P0019, P0037, P0055

  // A department commands no team and was given no deadline here: nothing of the centre's.
  auto water = logged_in("water")->ok("stats.charts", kWindow);
  EXPECT_EQ(channel(water["orders"], "ip")["orders"], json({0, 0, 0}));
  EXPECT_EQ(water["orders"]["not_sent"], json({0, 0, 0}));
  EXPECT_EQ(water["on_time"], json::array());
  EXPECT_EQ(water["readiness"], json::array());

  // Default window: the 24 hours up to now, from the start of the hour.
  auto recent = officer->ok("stats.charts");
  EXPECT_EQ(recent["from"], "2026-08-19T02:00:00.000Z");
  EXPECT_EQ(recent["to"], "2026-08-20T02:30:00.000Z");
  EXPECT_EQ(recent["orders"]["hours"].size(), 25u);
  EXPECT_EQ(channel(recent["orders"], "ip")["acknowledged"][23], 1);
}

TEST_F(ChartsApi, BadWindowsAreRefused) {
  auto officer = logged_in("officer");
  auto code = [&](const json& body) { return officer->call("stats.charts", body)["error"].value("code", ""); };
  EXPECT_EQ(code({{"from", "2026-08-20T02:00:00.000Z"}, {"to", "2026-08-20T01:00:00.000Z"}}), "bad_field");
  EXPECT_EQ(code({{"from", "2026-08-10T00:00:00.000Z"}, {"to", "2026-08-20T00:00:00.000Z"}}), "bad_field");
  EXPECT_EQ(code({{"from", "yesterday"}}), "bad_field");
  EXPECT_EQ(code({{"hours", 24}}), "unknown_field");
  EXPECT_EQ(code({{"incident_id", "01a22f23-39e1-7003-8a0f-d39fa463f04f"}}), "not_found");
  // Exactly a week is allowed.
  EXPECT_TRUE(officer->call("stats.charts", {{"from", "2026-08-13T00:00:00.000Z"}, {"to", "2026-08-20T00:00:00.000Z"}})
                  .value("ok", false));
}
