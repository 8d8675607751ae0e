// The field path without IP, end to end with real processes: lifeline-command ↔ lifeline-gateway
// --link=beidou ↔ lifeline-sim --net=beidou ↔ the team's BeiDou terminal (this test, speaking the
// sentences and the compact codec as a handheld would). The team lead's IP link is cut; the duty
// officer's FLASH order, first sent over IP, fails over and reaches the team lead over BeiDou in one
// 70-byte frame (the incident named by its number: no dictionary update first), the device receipt
// comes back the same way, and the delivery record shows channel beidou with its times. The team
// lead then files a casualty report naming the incident by that number: the desk finds it at the
// incident. A message too big for any live link is refused with a clear reason.
#include <gtest/gtest.h>
#include <poll.h>
#include <unistd.h>

#include <fstream>
#include <thread>

#include "lifeline/codec/link.hpp"
#include "lifeline/linkproto/beidou.hpp"
#include "lifeline/linkproto/nmea.hpp"
#include "lifeline/testing/order_note.hpp"
#include "lifeline/testing/audit_trail.hpp"
#include "lifeline/testing/field_report_wait.hpp"
#include "lifeline/testing/server_process.hpp"
#include "lifeline/testing/ws_client.hpp"

using namespace lifeline;
using namespace lifeline::testing;
using nlohmann::json;
namespace bd = lifeline::linkproto::beidou;

namespace {

// The team's BeiDou terminal on the simulator: raw TCP, NMEA sentences.
class TeamTerminal {
 public:
  TeamTerminal(int port, const std::string& card) {
    fd_ = connect_loopback(port);
    write("HELLO " + card + "\r\n");
  }
  ~TeamTerminal() { close(fd_); }
  void write(const std::string& s) { ASSERT_EQ(::write(fd_, s.data(), s.size()), static_cast<ssize_t>(s.size())); }
  // Next typed sentence within `ms`, skipping the HELLO reply.
  std::optional<bd::Message> next(int ms) {
    auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
    for (;;) {
      std::string line;
      while (splitter_.next(line))
        if (auto m = bd::parse(line)) return *m;
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - std::chrono::steady_clock::now()).count();
      if (left <= 0) return std::nullopt;
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, static_cast<int>(left)) <= 0) return std::nullopt;
      char buf[4096];
      auto n = ::read(fd_, buf, sizeof buf);
      if (n <= 0) return std::nullopt;
      std::string chunk(buf, static_cast<size_t>(n));
      if (chunk.rfind("HELLO", 0) == 0) chunk = chunk.substr(chunk.find("\r\n") + 2);
      splitter_.feed(chunk);
    }
  }

 private:
  int fd_;
  linkproto::SentenceSplitter splitter_;
};

// lifeline-sim --net=beidou and lifeline-gateway --link=beidou for the team's card with its key,
// stopped by the destructor.
struct BeidouRig {
  static constexpr const char* kCentreCard = "0000001";
  pid_t sim = -1, gw = -1;
  int terminal_port = 0;
  BeidouRig(TempDir& dir, ServerProcess& server, const std::string& card, const codec::DeviceKey& key) {
    json sim_ports;
    sim = spawn_and_wait({binary("comms/sim/lifeline-sim"), "--net", "beidou", "--port", "0", "--control-port", "0", "--interval-s", "1",
                          "--delay-ms", "200", "--seed", "7", "--port-file", dir.path() + "/sim.json"},
                         dir.path() + "/sim.log", dir.path() + "/sim.json", &sim_ports);
    terminal_port = sim_ports["terminals"];
    std::ofstream(dir.path() + "/keys.json") << json{{card, {{"team", "T-P0001"}, {"key_id", key.key_id}, {"key", key.key_hex()}}}}.dump();
    json gw_ports;
    std::vector<std::string> gw_argv = {binary("comms/gateways/lifeline-gateway"), "--link", "beidou", "--card", kCentreCard, "--keys",
                                        dir.path() + "/keys.json", "--device", "tcp:127.0.0.1:" + std::to_string(terminal_port),
                                        "--command", "tcp://127.0.0.1:" + std::to_string(server.router_port()), "--port-file", dir.path() + "/gw.json",
                                        "--state-file", dir.path() + "/gw-state.json"};
    for (auto& f : demo_gateway_flags(dir.path(), "beidou")) gw_argv.push_back(f);
    gw = spawn_and_wait(gw_argv, dir.path() + "/gw.log", dir.path() + "/gw.json", &gw_ports);
  }
  ~BeidouRig() {
    stop_process(gw, SIGTERM);
    stop_process(sim, SIGTERM);
  }
};

}  // namespace

