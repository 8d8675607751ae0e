// Gateway throughput at the link's real limits, with real processes: lifeline-command --demo,
// lifeline-sim, lifeline-gateway and N team terminals (this program, decoding as handhelds do).
// The officer assigns one FLASH order per team for one new incident, all at once; the bench counts
// the frames and whole orders the terminals decode per 60 s window of link time.
//
// BeiDou: the centre card sends one frame per service interval (civil cards 60 s, schema/links.md
// §6, DECISIONS). The simulator runs the interval scaled (--interval-s, default 1 s = 60 s), the
// bench prints the scale and the figures in link time. Iridium has no service interval: one modem,
// one SBD session at a time; the simulator answers +SBDIX at once, so its figure is the gateway's
// own bound, not the sky's (a real session takes seconds, links.md fact 9).
//
//   bench_gateway [beidou_interval_s=1] [beidou_teams=20] [iridium_orders_per_team=20]
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <csignal>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <thread>

#include "lifeline/codec/link.hpp"
#include "lifeline/linkproto/beidou.hpp"
#include "lifeline/linkproto/iridium_driver.hpp"
#include "lifeline/linkproto/nmea.hpp"
#include "lifeline/testing/server_process.hpp"
#include "lifeline/testing/ws_client.hpp"

using namespace lifeline;
using namespace lifeline::testing;
using nlohmann::json;
namespace bd = lifeline::linkproto::beidou;
using linkproto::at::IridiumEvent;

namespace {

int64_t steady_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

int dial(int port, const std::string& id) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) throw std::runtime_error("connect to sim");
  std::string hello = "HELLO " + id + "\r\n", reply;
  if (::write(fd, hello.data(), hello.size()) != static_cast<ssize_t>(hello.size())) throw std::runtime_error("write");
  char c;
  while (reply.size() < 2 || reply.substr(reply.size() - 2) != "\r\n") {
    if (::read(fd, &c, 1) != 1) throw std::runtime_error("sim closed");
    reply += c;
  }
  if (reply.rfind("HELLO OK", 0) != 0) throw std::runtime_error("sim refused " + id + ": " + reply);
  return fd;
}

// One team's terminal: its socket, its codec receiver, what it decoded and when.
struct Terminal {
  std::string team, address;
  int fd = -1;
  std::unique_ptr<codec::LinkReceiver> receiver;
  linkproto::SentenceSplitter splitter;                       // BeiDou
  std::unique_ptr<linkproto::at::IridiumDriver> modem;        // Iridium
  std::vector<int64_t> frame_at, order_at;
};

struct Setup {
  TempDir dir;
  std::unique_ptr<ServerProcess> server;
  std::unique_ptr<WsClient> officer;
  pid_t sim = -1, gw = -1;
  std::vector<Terminal> terminals;
  ManualClock device_clock{SystemClock().now_ms()};
  ~Setup() {
    for (auto& t : terminals) close(t.fd);
    stop_process(gw, SIGTERM);
    stop_process(sim, SIGTERM);
  }
};

