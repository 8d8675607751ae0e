// The field path over Iridium SBD, end to end with real processes: lifeline-command ↔
// lifeline-gateway --link=iridium ↔ lifeline-sim --net=iridium ↔ the team's 9603 (this test,
// speaking AT through linkproto's IridiumDriver and the compact codec as a handheld would).
// A FLASH order reaches the satellite-equipped team over Iridium (RockBLOCK "RB" addressing,
// SBDRING, +SBDIX, +SBDRB), its device receipt comes back and the delivery record says iridium;
// then the team's long Chinese situation report is fragmented into 270-byte MT frames and
// arrives on the bus with exactly its text.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <deque>
#include <fstream>
#include <functional>
#include <thread>

#include "lifeline/codec/link.hpp"
#include "lifeline/linkproto/iridium_driver.hpp"
#include "lifeline/testing/order_note.hpp"
#include "lifeline/testing/server_process.hpp"
#include "lifeline/testing/ws_client.hpp"

using namespace lifeline;
using namespace lifeline::testing;
using nlohmann::json;
using linkproto::at::IridiumEvent;

namespace {

int64_t steady_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// The team's 9603 on the simulator: raw TCP, the simulator's HELLO, then AT commands.
class TeamModem {
 public:
  TeamModem(int port, const std::string& id) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) throw std::runtime_error("connect to sim");
    write("HELLO " + id + "\r\n");
    std::string hello;
    char c;
    while (hello.size() < 2 || hello.substr(hello.size() - 2) != "\r\n") {
      if (::read(fd_, &c, 1) != 1) throw std::runtime_error("sim closed during hello");
      hello += c;
    }
    if (hello.rfind("HELLO OK", 0) != 0) throw std::runtime_error("sim refused modem: " + hello);
    driver_.start(steady_ms());
  }
  ~TeamModem() { close(fd_); }

  // Runs the modem until `done` holds or `ms` pass; events go to `events`.
  bool run(int ms, const std::function<bool()>& done) {
    auto end = steady_ms() + ms;
    for (;;) {
      write(driver_.take_output());
      IridiumEvent e;
      while (driver_.next_event(e)) events.push_back(e);
      if (done()) return true;
      if (steady_ms() >= end) return false;
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, 20) > 0) {
        char buf[4096];
        auto n = ::read(fd_, buf, sizeof buf);
        if (n <= 0) return false;
        driver_.on_bytes(std::string_view(buf, static_cast<size_t>(n)), steady_ms());
      }
      driver_.tick(steady_ms());
    }
  }
  // One MO message to `to` (RockBLOCK device-to-device prefix); true once +SBDIX says it got out.
  bool send(const std::string& to, const std::vector<uint8_t>& frame) {
    if (!driver_.send("RB" + to + std::string(frame.begin(), frame.end()), steady_ms())) return false;
    std::optional<IridiumEvent> result;
    run(10000, [&] {
      for (auto it = events.begin(); it != events.end(); ++it)
        if (it->kind == IridiumEvent::Kind::sent || it->kind == IridiumEvent::Kind::send_failed) {
          result = *it;
          events.erase(it);
          return true;
        }
      return false;
    });
    return result && result->kind == IridiumEvent::Kind::sent;
  }

  std::deque<IridiumEvent> events;

 private:
  void write(const std::string& s) {
    if (!s.empty()) ASSERT_EQ(::write(fd_, s.data(), s.size()), static_cast<ssize_t>(s.size()));
  }
  int fd_;
  linkproto::at::IridiumDriver driver_;
};

// About 290 Chinese characters: more than one 270-byte MT message (~330 codec bytes) even with the
// phrase dictionary's words (the first 200 characters alone now fit one message).
const std::string kSituationReport =
    "石塘镇下洋社区情况报告：今日凌晨三时许受台风外围环流影响，社区出现持续强降雨，村东侧山体发生小规模滑坡，"
    "冲毁民房两间，道路中断约二百米。我队已转移群众一百二十六人至镇中心小学安置点，其中老人四十一名、儿童二十三名。"
    "现场发现被困群众三人，已全部救出，一人腿部骨折已送镇卫生院。目前村内供电中断，通信基站受损，仅能通过卫星终端联络。"
    "急需帐篷三十顶、饮用水五百箱、发电机两台、抽水泵四台。请指挥部协调交通部门抢通县道并派医疗队支援。"
    "午后溪水再次暴涨，下游竹篙湾一带十七户进水，村民自发避往后山茶厂，尚有两户高龄老人不愿离家，正在劝导。"
    "预计夜间仍有大暴雨，请求增派冲锋舟两艘、救生衣一百件，并请供电部门尽快抢修线路。";

}  // namespace

