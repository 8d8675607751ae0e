// An order from an incident to a team reachable only by radio, the way the duty officer gives it
// (the incident reported by place name, the order to 石塘镇东岙村's squad: no handheld on IP, its PDT
// radio on), with real
// processes: lifeline-command ↔ lifeline-gateway --link=loopback --as=pdt ↔ the squad's radio (a
// loopback terminal). The incident travels by its number (schema/codec.md §4.1), so the order fits
// the radio's frame exactly as the same order without the incident would: delivered over PDT, the
// squad's acceptance moves the task, and a report the squad files naming the incident by its number
// is found at the incident.
#include <gtest/gtest.h>

#include <thread>

#include "lifeline/testing/field_report_wait.hpp"
#include "lifeline/testing/server_process.hpp"
#include "lifeline/testing/ws_client.hpp"

using namespace lifeline::testing;
using nlohmann::json;

TEST(PdtIncidentOrder, AnOrderFromAnIncidentReachesASquadOnItsRadio) {
  TempDir dir;
  ServerProcess server(dir.path(), {"--demo", "--synchronous", "NORMAL"});
  GatewayProcess gateway(dir.path(), server.router_port(), "pdt");
  WsClient officer("127.0.0.1", server.http_port());
  officer.login("officer");
  auto team = officer.ok("team.get", {{"id", "T-P0002"}});
  std::string radio;
  for (auto& c : team["contacts"])
    if (c["channel"] == "pdt") radio = c["address"];
  ASSERT_FALSE(radio.empty());
  LoopbackTerminal terminal(gateway.terminal_port(), radio);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // the radio attached, the gateway registered

  auto inc = officer.ok("incident.create", {{"type", "geohazard"}, {"title", "东岙村山体滑坡"}, {"place", {{"name", "石塘镇东岙村"}}}});
  auto task = officer.ok("task.assign", {{"team_id", "T-P0002"}, {"what", "evacuate"}, {"precedence", "flash"},
                                         {"incident_id", inc["id"]}, {"note", "转移东岙村低洼处群众，回报人数"},
                                         {"place", {{"name", "石塘镇东岙村"}}}});
  ASSERT_EQ(task["deliveries"].size(), 1u);
  EXPECT_EQ(task["deliveries"][0]["channel"], "pdt") << task.dump();

  json down;
  for (int i = 0; i < 50 && (down.is_null() || down.value("type", "") != "downlink"); ++i) down = terminal.next(200);
  ASSERT_EQ(down.value("type", ""), "downlink") << "the order never reached the radio";
  const auto& body = down["envelope"]["body"];
  EXPECT_EQ(body["incident_number"], inc["number"]);
  EXPECT_EQ(body["note"], "转移东岙村低洼处群众，回报人数");

  // The squad leader accepts on the radio: delivery read, task acknowledged.
  terminal.uplink({{"kind", "receipt"}, {"id", down["envelope"]["id"]}, {"level", "human"}, {"answer", "accept"}});
  json t;
  for (int i = 0; i < 100; ++i) {
    t = officer.ok("task.list", {{"incident_id", inc["id"]}})["tasks"][0];
    if (t["status"] == "acknowledged") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(t["status"], "acknowledged") << t.dump();
  auto d = officer.ok("bus.deliveries", {{"message_id", task["message_id"]}})["deliveries"][0];
  EXPECT_EQ(d["channel"], "pdt");
  EXPECT_EQ(d["state"], "read");

  // A report over the radio naming the incident by its number is filed at the incident.
  terminal.uplink({{"kind", "report"}, {"precedence", "priority"},
                   {"body", {{"text", "东岙村已转移42人，2人失联"}, {"missing", 2}, {"incident_number", inc["number"]}}}});
  const json filed = field_report_at(officer, inc["id"]);
  ASSERT_FALSE(filed.is_null()) << "the radio's report is not at its incident";
  EXPECT_EQ(filed["summary"]["text_zh"], "东岙村已转移42人，2人失联");
}

// A drill numbers its incidents from INC-YYYY-0001 as live does, and what the field sends back over
// a thin link is read in live: a drill's order names its incident by id, never by a number that
// live may also have (a drill report must not be filed at a real incident). Seen on the squad
// lead's handheld, which takes part in the drill over IP.
TEST(PdtIncidentOrder, ADrillOrderNamesItsIncidentByIdNotByANumberLiveMayHave) {
  TempDir dir;
  ServerProcess server(dir.path(), {"--demo", "--synchronous", "NORMAL"});
  WsClient director("127.0.0.1", server.http_port());
  director.login("director");
  WsClient lead("127.0.0.1", server.http_port());
  lead.login("teamlead");
  const std::string realm = director.ok("drill.start", {{"name", "山洪演练"}})["realm"];
  director.ok("drill.join", {{"units", {"T-P0001"}}}, realm);  // the squad plays in the drill
  auto inc = director.ok("incident.create", {{"type", "flood"}, {"title", "演练：东岙村山洪"}, {"place", {{"name", "石塘镇东岙村"}}}}, realm);
  EXPECT_EQ(inc["number"].get<std::string>().substr(9), "0001");  // the same number live's first incident gets
  auto task = director.ok("task.assign", {{"team_id", "T-P0001"}, {"what", "evacuate"}, {"precedence", "flash"}, {"incident_id", inc["id"]}}, realm);
  std::optional<json> env;
  for (int i = 0; i < 20 && !env; ++i) {
    auto f = lead.next_of("env", std::chrono::milliseconds(500));
    if (f && (*f)["envelope"]["id"] == task["message_id"]) env = f;
  }
  ASSERT_TRUE(env) << "the drill order never reached the handheld";
  EXPECT_EQ((*env)["envelope"]["realm"], realm);
  EXPECT_EQ((*env)["envelope"]["body"]["incident_id"], inc["id"]);
  EXPECT_FALSE((*env)["envelope"]["body"].contains("incident_number")) << env->dump();
}