// Starts command, sim and gateway for `link`, enrols the first `teams` teams that have a contact
// on it and connects their terminals.
void start(Setup& s, const std::string& link, size_t teams, std::vector<std::string> sim_args) {
  s.server = std::make_unique<ServerProcess>(s.dir.path(), std::vector<std::string>{"--demo", "--synchronous", "NORMAL"});
  s.officer = std::make_unique<WsClient>("127.0.0.1", s.server->http_port());
  s.officer->login("officer");
  json keys = json::object();
  uint32_t key_id = 100;
  std::map<std::string, codec::DeviceKey> key_of;
  json list;
  for (int i = 0; i < 50; ++i) {  // the demo city may still be seeding
    list = s.officer->ok("team.list");
    if (!list["teams"].empty()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  for (const auto& t : list["teams"]) {
    if (s.terminals.size() == teams) break;
    auto full = s.officer->ok("team.get", {{"id", t["id"]}});
    for (const auto& c : full["contacts"])
      if (c["channel"] == link) {
        Terminal term;
        term.team = t["id"];
        term.address = c["address"];
        auto key = codec::DeviceKey::generate(++key_id);
        keys[term.address] = {{"team", term.team}, {"key_id", key_id}, {"key", key.key_hex()}};
        key_of[term.address] = key;
        s.terminals.push_back(std::move(term));
      }
  }
  std::ofstream(s.dir.path() + "/keys.json") << keys.dump();
  json sim_ports, gw_ports;
  std::vector<std::string> argv = {binary("comms/sim/lifeline-sim"), "--net", link, "--port", "0", "--control-port", "0",
                                   "--seed", "7", "--port-file", s.dir.path() + "/sim.json"};
  argv.insert(argv.end(), sim_args.begin(), sim_args.end());
  s.sim = spawn_and_wait(argv, s.dir.path() + "/sim.log", s.dir.path() + "/sim.json", &sim_ports);
  std::vector<std::string> gw = {binary("comms/gateways/lifeline-gateway"), "--link", link, "--keys", s.dir.path() + "/keys.json",
                                 "--device", "tcp:127.0.0.1:" + std::to_string(sim_ports["terminals"].get<int>()),
                                 "--command", "tcp://127.0.0.1:" + std::to_string(s.server->router_port()),
                                 "--port-file", s.dir.path() + "/gw.json", "--state-file", s.dir.path() + "/gw-state.json"};
  for (auto& f : demo_gateway_flags(s.dir.path(), link)) gw.push_back(f);
  if (link == "beidou") gw.insert(gw.end(), {"--card", "0000001"});
  else gw.insert(gw.end(), {"--modem", "3999999"});
  s.gw = spawn_and_wait(gw, s.dir.path() + "/gw.log", s.dir.path() + "/gw.json", &gw_ports);
  for (auto& t : s.terminals) {
    t.fd = dial(sim_ports["terminals"], t.address);
    codec::Dictionary dict = codec::Dictionary::builtin();
    (void)dict.add_team(t.team);
    t.receiver = std::make_unique<codec::LinkReceiver>(dict, key_of[t.address], s.device_clock);
    if (link == "iridium") {
      t.modem = std::make_unique<linkproto::at::IridiumDriver>();
      t.modem->start(steady_ms());
    }
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // gateway registered, card/modem ready
}

void decoded(Terminal& t, const std::vector<uint8_t>& bytes) {
  int64_t now = steady_ms();
  t.frame_at.push_back(now);
  auto got = t.receiver->receive(bytes);
  if (!got) std::fprintf(stderr, "terminal %s: frame refused: %s\n", t.address.c_str(), got.error().code.c_str());
  else if (*got && std::holds_alternative<codec::Order>((*got)->message)) t.order_at.push_back(now);
}

// Reads every terminal until `expected` orders arrived or `ms` passed.
void run(Setup& s, size_t expected, int64_t ms) {
  auto end = steady_ms() + ms;
  std::vector<pollfd> fds;
  for (auto& t : s.terminals) fds.push_back({t.fd, POLLIN, 0});
  for (;;) {
    size_t orders = 0;
    for (auto& t : s.terminals) {
      if (t.modem) {
        auto out = t.modem->take_output();
        if (!out.empty() && ::write(t.fd, out.data(), out.size()) != static_cast<ssize_t>(out.size())) return;
        IridiumEvent e;
        while (t.modem->next_event(e))
          if (e.kind == IridiumEvent::Kind::received) decoded(t, std::vector<uint8_t>(e.data.begin(), e.data.end()));
      }
      orders += t.order_at.size();
    }
    if (orders >= expected || steady_ms() >= end) return;
    if (poll(fds.data(), fds.size(), 20) <= 0) continue;
    for (size_t i = 0; i < fds.size(); ++i) {
      if (!(fds[i].revents & POLLIN)) continue;
      auto& t = s.terminals[i];
      char buf[8192];
      auto n = ::read(t.fd, buf, sizeof buf);
      if (n <= 0) continue;
      if (t.modem) {
        t.modem->on_bytes(std::string_view(buf, static_cast<size_t>(n)), steady_ms());
        continue;
      }
      t.splitter.feed(std::string_view(buf, static_cast<size_t>(n)));
      std::string line;
      while (t.splitter.next(line)) {
        auto m = bd::parse(line);
        auto* rx = m ? std::get_if<bd::Received3>(&*m) : nullptr;
        if (!rx) continue;
        auto bytes = bd::bytes_of_content(rx->content, false, rx->encoding == bd::Encoding3::mixed);
        if (bytes) decoded(t, *bytes);
      }
    }
  }
}

json assign(Setup& s, const json& incident, const Terminal& t, int n) {
  return s.officer->ok("task.assign", {{"team_id", t.team}, {"what", "rescue"}, {"precedence", "flash"}, {"incident_id", incident["id"]},
                                       {"note", "第" + std::to_string(n) + "批次增援"}, {"place", {{"name", "青山矿区"}, {"lat", 28.1}, {"lon", 120.2}}}});
}

struct Figures {
  size_t frames = 0, orders = 0, teams = 0;
  double span_s = 0;    // wall time from the orders' assignment to the last order decoded
  double steady_s = 0;  // from the first frame to the last: frames - 1 intervals of the link
};

Figures tally(const Setup& s, int64_t t0) {
  Figures f;
  int64_t first = INT64_MAX, last = t0;
  for (const auto& t : s.terminals) {
    f.frames += t.frame_at.size();
    f.orders += t.order_at.size();
    if (!t.order_at.empty()) ++f.teams;
    for (auto at : t.frame_at) first = std::min(first, at), last = std::max(last, at);
  }
  f.span_s = static_cast<double>(last - t0) / 1000.0;
  f.steady_s = first == INT64_MAX ? 0 : static_cast<double>(last - first) / 1000.0;
  return f;
}

}  // namespace

int main(int argc, char** argv) {
  int interval_s = argc > 1 ? std::atoi(argv[1]) : 1;
  size_t bd_teams = argc > 2 ? static_cast<size_t>(std::atoi(argv[2])) : 20;
  int ir_per_team = argc > 3 ? std::atoi(argv[3]) : 20;
  if (interval_s < 1 || bd_teams < 1 || ir_per_team < 1) {
    std::fprintf(stderr, "usage: bench_gateway [beidou_interval_s>=1] [beidou_teams>=1] [iridium_orders_per_team>=1]\n");
    return 2;
  }
  const double scale = 60.0 / interval_s;  // link seconds per wall second
  try {
    // BeiDou: one centre card, N team cards, one FLASH order each for one new incident.
    Figures bdf;
    size_t bd_n = 0;
    {
      Setup s;
      start(s, "beidou", bd_teams, {"--interval-s", std::to_string(interval_s), "--delay-ms", "100"});
      bd_n = s.terminals.size();
      auto inc = s.officer->ok("incident.create", {{"type", "mine_accident"}, {"title", "青山矿区透水"},
                                                   {"place", {{"name", "青山矿区"}, {"lat", 28.1}, {"lon", 120.2}}}});
      int64_t t0 = steady_ms();
      for (const auto& t : s.terminals) assign(s, inc, t, 1);
      // One frame per team (the incident goes by its number: no dictionary update) at one frame per
      // interval; twice that, plus slack, as the budget;
      // stays under the command's 120 s BeiDou ack timeout, so nothing is re-sent meanwhile.
      run(s, bd_n, std::min<int64_t>(110000, static_cast<int64_t>(2 * bd_n + 3) * interval_s * 1000));
      bdf = tally(s, t0);
    }
    // Iridium: one centre modem, the demo's satellite teams, several orders each.
    Figures irf;
    size_t ir_n = 0;
    {
      Setup s;
      start(s, "iridium", 1000, {"--delay-ms", "200"});
      ir_n = s.terminals.size();
      auto inc = s.officer->ok("incident.create", {{"type", "mine_accident"}, {"title", "青山矿区透水"},
                                                   {"place", {{"name", "青山矿区"}, {"lat", 28.1}, {"lon", 120.2}}}});
      int64_t t0 = steady_ms();
      for (int n = 1; n <= ir_per_team; ++n)
        for (const auto& t : s.terminals) assign(s, inc, t, n);
      run(s, ir_n * static_cast<size_t>(ir_per_team), 60000);
      irf = tally(s, t0);
    }
    // Steady rate: frames - 1 gaps between the first frame and the last, in link time.
    double bd_link_s = bdf.steady_s * scale;
    double bd_frames_per_window = bdf.frames > 1 && bd_link_s > 0 ? (bdf.frames - 1) * 60.0 / bd_link_s : 0;
    double frames_per_order = bdf.orders ? static_cast<double>(bdf.frames) / bdf.orders : 0;
    double bd_teams_per_window = frames_per_order > 0 ? bd_frames_per_window / frames_per_order : 0;
    double ir_per_min = irf.span_s > 0 ? irf.orders * 60.0 / irf.span_s : 0;
    std::printf("gateway throughput (bench_gateway %d %zu %d)\n", interval_s, bd_teams, ir_per_team);
    std::printf("beidou: card interval 60 s simulated as %d s (x%.0f); %zu team cards, 1 FLASH order each for one new incident\n",
                interval_s, scale, bd_n);
    std::printf("beidou: %zu/%zu orders decoded, %zu frames (%.1f per order; 1 = no dictionary update), all in %.1f s wall = %.0f s link time\n",
                bdf.orders, bd_n, bdf.frames, frames_per_order, bdf.span_s, bdf.span_s * scale);
    std::printf("beidou: per 60 s window: %.2f frames = %.2f teams served with a new incident's order"
                " (one gateway, one centre card)\n", bd_frames_per_window, bd_teams_per_window);
    std::printf("iridium: %zu team modems x %d FLASH orders; %zu/%zu orders in %zu MT messages over %.1f s\n", ir_n, ir_per_team,
                irf.orders, ir_n * static_cast<size_t>(ir_per_team), irf.frames, irf.span_s);
    std::printf("iridium: %.0f orders per 60 s through one gateway modem (simulator: +SBDIX answers at once, 200 ms network delay;"
                " a real session takes seconds, so this bounds the gateway, not the sky)\n", ir_per_min);
    return bdf.orders == bd_n && irf.orders == ir_n * static_cast<size_t>(ir_per_team) ? 0 : 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_gateway: %s\n", e.what());
    return 2;
  }
}