TEST(IridiumEndToEnd, OrderReceiptAndAFragmentedReportOverIridium) {
  TempDir dir;
  ServerProcess server(dir.path(), {"--demo", "--synchronous", "NORMAL"});
  WsClient officer("127.0.0.1", server.http_port());
  officer.login("officer");
  // A city professional team carries satellite kit: its ladder has an Iridium modem.
  const std::string team_id = "T-MINE";
  auto team = officer.ok("team.get", {{"id", team_id}});
  std::string modem;
  for (auto& c : team["contacts"])
    if (c["channel"] == "iridium") modem = c["address"];
  ASSERT_EQ(modem.size(), 7u) << team["contacts"].dump();
  const std::string centre = "3999999";

  json sim_ports;
  pid_t sim = spawn_and_wait({binary("comms/sim/lifeline-sim"), "--net", "iridium", "--port", "0", "--control-port", "0",
                              "--delay-ms", "200", "--seed", "7", "--port-file", dir.path() + "/sim.json"},
                             dir.path() + "/sim.log", dir.path() + "/sim.json", &sim_ports);
  auto key = codec::DeviceKey::generate(51);
  std::ofstream(dir.path() + "/keys.json") << json{{modem, {{"team", team_id}, {"key_id", 51}, {"key", key.key_hex()}}}}.dump();
  json gw_ports;
  std::vector<std::string> gw_argv = {binary("comms/gateways/lifeline-gateway"), "--link", "iridium", "--modem", centre, "--keys",
                                      dir.path() + "/keys.json", "--device", "tcp:127.0.0.1:" + std::to_string(sim_ports["terminals"].get<int>()),
                                      "--command", "tcp://127.0.0.1:" + std::to_string(server.router_port()), "--port-file", dir.path() + "/gw.json",
                                      "--state-file", dir.path() + "/gw-state.json"};
  for (auto& f : demo_gateway_flags(dir.path(), "iridium")) gw_argv.push_back(f);
  pid_t gw = spawn_and_wait(gw_argv, dir.path() + "/gw.log", dir.path() + "/gw.json", &gw_ports);
  TeamModem terminal(sim_ports["terminals"], modem);
  terminal.run(2000, [] { return false; });  // ATE1, +SBDMTA=1; the gateway registers meanwhile

  // No IP, no radio, BeiDou or Tiantong gateway: Iridium is the live rung.
  auto inc = officer.ok("incident.create", {{"type", "mine_accident"}, {"title", "青山矿区透水"}, {"place", {{"name", "青山矿区"}, {"lat", 28.1}, {"lon", 120.2}}}});
  auto task = officer.ok("task.assign", {{"team_id", team_id}, {"what", "rescue"}, {"precedence", "flash"},
                                         {"incident_id", inc["id"]}, {"note", "携排水设备赶赴青山矿区"},
                                         {"place", {{"name", "青山矿区二号井"}, {"lat", 28.1}, {"lon", 120.2}}}});
  ASSERT_EQ(task["deliveries"][0]["channel"], "iridium") << task.dump();

  // The handheld: SBDRING → +SBDIX → +SBDRB, decoded with its enrolment dictionary and key.
  codec::Dictionary dict = codec::Dictionary::builtin();
  (void)dict.add_team(team_id);
  ManualClock device_clock(SystemClock().now_ms());
  codec::LinkReceiver receiver(dict, key, device_clock);
  std::optional<codec::Frame> order;
  size_t mt_messages = 0, largest = 0;
  terminal.run(15000, [&] {
    while (!terminal.events.empty()) {
      auto e = terminal.events.front();
      terminal.events.pop_front();
      if (e.kind != IridiumEvent::Kind::received) continue;
      ++mt_messages;
      largest = std::max(largest, e.data.size());
      auto got = receiver.receive(std::vector<uint8_t>(e.data.begin(), e.data.end()));
      EXPECT_TRUE(got) << got.error().code;
      if (got && *got && std::holds_alternative<codec::Order>((*got)->message)) order = **got;
    }
    return order.has_value();
  });
  ASSERT_TRUE(order) << "no order arrived over Iridium";
  EXPECT_LE(largest, 270u);  // the 9603's MT limit
  const auto& o = std::get<codec::Order>(order->message);
  EXPECT_EQ(o.precedence, codec::Precedence::flash);
  EXPECT_EQ(o.note, order_note(task, "携排水设备赶赴青山矿区"));
  EXPECT_EQ(o.incident, inc["number"]);  // a thin link names the incident by its number
  EXPECT_EQ(o.task, codec::TaskType::rescue);

  // Device receipt back, MO to the centre's modem.
  codec::LinkSender sender(receiver.dictionary(), key);
  auto receipt = sender.receipt(codec::Receipt{order->seq, codec::DeliveryState::delivered, codec::Answer::none, codec::RejectReason::none});
  ASSERT_TRUE(receipt);
  ASSERT_TRUE(terminal.send(centre, *receipt));
  json d;
  for (int i = 0; i < 100; ++i) {
    d = officer.ok("bus.deliveries", {{"message_id", task["message_id"]}})["deliveries"][0];
    if (d["state"] == "delivered") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(d["state"], "delivered") << d.dump();
  EXPECT_EQ(d["channel"], "iridium");
  EXPECT_EQ(d["address"], modem);
  ASSERT_FALSE(d["sent_at"].is_null());
  ASSERT_FALSE(d["delivered_at"].is_null());
  std::printf("iridium: order in %zu MT message(s), sent %lld ms after queueing, delivered (receipt committed) %lld ms after sending\n",
              mt_messages, static_cast<long long>(d["sent_at"].get<int64_t>() - d["queued_at"].get<int64_t>()),
              static_cast<long long>(d["delivered_at"].get<int64_t>() - d["sent_at"].get<int64_t>()));

  // The situation report: more than one MT message, so the codec fragments it.
  codec::Report report{o.incident, 0, 3, 1, kSituationReport, SystemClock().now_ms()};
  auto out = sender.send(report, 270);
  ASSERT_TRUE(out) << out.error().code;
  EXPECT_TRUE(out->fragmented);
  EXPECT_GE(out->frames.size(), 2u);
  for (const auto& f : out->frames) {
    EXPECT_LE(f.size(), 270u);
    ASSERT_TRUE(terminal.send(centre, f));
  }
  std::printf("iridium: report of %zu UTF-8 bytes (%zu characters) = %zu codec bytes in %zu fragments\n", kSituationReport.size(),
              static_cast<size_t>(std::count_if(kSituationReport.begin(), kSituationReport.end(), [](char c) { return (c & 0xC0) != 0x80; })),
              out->message_bytes, out->frames.size());
  std::optional<json> got;
  auto end = steady_ms() + 15000;
  while (!got && steady_ms() < end) {
    officer.ok("bus.deliveries", {{"message_id", task["message_id"]}});  // a request keeps the officer live on IP
    auto env = officer.next_of("env", std::chrono::milliseconds(300));
    if (env && (*env)["envelope"]["kind"] == "report") got = env;
  }
  ASSERT_TRUE(got) << "the report never reached the duty officer";
  const auto& env = (*got)["envelope"];
  EXPECT_EQ(env["body"]["text"], kSituationReport);
  EXPECT_EQ(env["body"]["incident_id"], inc["id"]);
  EXPECT_EQ(env["body"]["missing"], 3);
  EXPECT_EQ(env["from"], "team:" + team_id);

  // Too big for every live link (Iridium: the codec carries at most 1 KiB of text): refused with
  // the encoded verdict per link, nothing stored.
  std::string long_text;
  for (int i = 0; i < 2; ++i) long_text += kSituationReport;
  auto big = officer.call("bus.send", {{"to", "team:" + team_id}, {"kind", "report"}, {"precedence", "flash"},
                                       {"body", {{"text", long_text}}}});
  EXPECT_EQ(big["error"]["code"], "too_large_for_link") << big.dump();
  EXPECT_NE(big.dump().find("iridium"), std::string::npos) << big.dump();
  std::printf("iridium: %zu-byte text refused: %s\n", long_text.size(), big["error"].dump().c_str());

  // The team's Iridium link is up: the gateway heard its modem (sender known by its frames' MAC).
  bool up = false;
  auto links = officer.ok("link.status")["links"];
  for (const auto& l : links)
    if (l["owner"] == "team:" + team_id && l["channel"] == "iridium") up = l["health"] == "up";
  EXPECT_TRUE(up) << links.dump();
  stop_process(gw, SIGTERM);
  stop_process(sim, SIGTERM);
}
