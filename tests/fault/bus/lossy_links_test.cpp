// Every channel lossy at once: a proxy on the team's IP link (WebSocket frames) and one on its
// radio link (loopback lines) drop, duplicate, reorder and delay messages in both directions.
// Every message must end delivered, or expired/failed with a reason no later than its TTL, the
// sender must see which, and the receivers (de-duplicating by id) apply each message once.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <thread>

#include "lifeline/testing/eventually.hpp"
#include "lifeline/testing/frame_proxy.hpp"
#include "lifeline/testing/server_process.hpp"
#include "lifeline/testing/ws_client.hpp"

using namespace lifeline::testing;
using nlohmann::json;
using SteadyClock = std::chrono::steady_clock;

TEST(BusLossyLinks, EveryMessageEndsDeliveredOrWithAReasonBeforeItsTtl) {
  TempDir dir;
  ServerProcess server(dir.path(), {"--demo", "--synchronous", "NORMAL"});
  GatewayProcess gateway(dir.path(), server.router_port(), "pdt");
  FrameProxy ip_proxy(server.http_port(), FrameProxy::Framing::websocket, {});
  FrameProxy radio_proxy(gateway.terminal_port(), FrameProxy::Framing::lines, {});
  WsClient officer("127.0.0.1", server.http_port());  // the centre's own link is clean
  officer.login("officer");
  std::string radio;
  auto team = officer.ok("team.get", {{"id", "T-P0001"}});
  for (auto& c : team["contacts"])
    if (c["channel"] == "pdt") radio = c["address"];
  LoopbackTerminal terminal(radio_proxy.port(), radio);
  // The radio must be a live rung before the IP link is cut: on a loaded machine the gateway can
  // take seconds to attach, and the cut messages would then wait for IP instead.
  ASSERT_TRUE(eventually([&] {
    auto status = officer.ok("link.status");
    for (auto& g : status["gateways"])
      if (g["channel"] == "pdt" && g["up"] == true && g.value("terminals", 0) >= 1) return true;
    return false;
  })) << officer.ok("link.status").dump();
  WsClient lead("127.0.0.1", ip_proxy.port());
  lead.login("teamlead");
  LinkFaults faults{0.15, 0.1, 0.1, 150, 42};
  ip_proxy.set_faults(faults);
  faults.seed = 43;
  radio_proxy.set_faults(faults);

  const int64_t ttl_ms = 18000;
  std::vector<std::string> ids;
  std::set<std::string> applied_ip, applied_radio;
  int duplicates_dropped = 0;
  bool ip_cut = false;  // while set, the handheld's IP link is dead: nothing in, nothing out
  auto receive = [&](std::chrono::milliseconds for_how_long) {
    auto end = SteadyClock::now() + for_how_long;
    auto next_hb = SteadyClock::now();
    while (SteadyClock::now() < end) {
      if (ip_cut) {
        for (auto f = terminal.next(20); !f.is_null(); f = terminal.next(0))
          if (f.value("type", "") == "downlink") {
            std::string id = f["envelope"]["id"];
            if (!applied_radio.insert(id).second || applied_ip.count(id)) ++duplicates_dropped;
            terminal.uplink({{"kind", "receipt"}, {"id", id}, {"level", "device"}});
          }
        continue;
      }
      if (SteadyClock::now() >= next_hb) {
        lead.send({{"type", "hb"}});
        next_hb = SteadyClock::now() + std::chrono::milliseconds(300);
      }
      for (auto f = lead.next_frame(std::chrono::milliseconds(20)); f; f = lead.next_frame(std::chrono::milliseconds(1)))
        if (f->value("type", "") == "env") {
          std::string id = (*f)["envelope"]["id"];
          if (!applied_ip.insert(id).second || applied_radio.count(id)) ++duplicates_dropped;
          lead.send({{"type", "ack"}, {"id", id}, {"level", "device"}});
        }
      for (auto f = terminal.next(0); !f.is_null(); f = terminal.next(0))
        if (f.value("type", "") == "downlink") {
          std::string id = f["envelope"]["id"];
          if (!applied_radio.insert(id).second || applied_ip.count(id)) ++duplicates_dropped;
          terminal.uplink({{"kind", "receipt"}, {"id", id}, {"level", "device"}});
        }
    }
  };
  receive(std::chrono::milliseconds(1000));
  const char* precedences[] = {"flash", "immediate", "priority"};
  for (int i = 0; i < 30; ++i) {
    ip_cut = i >= 10 && i < 20;  // ten messages go out while the IP link is down: the radio carries them
    ids.push_back(officer.ok("bus.send", {{"to", "team:T-P0001"}, {"kind", "text"}, {"precedence", precedences[i % 3]},
                                          {"ttl_ms", ttl_ms}, {"body", {{"text", "第" + std::to_string(i) + "条"}}}})["id"]);
    receive(std::chrono::milliseconds(i == 10 ? 2500 : 150));
  }
  ip_cut = false;
  auto last_sent = SteadyClock::now();
  // Work until every delivery is final, or the TTL (plus a tick) has passed for all.
  std::map<std::string, json> final;
  auto all_final = [&] {
    for (const auto& id : ids) {
      auto d = officer.ok("bus.deliveries", {{"message_id", id}})["deliveries"][0];
      final[id] = d;
    }
    for (auto& [id, d] : final)
      if (d["state"] == "queued" || d["state"] == "sent") return false;
    return true;
  };
  // No message may still be pending once its TTL (plus one tick) has passed.
  while (!all_final() && SteadyClock::now() - last_sent < std::chrono::milliseconds(ttl_ms + 1500)) receive(std::chrono::milliseconds(500));
  std::map<std::string, int> by_state, by_channel;
  for (auto& [id, d] : final) {
    std::string state = d["state"];
    by_state[state]++;
    by_channel[d["channel"].get<std::string>()]++;
    EXPECT_TRUE(state == "delivered" || state == "expired" || state == "failed") << id << ": " << d.dump();
    if (state == "expired" || state == "failed") EXPECT_FALSE(d["reason"].get<std::string>().empty()) << d.dump();
    if (state == "delivered") EXPECT_TRUE(applied_ip.count(id) || applied_radio.count(id)) << "delivered but never received";
  }
  std::printf("states:");
  for (auto& [s, n] : by_state) std::printf(" %s=%d", s.c_str(), n);
  std::printf("; channels:");
  for (auto& [c, n] : by_channel) std::printf(" %s=%d", c.c_str(), n);
  std::printf("; ip proxy dropped %llu dup %llu reordered %llu; radio proxy dropped %llu dup %llu reordered %llu; "
              "re-deliveries dropped by id %d\n",
              (unsigned long long)ip_proxy.dropped(), (unsigned long long)ip_proxy.duplicated(), (unsigned long long)ip_proxy.reordered(),
              (unsigned long long)radio_proxy.dropped(), (unsigned long long)radio_proxy.duplicated(),
              (unsigned long long)radio_proxy.reordered(), duplicates_dropped);
  EXPECT_GT(ip_proxy.dropped() + radio_proxy.dropped(), 0u);  // the links really were lossy
  EXPECT_GE(by_state["delivered"], 20);  // and the bus still got most through
  EXPECT_GT(by_channel["pdt"], 0);       // over both links
}
