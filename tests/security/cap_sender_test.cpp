// A department imports CAP warnings only in its own name: 住建局 (user `housing`) once issued and
// cancelled a red typhoon warning as the meteorology bureau, and the rules fired. Over HTTP
// POST /api/cap and the WebSocket op warning.import alike; duty officers still import on behalf
// of any department.
#include "warnings_fixture.hpp"

using namespace lifeline::testing;
using nlohmann::json;

namespace {

using CapSender = WarningsServer;

// weather_alert() with another department's name in <senderName>.
std::string signed_as(std::string xml, const std::string& department) {
  const std::string weather = "示范市气象局";
  xml.replace(xml.find(weather), weather.size(), department);
  return xml;
}

json error_of(const HttpReply& r) { return json::parse(r.body, nullptr, false).value("error", json::object()); }

void expect_not_own(const json& error, const std::string& what) {
  EXPECT_EQ(error.value("code", ""), "not_own_department") << what << ": " << error.dump();
  EXPECT_NE(error.value("message_zh", "").find("本部门"), std::string::npos) << what;
  EXPECT_NE(error.value("message_en", "").find("own name"), std::string::npos) << what;
}

}  // namespace

TEST_F(CapSender, ADepartmentCannotIssueOrCancelWarningsInAnotherDepartmentsName) {
  auto housing = bearer("housing");
  auto housing_ws = logged_in("housing");
  auto officer = logged_in("officer");
  settle();
  auto log = event_log();

  // The meteorology bureau's red typhoon alert, sent by housing: refused on both doors.
  auto http_spoof = post_cap(weather_alert("QX-S-1", "typhoon", "red"), housing);
  EXPECT_EQ(http_spoof.status, 403) << http_spoof.body;
  expect_not_own(error_of(http_spoof), "HTTP alert");
  auto ws_spoof = housing_ws->call("warning.import", {{"xml", weather_alert("QX-S-2", "typhoon", "red")}});
  expect_not_own(ws_spoof["error"], "WebSocket alert");
  EXPECT_EQ(event_log(), log) << "a refused import changes nothing, and no rule fired";
  EXPECT_TRUE(officer->ok("warning.list", {{"status", "all"}})["warnings"].empty());

  // The bureau itself issues it; housing cannot cancel it, not even in its own name.
  auto issued = post_cap(weather_alert("QX-S-1", "typhoon", "red"), bearer("weather"));
  ASSERT_EQ(issued.status, 201) << issued.body;
  auto warning = json::parse(issued.body)["id"].get<std::string>();
  auto after_issue = event_log();
  auto cancel = [](const std::string& id) {
    return weather_alert(id, "typhoon", "red", "Cancel", "weather@demo-city.example,QX-S-1,2026-08-20T09:00:00+08:00");
  };
  auto http_cancel = post_cap(signed_as(cancel("ZJ-C-1"), "示范市住建局"), housing);
  EXPECT_EQ(http_cancel.status, 403) << http_cancel.body;
  expect_not_own(error_of(http_cancel), "HTTP cancel in housing's name");
  expect_not_own(housing_ws->call("warning.import", {{"xml", cancel("ZJ-C-2")}})["error"], "WebSocket cancel in weather's name");
  EXPECT_EQ(event_log(), after_issue);
  EXPECT_EQ(officer->ok("warning.get", {{"id", warning}})["warning"]["status"], "active");

  // In its own name housing imports as before, and a duty officer imports on behalf of any bureau.
  auto own = housing_ws->call("warning.import", {{"xml", signed_as(weather_alert("ZJ-1", "other", "blue"), "示范市住建局")}});
  EXPECT_TRUE(own.value("ok", false)) << own.dump();
  EXPECT_EQ(post_cap(weather_alert("QX-S-3", "typhoon", "orange"), bearer("officer")).status, 201);
  auto on_behalf = post_cap(cancel("QX-S-4"), bearer("officer"));
  EXPECT_EQ(on_behalf.status, 201) << on_behalf.body;
  EXPECT_EQ(officer->ok("warning.get", {{"id", warning}})["warning"]["status"], "cancelled");
}
