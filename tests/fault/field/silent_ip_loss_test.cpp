// A fading IP link with the real processes: lifeline-command, the PDT gateway (lifeline-gateway
// --link=loopback --as=pdt) and a real lifeline-field handheld whose WebSocket goes through a proxy
// and whose radio terminal is attached. At the cut the proxy goes silent: the connection stays open
// and nothing gets through either way, which is how a fading link looks (no reset, no goodbye).
// The FLASH order sent at that moment must be on the handheld over PDT within 3.5 s of the cut
// (DESIGN §4), acknowledged back over PDT, stored once; when the link returns the handheld is on IP
// again. Five rounds, real seconds (the simulated clock runs at real speed).
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <thread>

#include "field_common.hpp"
#include "lifeline/testing/audit_trail.hpp"
#include "lifeline/testing/eventually.hpp"
#include "lifeline/testing/frame_proxy.hpp"
#include "lifeline/testing/http_client.hpp"

using namespace lifeline::testing;
using nlohmann::json;
using SteadyClock = std::chrono::steady_clock;

namespace {

struct SilentIpLoss : ::testing::Test {
  TempDir dir;
  ServerProcess server{dir.path(), {"--demo", "--synchronous", "NORMAL"}};
  GatewayProcess pdt{dir.path(), server.router_port(), "pdt"};
  FrameProxy proxy{server.http_port(), FrameProxy::Framing::websocket, {}};
  FieldClient field{dir.path()};
  WsClient officer{"127.0.0.1", server.http_port()};

  // The daemon's "received" log line for this message, if it has one yet.
  json received(const std::string& message_id) {
    std::ifstream in(field.log());
    std::string line;
    while (std::getline(in, line)) {
      auto j = json::parse(line, nullptr, false);
      if (j.is_object() && j.value("event", "") == "received" && j.value("id", "") == message_id) return j;
    }
    return nullptr;
  }
  std::string health(const std::string& channel) {
    auto links = officer.ok("link.status")["links"];
    for (auto& l : links)
      if (l["owner"] == "team:T-P0001" && l["channel"] == channel) return l["health"];
    return "unknown";
  }
  json delivery(const std::string& message_id) { return officer.ok("bus.deliveries", {{"message_id", message_id}})["deliveries"][0]; }
};

}  // namespace

TEST_F(SilentIpLoss, FlashOrderIsOnTheRadioWithinBudgetAfterASilentCut) {
  officer.login("officer");
  auto r = field.run({"enrol", "--server", "ws://127.0.0.1:" + std::to_string(proxy.port()), "--user", "teamlead", "--password",
                      "lifeline-demo", "--terminal-port", std::to_string(pdt.terminal_port())});
  ASSERT_EQ(r.rc, 0) << r.err;
  field.start({"--ip-retry-ms", "500"});
  auto info = [&] { return field.json_of({"info"}); };
  ASSERT_TRUE(eventually([&] { return info()["link"] == "ip" && health("pdt") == "up" && health("ip") == "up"; }, 20000))
      << info().dump() << " pdt " << health("pdt") << " ip " << health("ip");

  std::vector<double> rounds;
  for (int round = 1; round <= 5; ++round) {
    proxy.set_faults({.silent = true});
    auto cut = SteadyClock::now();
    auto order = officer.ok("task.assign", {{"team_id", "T-P0001"}, {"what", "evacuate"}, {"precedence", "flash"},
                                            {"note", "第" + std::to_string(round) + "轮 立即转移"}});
    const std::string id = order["message_id"];
    json got;
    ASSERT_TRUE(eventually([&] { return !(got = received(id)).is_null(); }, 15000)) << "round " << round << ": the order never reached the handheld";
    double elapsed = std::chrono::duration<double>(SteadyClock::now() - cut).count();
    EXPECT_EQ(got["channel"], "pdt") << "round " << round;
    rounds.push_back(elapsed);
    std::printf("round %d: FLASH order on the handheld over %s %.2f s after the silent cut\n", round, got.value("channel", "?").c_str(), elapsed);
    // The handheld's receipt came back over the radio, and IP is down at the command.
    ASSERT_TRUE(eventually([&] { return delivery(id)["state"] == "delivered"; }, 10000)) << delivery(id).dump();
    EXPECT_EQ(delivery(id)["channel"], "pdt");
    EXPECT_EQ(delivery(id)["receipt_channel"], "pdt");  // the receipt's own way, recorded
    EXPECT_EQ(health("ip"), "down");
    // The link returns: the handheld is back on IP and the command sees it.
    proxy.set_faults({});
    ASSERT_TRUE(eventually([&] { return info()["link"] == "ip" && health("ip") == "up"; }, 20000)) << "round " << round << ": " << info().dump();
  }
  // Each order stored once on the handheld, however it came.
  auto inbox = field.json_of({"inbox", "--json"});
  EXPECT_EQ(inbox.size(), 5u) << inbox.dump();
  std::sort(rounds.begin(), rounds.end());
  std::printf("silent cut → FLASH on pdt: min %.2f s, median %.2f s, max %.2f s over %zu rounds\n", rounds.front(), rounds[rounds.size() / 2],
              rounds.back(), rounds.size());
  EXPECT_LE(rounds[rounds.size() / 2], 3.5) << "median failover after a silent cut";
}