TEST(BeidouEndToEnd, FlashOrderOverBeidouAndTheReceiptBack) {
  TempDir dir;
  ServerProcess server(dir.path(), {"--demo", "--synchronous", "NORMAL"});
  WsClient officer("127.0.0.1", server.http_port());
  officer.login("officer");
  auto team = officer.ok("team.get", {{"id", "T-P0001"}});
  std::string card;
  for (auto& c : team["contacts"])
    if (c["channel"] == "beidou") card = c["address"];
  ASSERT_EQ(card.size(), 7u);
  const std::string centre_card = BeidouRig::kCentreCard;

  auto key = codec::DeviceKey::generate(41);
  BeidouRig rig(dir, server, card, key);
  TeamTerminal terminal(rig.terminal_port, card);
  // The team lead's handheld is on IP, then its link is cut: the connection stays open but goes
  // silent (no heartbeats, no acks), as when the base station loses its backhaul.
  WsClient lead("127.0.0.1", server.http_port());
  lead.login("teamlead");
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // gateway registered, card queried, IP up
  auto cut = std::chrono::steady_clock::now();

  // No radio gateway runs: after IP, BeiDou is the live rung.
  auto inc = officer.ok("incident.create", {{"type", "typhoon"}, {"title", "台风登陆"}, {"place", {{"name", "石塘镇"}}}});
  auto task = officer.ok("task.assign", {{"team_id", "T-P0001"}, {"what", "evacuate"}, {"precedence", "flash"},
                                         {"incident_id", inc["id"]}, {"note", "转移下洋社区群众"},
                                         {"place", {{"name", "石塘镇下洋社区"}, {"lat", 27.90865}, {"lon", 120.08385}}}});
  // Usually the centre does not know yet that IP is gone and tries it first; on a loaded machine
  // the silence may already have marked IP down (1.2–2.2 s, bus.md), and BeiDou is the first rung.
  const bool ip_first = task["deliveries"][0]["channel"] == "ip";
  if (!ip_first) EXPECT_EQ(task["deliveries"][0]["channel"], "beidou");

  // The handheld: decode with its enrolment dictionary and key, answer with a device receipt.
  codec::Dictionary dict = codec::Dictionary::builtin();
  (void)dict.add_team("T-P0001");
  ManualClock device_clock(SystemClock().now_ms());
  codec::LinkReceiver receiver(dict, key, device_clock);
  std::optional<codec::Frame> order;
  size_t largest = 0, frames = 0;
  for (int i = 0; i < 40 && !order; ++i) {
    auto m = terminal.next(500);
    if (!m) continue;
    auto* rx = std::get_if<bd::Received3>(&*m);
    if (!rx) continue;
    EXPECT_EQ(rx->sender, centre_card);
    auto bytes = bd::bytes_of_content(rx->content, false, rx->encoding == bd::Encoding3::mixed);
    ASSERT_TRUE(bytes);
    largest = std::max(largest, bytes->size());
    ++frames;
    auto got = receiver.receive(*bytes);
    ASSERT_TRUE(got) << got.error().code;
    if (*got && std::holds_alternative<codec::Order>((*got)->message)) order = **got;
  }
  ASSERT_TRUE(order) << "no order arrived over BeiDou";
  std::printf("beidou: order decoded on the team's terminal %.2f s after the IP cut\n",
              std::chrono::duration<double>(std::chrono::steady_clock::now() - cut).count());
  EXPECT_LE(largest, 70u);  // every frame fits one BeiDou-3 global message
  // The first order of a new incident is one frame, no dictionary update before it; the names of
  // members kept back from a rescue (the demo squad has some) are text beyond the order's budget
  // and take a second fragment.
  EXPECT_EQ(frames, task.contains("held_back") ? 2u : 1u) << task.dump();
  const auto& o = std::get<codec::Order>(order->message);
  EXPECT_EQ(o.precedence, codec::Precedence::flash);
  EXPECT_EQ(o.note, order_note(task, "转移下洋社区群众"));
  EXPECT_EQ(o.incident, inc["number"]);
  EXPECT_EQ(o.task, codec::TaskType::evacuate);

  codec::LinkSender sender(receiver.dictionary(), key);
  auto receipt = sender.receipt(codec::Receipt{order->seq, codec::DeliveryState::delivered, codec::Answer::none, codec::RejectReason::none});
  ASSERT_TRUE(receipt);
  bd::SendRequest3 reply;
  reply.destination = centre_card;
  reply.encoding = bd::Encoding3::mixed;
  reply.content = bd::content_for_bytes(*receipt, true);
  terminal.write(bd::emit(reply));

  json d;
  for (int i = 0; i < 100; ++i) {
    auto res = officer.ok("bus.deliveries", {{"message_id", task["message_id"]}});
    d = res["deliveries"][0];
    if (d["state"] == "delivered") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(d["state"], "delivered") << d.dump();
  EXPECT_EQ(d["channel"], "beidou");
  EXPECT_EQ(d["address"], card);
  EXPECT_GE(d["attempt"].get<int>(), ip_first ? 2 : 1);  // first over IP (when tried), then BeiDou
  ASSERT_FALSE(d["sent_at"].is_null());
  ASSERT_FALSE(d["delivered_at"].is_null());
  std::printf("beidou: order sent %lld ms after queueing, delivered (receipt committed) %lld ms after sending\n",
              static_cast<long long>(d["sent_at"].get<int64_t>() - d["queued_at"].get<int64_t>()),
              static_cast<long long>(d["delivered_at"].get<int64_t>() - d["sent_at"].get<int64_t>()));

  // The team lead's casualty report names the incident by its number; the desk files it there (现场报告).
  auto report = sender.send(codec::Report{o.incident, 0, 3, 1, "东岙村塌方三人失联", device_clock.now_ms()}, 70);
  ASSERT_TRUE(report) << report.error().code;
  ASSERT_EQ(report.value().frames.size(), 1u);
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // the card may send once a second (--interval-s 1)
  bd::SendRequest3 up;
  up.destination = centre_card;
  up.encoding = bd::Encoding3::mixed;
  up.content = bd::content_for_bytes(report.value().frames[0], true);
  terminal.write(bd::emit(up));
  const json filed = field_report_at(officer, inc["id"]);
  ASSERT_FALSE(filed.is_null()) << "the BeiDou report is not filed at its incident";
  EXPECT_NE(filed["summary"].value("text_zh", "").find("东岙村塌方三人失联"), std::string::npos) << filed.dump();

  // Too big for every live link (BeiDou carries at most 4 frames): refused, nothing stored.
  auto big = officer.call("bus.send", {{"to", "team:T-P0001"}, {"kind", "report"}, {"precedence", "flash"},
                                       {"body", {{"text", std::string(300, 'x')}}}});
  EXPECT_EQ(big["error"]["code"], "too_large_for_link");
}

// Link health comes only from authenticated frames: a frame in the team card's name with a wrong
// MAC (anyone can transmit a BDTXR naming any sender) is refused and changes nothing; the team's
// real frame marks its BeiDou link up.
TEST(BeidouEndToEnd, AWrongMacFrameDoesNotChangeLinkHealth) {
  TempDir dir;
  ServerProcess server(dir.path(), {"--demo", "--synchronous", "NORMAL"});
  WsClient officer("127.0.0.1", server.http_port());
  officer.login("officer");
  WsClient admin("127.0.0.1", server.http_port());
  admin.login("admin");
  std::string card;
  auto contacts = officer.ok("team.get", {{"id", "T-P0001"}})["contacts"];
  for (auto& c : contacts)
    if (c["channel"] == "beidou") card = c["address"];
  ASSERT_EQ(card.size(), 7u);
  auto key = codec::DeviceKey::generate(41);
  BeidouRig rig(dir, server, card, key);
  TeamTerminal terminal(rig.terminal_port, card);
  codec::Dictionary dict = codec::Dictionary::builtin();
  (void)dict.add_team("T-P0001");
  auto transmit = [&](const codec::DeviceKey& k, const std::string& text) {
    codec::LinkSender sender(dict, k);
    auto frames = sender.send(codec::Text{codec::Precedence::priority, "", text, SystemClock().now_ms()}, 70);
    ASSERT_TRUE(frames);
    for (auto& f : frames.value().frames) {
      bd::SendRequest3 req;
      req.destination = BeidouRig::kCentreCard;
      req.encoding = bd::Encoding3::mixed;
      req.content = bd::content_for_bytes(f, true);
      terminal.write(bd::emit(req));
    }
  };
  auto beidou_health = [&] {
    auto links = officer.ok("link.status")["links"];
    for (auto& l : links)
      if (l["owner"] == "team:T-P0001" && l["channel"] == "beidou") return l["health"].get<std::string>();
    return std::string("unknown");
  };
  auto gateway_log_has = [&](const std::string& needle) {
    std::ifstream in(dir.path() + "/gw.log");
    std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return all.find(needle) != std::string::npos;
  };
  auto eventually = [](auto pred) {
    for (int i = 0; i < 150; ++i) {
      if (pred()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  };

  transmit(codec::DeviceKey::generate(41), "假冒的报告");  // the right key id, the wrong key
  ASSERT_TRUE(eventually([&] { return gateway_log_has("frame from a team terminal refused"); })) << "the forged frame never reached the gateway";
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // anything it changed would be committed by now
  EXPECT_NE(beidou_health(), "up");
  for (const auto& e : audit_trail(admin))
    EXPECT_FALSE(e["kind"] == "link.health_changed" && e["body"]["channel"] == "beidou") << e.dump();

  std::this_thread::sleep_for(std::chrono::milliseconds(1200));  // the card may send once a second (--interval-s 1)
  transmit(key, "已到达现场");
  EXPECT_TRUE(eventually([&] { return beidou_health() == "up"; })) << beidou_health();
}
