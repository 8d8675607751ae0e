// 信息报送 in the real lifeline-command: an incident opens the rules' 1 h report-up deadline; the
// township's first report upward meets it on time and goes on the timeline to the county,
// follow-ups are numbered; a team cannot report for the centre; closing an incident settles the
// deadlines still open (cancelled with the reason) and a closed incident takes no more reports.
#include "warnings_fixture.hpp"

using namespace lifeline::testing;
using nlohmann::json;

namespace {

using ReportUp = WarningsServer;

json deadline_of(const json& view, const std::string& kind) {
  for (const auto& d : view["deadlines"])
    if (d["kind"] == kind) return d;
  return json();
}

TEST_F(ReportUp, FirstReportMeetsTheHourFollowUpsAreNumberedClosingSettlesTheRest) {
  auto town = logged_in("town1");
  auto inc = town->ok("incident.create", {{"type", "flood"}, {"title", "石塘镇东岙村山洪"}, {"place", {{"name", "石塘镇东岙村"}}},
                                          {"unit_id", "P0001"}});
  const auto id = inc["id"].get<std::string>();
  auto open = deadline_of(town->ok("incident.get", {{"id", id}}), "incident.report_up");
  ASSERT_TRUE(open.is_object());
  EXPECT_EQ(open["status"], "open");

  // 40 minutes later the township reports to the county: on time.
  auto admin = logged_in("admin");
  admin->ok("clock.advance", {{"ms", 40 * 60 * 1000}});
  EXPECT_EQ(town->call("incident.report_up", {{"id", id}, {"text", ""}})["error"]["code"], "bad_field");
  auto first = town->ok("incident.report_up", {{"id", id}, {"text", "东岙村山洪，冲毁民房3间，转移群众46人，暂无伤亡"}});
  EXPECT_EQ(first["number"], 1);
  EXPECT_EQ(first["to_unit"], "county-1");
  EXPECT_TRUE(first["deadline_met"].get<bool>());
  auto follow = town->ok("incident.report_up", {{"id", id}, {"text", "续报：失联1人已找到"}});
  EXPECT_EQ(follow["number"], 2);
  EXPECT_FALSE(follow["deadline_met"].get<bool>());
  auto view = town->ok("incident.get", {{"id", id}});
  auto met = deadline_of(view, "incident.report_up");
  EXPECT_EQ(met["status"], "met");
  std::vector<json> reports;
  for (const auto& t : view["timeline"])
    if (t["kind"] == "incident.reported_up") reports.push_back(t["summary"]);
  ASSERT_EQ(reports.size(), 2u) << view["timeline"].dump();
  EXPECT_EQ(reports[0]["to_unit_name"], "滨海县");
  EXPECT_EQ(reports[1]["number"], 2);
  // Met before it fell due: it counts as on time.
  auto listed = town->ok("deadline.list", {{"open", false}, {"kind", "incident.report_up"}, {"subject", id}});
  ASSERT_EQ(listed["deadlines"].size(), 1u);
  EXPECT_LE(listed["deadlines"][0]["met_at"].dump(), listed["deadlines"][0]["due_at"].dump()) << listed.dump();

  // A team member does not report for the command; the county's commander may, to the city.
  EXPECT_EQ(logged_in("member")->call("incident.report_up", {{"id", id}, {"text", "x"}})["error"]["code"], "forbidden");
  EXPECT_EQ(logged_in("kcommander")->ok("incident.report_up", {{"id", id}, {"text", "县级续报"}, {"to_unit", "city"}})["to_unit"], "city");

  // A second incident is closed before anyone reported: its deadline is cancelled with the reason,
  // and nothing about it stays overdue.
  auto other = town->ok("incident.create", {{"type", "geohazard"}, {"title", "石塘镇大岭村落石"}, {"place", {{"name", "石塘镇大岭村"}}},
                                            {"unit_id", "P0001"}});
  const auto other_id = other["id"].get<std::string>();
  auto closed = town->ok("incident.set_status", {{"id", other_id}, {"status", "closed"}, {"reason", "误报，已核实无险情"}});
  EXPECT_EQ(closed["deadlines_settled"], 1);
  auto after = deadline_of(town->ok("incident.get", {{"id", other_id}}), "incident.report_up");
  EXPECT_EQ(after["status"], "cancelled");
  admin->ok("clock.advance", {{"ms", 2 * 3600 * 1000}});
  EXPECT_TRUE(town->ok("deadline.list", {{"subject", other_id}})["deadlines"].empty());
  auto refused = town->call("incident.report_up", {{"id", other_id}, {"text", "补报"}});
  EXPECT_EQ(refused["error"]["code"], "invalid_transition");
  EXPECT_NE(refused["error"]["message_zh"].get<std::string>().find("事件已关闭"), std::string::npos);
}

}  // namespace
