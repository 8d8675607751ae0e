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
  json filed;
  for (int i = 0; i < 100 && filed.is_null(); ++i) {
    const auto journal = officer.ok("journal.list", {{"incident_id", inc["id"]}, {"kinds", {"message"}}});
    for (const auto& e : journal["entries"])
      if (e["summary"].value("message_kind", "") == "report") filed = e;
    if (filed.is_null()) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_FALSE(filed.is_null()) << "the radio's report is not at its incident";
  EXPECT_EQ(filed["summary"]["text_zh"], "东岙村已转移42人，2人失联");
}