TEST_F(SilentIpLoss, AnOrderTheGatewayCouldNotSendGoesOutTheMomentTheTerminalAttaches) {
  // The handheld has only its radio and it is switched off: the gateway answers "not attached".
  officer.login("officer");
  // Enrolment needs the centre: enrol through the proxy, then cut IP for good.
  auto r = field.run({"enrol", "--server", "ws://127.0.0.1:" + std::to_string(proxy.port()), "--user", "teamlead", "--password",
                 "lifeline-demo", "--terminal-port", std::to_string(pdt.terminal_port())});
  ASSERT_EQ(r.rc, 0) << r.err;
  proxy.set_faults({.silent = true});
  auto order = officer.ok("task.assign", {{"team_id", "T-P0001"}, {"what", "evacuate"}, {"precedence", "flash"}});
  const std::string id = order["message_id"];
  // Sent on PDT (IP was never up for the team), refused by the gateway: the command knows the
  // radio is down for the team and keeps the order queued, not waiting on an ack that cannot come.
  ASSERT_TRUE(eventually([&] { return health("pdt") == "down"; }, 10000)) << health("pdt");
  EXPECT_EQ(delivery(id)["state"], "queued") << delivery(id).dump();
  bool reason_named = false;
  WsClient admin("127.0.0.1", server.http_port());
  admin.login("admin");
  for (const auto& e : audit_trail(admin))
    if (e["kind"] == "link.health_changed" && e["subject"] == "team:T-P0001" && e["body"]["channel"] == "pdt")
      reason_named |= e["body"]["reason"].get<std::string>().find("not attached") != std::string::npos;
  EXPECT_TRUE(reason_named);
  // The gateway's side of it is visible to the duty desk and to monitoring.
  auto gateways = officer.ok("link.status")["gateways"];
  json pdt_row;
  for (auto& g : gateways)
    if (g["channel"] == "pdt") pdt_row = g;
  ASSERT_TRUE(pdt_row.is_object()) << gateways.dump();
  EXPECT_EQ(pdt_row["up"], true);
  EXPECT_GE(pdt_row["failed_sends"].get<int>(), 1);
  EXPECT_GE(pdt_row["unreachable"].get<int>(), 1);
  EXPECT_EQ(pdt_row["terminals"], 0);
  auto metrics = http(server.http_port(), "GET", "/metrics").body;
  EXPECT_NE(metrics.find("lifeline_gateway_up{channel=\"pdt\"} 1"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("lifeline_gateway_failed_sends{channel=\"pdt\"}"), std::string::npos);
  // The radio is switched on: the order goes out as soon as the terminal attaches, not at the next retry.
  field.start({"--ip-retry-ms", "500"});
  auto on = SteadyClock::now();
  json got;
  ASSERT_TRUE(eventually([&] { return !(got = received(id)).is_null(); }, 15000)) << "the order never reached the handheld";
  double elapsed = std::chrono::duration<double>(SteadyClock::now() - on).count();
  std::printf("order on the handheld %.2f s after its daemon started\n", elapsed);
  EXPECT_EQ(got["channel"], "pdt");
  EXPECT_LE(elapsed, 5.0) << "the order waited for a retry instead of the terminal attaching";
  ASSERT_TRUE(eventually([&] { return delivery(id)["state"] == "delivered"; }, 10000)) << delivery(id).dump();
}
