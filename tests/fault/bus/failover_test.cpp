// The fallback ladder with the real processes: lifeline-command, lifeline-gateway --link=loopback
// --as=pdt, a team lead on a WebSocket and the team's radio terminal on the loopback link.
// The team's IP link is cut (its heartbeats stop): the next FLASH order must be on the radio within
// 3.5 s of the cut, the radio's receipt must come back the same way, and when IP returns the
// orders move back to IP. System clock: these are real seconds.
#include <gtest/gtest.h>

#include <thread>

#include "lifeline/testing/server_process.hpp"
#include "lifeline/testing/ws_client.hpp"

using namespace lifeline::testing;
using nlohmann::json;
using SteadyClock = std::chrono::steady_clock;

namespace {

// Keeps a connection alive like a handheld does (hb every 300 ms) while collecting what arrives.
std::vector<json> pump(WsClient& c, std::chrono::milliseconds duration) {
  std::vector<json> frames;
  auto end = SteadyClock::now() + duration;
  while (SteadyClock::now() < end) {
    c.send({{"type", "hb"}});
    auto f = c.next_frame(std::chrono::milliseconds(300));
    while (f) {
      frames.push_back(*f);
      f = c.next_frame(std::chrono::milliseconds(1));
    }
  }
  return frames;
}

}  // namespace

TEST(BusFailover, IpCutMovesFlashOrderToRadioAndBackWhenIpReturns) {
  TempDir dir;
  ServerProcess server(dir.path(), {"--demo", "--synchronous", "NORMAL"});
  GatewayProcess gateway(dir.path(), server.router_port(), "pdt");
  WsClient officer("127.0.0.1", server.http_port());
  officer.login("officer");
  auto team = officer.ok("team.get", {{"id", "T-P0001"}});
  std::string radio;
  for (auto& c : team["contacts"])
    if (c["channel"] == "pdt") radio = c["address"];
  ASSERT_FALSE(radio.empty());
  LoopbackTerminal terminal(gateway.terminal_port(), radio);

  WsClient lead("127.0.0.1", server.http_port());
  lead.login("teamlead");
  pump(lead, std::chrono::milliseconds(1500));  // gateway registered, IP up
  auto first = officer.ok("task.assign", {{"team_id", "T-P0001"}, {"what", "patrol"}, {"precedence", "flash"}});
  EXPECT_EQ(first["deliveries"][0]["channel"], "ip");
  bool got_first = false;
  for (auto& f : pump(lead, std::chrono::milliseconds(600)))
    got_first |= f.value("type", "") == "env" && f["envelope"]["id"] == first["message_id"];
  EXPECT_TRUE(got_first);

  // Cut: the lead's link goes silent. The next FLASH order is sent at the moment of the cut.
  auto cut = SteadyClock::now();
  auto second = officer.ok("task.assign", {{"team_id", "T-P0001"}, {"what", "evacuate"}, {"precedence", "flash"},
                                           {"note", "立即转移"}});
  json down;
  while (SteadyClock::now() - cut < std::chrono::seconds(6)) {
    down = terminal.next(200);
    if (!down.is_null() && down.value("type", "") == "downlink" && down["envelope"]["id"] == second["message_id"]) break;
  }
  auto elapsed = std::chrono::duration<double>(SteadyClock::now() - cut).count();
  ASSERT_FALSE(down.is_null()) << "the order never reached the radio";
  EXPECT_LE(elapsed, 3.5) << "failover took " << elapsed << " s";
  std::printf("failover: order on pdt %.2f s after the cut\n", elapsed);
  // The radio's receipt comes back over the radio.
  terminal.uplink({{"kind", "receipt"}, {"id", second["message_id"]}, {"level", "device"}});
  json d;
  for (int i = 0; i < 100; ++i) {
    d = officer.ok("bus.deliveries", {{"message_id", second["message_id"]}})["deliveries"][0];
    if (d["state"] == "delivered") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(d["state"], "delivered");
  EXPECT_EQ(d["channel"], "pdt");
  EXPECT_GE(d["attempt"].get<int>(), 2);
  auto links = officer.ok("link.status");
  bool ip_down = false;
  for (auto& l : links["links"]) ip_down |= l["owner"] == "team:T-P0001" && l["channel"] == "ip" && l["health"] == "down";
  EXPECT_TRUE(ip_down);

  // During the outage another order waits on the radio unacknowledged; IP returns and it fails back.
  auto third = officer.ok("task.assign", {{"team_id", "T-P0001"}, {"what", "search"}, {"precedence", "immediate"}});
  EXPECT_EQ(third["deliveries"][0]["channel"], "pdt");
  bool got_third_on_ip = false;
  for (auto& f : pump(lead, std::chrono::milliseconds(2500)))
    got_third_on_ip |= f.value("type", "") == "env" && f["envelope"]["id"] == third["message_id"] && f["delivery"]["channel"] == "ip";
  EXPECT_TRUE(got_third_on_ip) << "the order did not move back to IP";
  auto fourth = officer.ok("task.assign", {{"team_id", "T-P0001"}, {"what", "patrol"}, {"precedence", "flash"}});
  EXPECT_EQ(fourth["deliveries"][0]["channel"], "ip");
  // Every switch is an event with its reason.
  WsClient admin("127.0.0.1", server.http_port());
  admin.login("admin");
  int switches = 0;
  json after = 0;
  for (;;) {
    auto page = admin.ok("audit.list", {{"limit", 1000}, {"after_seq", after}})["events"];
    if (page.empty()) break;
    for (auto& e : page)
      if (e["kind"] == "bus.route_switched") {
        ++switches;
        EXPECT_FALSE(e["body"]["reason"].get<std::string>().empty());
      }
    after = page.back()["seq"];
  }
  EXPECT_GE(switches, 2);  // ip → pdt for the second order, pdt → ip for the third
}
