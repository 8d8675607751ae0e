// Durable routed messages per second and end-to-end latency: Lifeline beside mosquitto, same machine,
// same run (issue 4; parameters from DECISIONS.md "The mosquitto baseline").
//   Lifeline: bus.send committed before the sender's ack (WAL, synchronous=FULL), delivered to a
//   WebSocket recipient, whose device ack is committed before its own ack: a message counts when
//   that last ack arrives. Latency: send → envelope at the recipient.
//   mosquitto 2.0: QoS 1, persistence true (variant 1: default autosave; variant 2: autosave on
//   changes, interval 1), max_inflight 1000, max_queued 1000000, TCP_NODELAY, clean_session false.
// Both: 200-byte payloads, 4 publishers with at most 20 unacknowledged messages each, one topic
// (recipient) per subscriber, uniformly random targets. Server on core 0, load on core 1.
// Usage: bench_bus [seconds=5] [recipients list=100,1000] [rate=0 (closed loop) or msgs/s]
#include <mosquitto.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <boost/asio/steady_timer.hpp>
#include <cstring>
#include <future>
#include <arpa/inet.h>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <random>
#include <sstream>
#include <thread>
#include <unordered_map>

#include "async_ws.hpp"
#include "lifeline/testing/server_process.hpp"
#include "lifeline/testing/ws_client.hpp"

using namespace lifeline::testing;
using SteadyClock = std::chrono::steady_clock;
namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = boost::asio::ip::tcp;
using nlohmann::json;

namespace {

int64_t now_ns() { return std::chrono::duration_cast<std::chrono::nanoseconds>(SteadyClock::now().time_since_epoch()).count(); }

struct Result {
  double msgs_per_s = 0, p50_ms = 0, p99_ms = 0;
  size_t count = 0;
  double server_cpu_us = 0;  // the server's CPU time (all its threads) per message counted
};

// CPU seconds a process has used so far (user + system, all threads), from /proc/PID/stat. Per
// message, this figure holds when other work on the machine skews the throughput of both systems.
double cpu_seconds(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto close = text.rfind(')');  // the command name may hold spaces
  if (close == std::string::npos) return 0;
  std::istringstream fields(text.substr(close + 2));
  std::string f;
  unsigned long long utime = 0, stime = 0;
  for (int i = 3; fields >> f; ++i) {  // field 3 is the state; 14 and 15 are utime and stime
    if (i == 14) utime = std::stoull(f);
    if (i == 15) {
      stime = std::stoull(f);
      break;
    }
  }
  return static_cast<double>(utime + stime) / sysconf(_SC_CLK_TCK);
}

Result summarize(std::vector<double>& lat, size_t done, double seconds) {
  std::sort(lat.begin(), lat.end());
  auto pct = [&](double p) { return lat.empty() ? 0.0 : lat[std::min(lat.size() - 1, static_cast<size_t>(p * lat.size()))]; };
  return {done / seconds, pct(0.5), pct(0.99), done};
}

std::string uuid_like(uint64_t n) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "01a20000-0000-7000-8000-%012llx", static_cast<unsigned long long>(n));
  return buf;
}

// The resident set of a process in KB (VmRSS in /proc/PID/status).
int64_t resident_kb(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("VmRSS:", 0) == 0) return std::stoll(line.substr(6));
  return 0;
}

// A command run as the measured window opens or closes, with %p replaced by the server's pid:
// instructions.sh switches callgrind's instrumentation on and off with it.
void around_measurement(const char* variable, pid_t pid) {
  const char* command = getenv(variable);
  if (!command) return;
  std::string text = command;
  for (auto at = text.find("%p"); at != std::string::npos; at = text.find("%p")) text.replace(at, 2, std::to_string(pid));
  if (std::system(text.c_str()) != 0) std::fprintf(stderr, "%s failed: %s\n", variable, text.c_str());
}

// ---------------------------------------------------------------------------------------------
Result run_lifeline(int recipients, double seconds, double rate) {
  TempDir dir;
  ServerProcess server(dir.path(), {"--demo", "--password-cost", "min", "--max-frames-per-second", "1000000", "--max-pending-logins", "100000",
                                    "--max-connections-per-address", "100000"});
  {
    WsClient admin("127.0.0.1", server.http_port());
    admin.login("admin");
    for (int i = 0; i < recipients; ++i) {
      admin.ok("team.create", {{"id", "T-B" + std::to_string(i)}, {"name", "B" + std::to_string(i)}, {"kind", "volunteer"}, {"unit_id", "city"}});
      admin.ok("user.create", {{"username", "b" + std::to_string(i)}, {"password", "benchpass1"}, {"display_name", "b"},
                               {"role", "team_member"}, {"unit_id", "T-B" + std::to_string(i)}});
    }
  }
  asio::io_context io;
  tcp::endpoint ep(asio::ip::make_address("127.0.0.1"), static_cast<uint16_t>(server.http_port()));
  std::unordered_map<std::string, int64_t> sent_at;
  std::vector<double> lat;
  size_t done = 0;
  std::atomic<size_t> ready{0};
  bool measuring = false, stopping = false;
  std::vector<std::shared_ptr<bench::AsyncWs>> conns;
  for (int i = 0; i < recipients; ++i) {
    auto c = std::make_shared<bench::AsyncWs>(io, [&](bench::AsyncWs& self, const json& f) {
      const std::string type = f.value("type", "");
      if (type == "env") {
        std::string id = f["envelope"]["id"];
        auto it = sent_at.find(id);
        if (it != sent_at.end() && measuring) lat.push_back((now_ns() - it->second) / 1e6);
        self.send({{"type", "ack"}, {"rid", id}, {"id", id}, {"level", "device"}});
      } else if (type == "res") {
        if (f["rid"] == "login") ++ready;
        else if (f.value("ok", false) && measuring) ++done;  // the device ack is committed
      }
    });
    c->connect(ep, [i](bench::AsyncWs& self) {
      self.send({{"type", "req"}, {"rid", "login"}, {"op", "auth.login"}, {"body", {{"username", "b" + std::to_string(i)}, {"password", "benchpass1"}}}});
    });
    conns.push_back(c);
  }
  std::mt19937 rng(42);
  std::string text(200, 'x');
  uint64_t seq = 0;
  int64_t start_ns = 0;
  std::function<void(bench::AsyncWs&)> pump = [&](bench::AsyncWs& s) {
    while (!stopping && s.inflight < 20) {
      if (rate > 0 && start_ns > 0 && seq >= static_cast<uint64_t>((now_ns() - start_ns) / 1e9 * rate)) return;
      std::string id = uuid_like(++seq);
      sent_at[id] = now_ns();
      s.inflight++;
      s.send({{"type", "req"}, {"rid", id}, {"op", "bus.send"},
              {"body", {{"id", id}, {"to", "team:T-B" + std::to_string(rng() % recipients)}, {"kind", "text"},
                        {"precedence", "immediate"}, {"body", {{"text", text}}}}}});
    }
  };
  std::vector<std::shared_ptr<bench::AsyncWs>> senders;
  size_t senders_ready = 0;
  asio::steady_timer tick(io);
  std::function<void()> on_tick = [&] {
    for (auto& c : conns) c->send({{"type", "hb"}});
    if (rate > 0)
      for (auto& s : senders) pump(*s);
    tick.expires_after(std::chrono::milliseconds(rate > 0 ? 2 : 500));
    tick.async_wait([&](beast::error_code ec) {
      if (!ec && !stopping) on_tick();
    });
  };
  auto start_senders = [&] {
    for (int s = 0; s < 4; ++s) {
      auto c = std::make_shared<bench::AsyncWs>(io, [&](bench::AsyncWs& self, const json& f) {
        if (f.value("type", "") != "res") return;
        if (f["rid"] == "login") {
          if (++senders_ready == 4) {
            start_ns = now_ns();
            for (auto& x : senders) pump(*x);
          }
          return;
        }
        self.inflight--;
        pump(self);
      });
      c->connect(ep, [](bench::AsyncWs& self) {
        self.send({{"type", "req"}, {"rid", "login"}, {"op", "auth.login"}, {"body", {{"username", "officer"}, {"password", "lifeline-demo"}}}});
      });
      senders.push_back(c);
    }
  };
  on_tick();
  std::thread runner([&] { io.run(); });
  for (int waited = 0; ready.load() < static_cast<size_t>(recipients); ++waited) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    if (waited % 250 == 249) std::fprintf(stderr, "lifeline: %zu of %d recipients logged in\n", ready.load(), recipients);
  }
  asio::post(io, start_senders);
  std::this_thread::sleep_for(std::chrono::seconds(1));  // warm-up
  asio::post(io, [&] { measuring = true; });
  auto t0 = SteadyClock::now();
  double cpu0 = cpu_seconds(server.pid());
  around_measurement("LIFELINE_BENCH_MEASURE_START", server.pid());
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  around_measurement("LIFELINE_BENCH_MEASURE_END", server.pid());
  double cpu1 = cpu_seconds(server.pid());
  std::promise<std::pair<size_t, std::vector<double>>> snap;
  asio::post(io, [&] {
    measuring = false;
    stopping = true;
    snap.set_value({done, lat});
  });
  auto [n, l] = snap.get_future().get();
  double elapsed = std::chrono::duration<double>(SteadyClock::now() - t0).count();
  io.stop();
  runner.join();
  auto r = summarize(l, n, elapsed);
  r.server_cpu_us = n ? (cpu1 - cpu0) * 1e6 / n : 0;
  return r;
}

// ---------------------------------------------------------------------------------------------
int free_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  close(fd);
  return ntohs(a.sin_port);
}

struct MqState {
  size_t done = 0;
  std::vector<double> lat;
  bool measuring = false;
};

Result run_mosquitto(int subscribers, double seconds, double rate, bool durable) {
  TempDir dir;
  int port = free_port();
  std::ofstream(dir.path() + "/mosquitto.conf") << "listener " << port << " 127.0.0.1\nallow_anonymous true\n"
      << "persistence true\npersistence_location " << dir.path() << "/\nmax_inflight_messages 1000\n"
      << "max_queued_messages 1000000\nset_tcp_nodelay true\n"
      << (durable ? "autosave_on_changes true\nautosave_interval 1\n" : "");
  std::vector<std::string> argv = {"/usr/sbin/mosquitto", "-c", dir.path() + "/mosquitto.conf"};
  if (const char* cpu = getenv("LIFELINE_SERVER_CPU")) argv.insert(argv.begin(), {"/usr/bin/taskset", "-c", cpu});
  pid_t pid = spawn_and_wait(argv, dir.path() + "/mosquitto.log", "", nullptr);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  mosquitto_lib_init();
  MqState st;
  std::vector<mosquitto*> subs, pubs;
  std::vector<int> inflight(4, 0);
  for (int i = 0; i < subscribers; ++i) {
    auto* m = mosquitto_new(("sub" + std::to_string(i)).c_str(), false, &st);
    mosquitto_int_option(m, MOSQ_OPT_TCP_NODELAY, 1);
    mosquitto_message_callback_set(m, [](mosquitto*, void* ud, const mosquitto_message* msg) {
      auto* s = static_cast<MqState*>(ud);
      int64_t ts;
      std::memcpy(&ts, msg->payload, sizeof ts);
      if (s->measuring) {
        s->lat.push_back((now_ns() - ts) / 1e6);
        s->done++;
      }
    });
    mosquitto_connect(m, "127.0.0.1", port, 60);
    mosquitto_subscribe(m, nullptr, ("r/" + std::to_string(i)).c_str(), 1);
    subs.push_back(m);
  }
  for (int p = 0; p < 4; ++p) {
    auto* m = mosquitto_new(("pub" + std::to_string(p)).c_str(), true, &inflight[p]);
    mosquitto_int_option(m, MOSQ_OPT_TCP_NODELAY, 1);
    mosquitto_max_inflight_messages_set(m, 20);
    mosquitto_publish_callback_set(m, [](mosquitto*, void* ud, int) { --*static_cast<int*>(ud); });
    mosquitto_connect(m, "127.0.0.1", port, 60);
    pubs.push_back(m);
  }
  std::vector<mosquitto*> all = subs;
  all.insert(all.end(), pubs.begin(), pubs.end());
  std::mt19937 rng(42);
  char payload[200] = {};
  uint64_t seq = 0;
  auto loop_once = [&] {
    std::vector<pollfd> fds;
    for (auto* m : all) fds.push_back({mosquitto_socket(m), static_cast<short>(POLLIN | (mosquitto_want_write(m) ? POLLOUT : 0)), 0});
    poll(fds.data(), fds.size(), 1);
    for (size_t i = 0; i < all.size(); ++i) {
      if (fds[i].revents & POLLIN) mosquitto_loop_read(all[i], 1);
      if (fds[i].revents & POLLOUT) mosquitto_loop_write(all[i], 1);
    }
  };
  auto settle_until = SteadyClock::now() + std::chrono::seconds(2);
  while (SteadyClock::now() < settle_until) {
    loop_once();
    for (auto* m : all) mosquitto_loop_misc(m);
  }
  auto publish = [&](int64_t start) {
    for (int p = 0; p < 4; ++p)
      while (inflight[p] < 20) {
        if (rate > 0 && seq >= static_cast<uint64_t>((now_ns() - start) / 1e9 * rate)) return;
        int64_t ts = now_ns();
        std::memcpy(payload, &ts, sizeof ts);
        ++seq;
        if (mosquitto_publish(pubs[p], nullptr, ("r/" + std::to_string(rng() % subscribers)).c_str(), sizeof payload, payload, 1, false) != MOSQ_ERR_SUCCESS) return;
        inflight[p]++;
      }
  };
  int64_t start = now_ns();
  auto warm = SteadyClock::now() + std::chrono::seconds(1);
  while (SteadyClock::now() < warm) {
    publish(start);
    loop_once();
  }
  st.measuring = true;
  auto t0 = SteadyClock::now();
  double cpu0 = cpu_seconds(pid);
  auto end = t0 + std::chrono::duration<double>(seconds);
  int misc = 0;
  while (SteadyClock::now() < end) {
    publish(start);
    loop_once();
    if (++misc % 100 == 0)
      for (auto* m : all) mosquitto_loop_misc(m);
  }
  st.measuring = false;
  double cpu1 = cpu_seconds(pid);
  double elapsed = std::chrono::duration<double>(SteadyClock::now() - t0).count();
  for (auto* m : all) mosquitto_destroy(m);
  mosquitto_lib_cleanup();
  stop_process(pid, SIGTERM);
  auto r = summarize(st.lat, st.done, elapsed);
  r.server_cpu_us = st.done ? (cpu1 - cpu0) * 1e6 / st.done : 0;
  return r;
}

// One broadcast to every team, each team one connected session that acks on receipt: time from
// the send to the last committed device ack ("fully acked").
void run_broadcast(int sessions) {
  TempDir dir;
  ServerProcess server(dir.path(), {"--demo", "--password-cost", "min", "--max-frames-per-second", "1000000", "--max-pending-logins", "100000",
                                    "--max-connections-per-address", "100000"});
  {
    WsClient admin("127.0.0.1", server.http_port());
    admin.login("admin");
    for (int i = 0; i < sessions; ++i) {
      admin.ok("team.create", {{"id", "T-B" + std::to_string(i)}, {"name", "B" + std::to_string(i)}, {"kind", "volunteer"}, {"unit_id", "city"}});
      admin.ok("user.create", {{"username", "b" + std::to_string(i)}, {"password", "benchpass1"}, {"display_name", "b"},
                               {"role", "team_member"}, {"unit_id", "T-B" + std::to_string(i)}});
    }
  }
  asio::io_context io;
  tcp::endpoint ep(asio::ip::make_address("127.0.0.1"), static_cast<uint16_t>(server.http_port()));
  const int64_t rss_before = resident_kb(server.pid());
  std::atomic<int> ready{0}, received{0}, acked{0};
  int64_t t_send = 0, t_received = 0, t_acked = 0;
  std::vector<std::shared_ptr<bench::AsyncWs>> conns;
  for (int i = 0; i < sessions; ++i) {
    auto c = std::make_shared<bench::AsyncWs>(io, [&](bench::AsyncWs& self, const json& f) {
      const std::string type = f.value("type", "");
      if (type == "env") {
        if (++received == sessions) t_received = now_ns();
        self.send({{"type", "ack"}, {"rid", "ack"}, {"id", f["envelope"]["id"]}, {"level", "device"}});
      } else if (type == "res") {
        if (f["rid"] == "login") ++ready;
        else if (f["rid"] == "ack" && f.value("ok", false) && ++acked == sessions) t_acked = now_ns();
      }
    });
    c->connect(ep, [i](bench::AsyncWs& self) {
      self.send({{"type", "req"}, {"rid", "login"}, {"op", "auth.login"}, {"body", {{"username", "b" + std::to_string(i)}, {"password", "benchpass1"}}}});
    });
    conns.push_back(c);
  }
  asio::steady_timer tick(io);
  std::function<void()> on_tick = [&] {
    for (auto& c : conns) c->send({{"type", "hb"}});
    tick.expires_after(std::chrono::milliseconds(500));
    tick.async_wait([&](beast::error_code ec) {
      if (!ec) on_tick();
    });
  };
  on_tick();
  std::thread runner([&] { io.run(); });
  while (ready.load() < sessions) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  // Memory an idle connected, logged-in client costs the server (issue 15: ≤50 KB).
  const int64_t rss_idle = resident_kb(server.pid());
  std::printf("%d idle sessions: server resident %lld KB before, %lld KB with them: %.1f KB per session\n", sessions,
              static_cast<long long>(rss_before), static_cast<long long>(rss_idle),
              static_cast<double>(rss_idle - rss_before) / sessions);
  WsClient officer("127.0.0.1", server.http_port());
  officer.login("officer");
  t_send = now_ns();
  // "all": every team (the sessions' teams plus the demo city's, which are not connected and wait).
  auto res = officer.ok("bus.send", {{"to", "all"}, {"kind", "warning"}, {"precedence", "flash"}, {"body", {{"text", "台风红色预警，立即转移"}}}});
  int64_t t_durable = now_ns();
  auto deadline = SteadyClock::now() + std::chrono::seconds(60);
  while (acked.load() < sessions && SteadyClock::now() < deadline) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  std::printf("broadcast to %d sessions: send durable %.1f ms, all received %.1f ms, all device acks committed %.1f ms (%d/%d)\n",
              sessions, (t_durable - t_send) / 1e6, t_received ? (t_received - t_send) / 1e6 : -1.0,
              t_acked ? (t_acked - t_send) / 1e6 : -1.0, acked.load(), sessions);
  io.stop();
  runner.join();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 2 && std::string(argv[1]) == "broadcast") {
    rlimit lim{20000, 20000};
    setrlimit(RLIMIT_NOFILE, &lim);
    run_broadcast(atoi(argv[2]));
    return 0;
  }
  double seconds = argc > 1 ? atof(argv[1]) : 5;
  std::vector<int> sizes = {100, 1000};
  if (argc > 2) {
    sizes.clear();
    std::stringstream ss(argv[2]);
    for (std::string t; std::getline(ss, t, ',');) sizes.push_back(std::stoi(t));
  }
  double rate = argc > 3 ? atof(argv[3]) : 0;
  rlimit lim{20000, 20000};
  setrlimit(RLIMIT_NOFILE, &lim);
  std::printf("# 200-byte payloads, 4 publishers x <=20 unacked, QoS1 / durable acks; %.1f s measured after 1 s warm-up; %s\n",
              seconds, rate > 0 ? ("offered " + std::to_string(static_cast<int>(rate)) + " msg/s").c_str() : "closed loop");
  std::printf("# server pinned to core %s; load generator: %s\n", getenv("LIFELINE_SERVER_CPU") ? getenv("LIFELINE_SERVER_CPU") : "(unpinned)",
              "this process (pin with taskset)");
  std::printf("%-28s %11s %12s %10s %10s %14s\n", "system", "recipients", "msgs/s", "p50_ms", "p99_ms", "server_cpu_us");
  // LIFELINE_BENCH_ONLY=lifeline: no mosquitto runs (instructions.sh counts Lifeline's instructions).
  const bool only_lifeline = getenv("LIFELINE_BENCH_ONLY") && std::string(getenv("LIFELINE_BENCH_ONLY")) == "lifeline";
  for (int n : sizes) {
    auto l = run_lifeline(n, seconds, rate);
    std::printf("%-28s %11d %12.0f %10.2f %10.2f %14.1f\n", "lifeline (fsync per batch)", n, l.msgs_per_s, l.p50_ms, l.p99_ms, l.server_cpu_us);
    std::printf("messages counted: %zu\n", l.count);
    std::fflush(stdout);
    if (only_lifeline) continue;
    auto m1 = run_mosquitto(n, seconds, rate, false);
    std::printf("%-28s %11d %12.0f %10.2f %10.2f %14.1f\n", "mosquitto (default autosave)", n, m1.msgs_per_s, m1.p50_ms, m1.p99_ms, m1.server_cpu_us);
    std::fflush(stdout);
    auto m2 = run_mosquitto(n, seconds, rate, true);
    std::printf("%-28s %11d %12.0f %10.2f %10.2f %14.1f\n", "mosquitto (autosave 1/change)", n, m2.msgs_per_s, m2.p50_ms, m2.p99_ms, m2.server_cpu_us);
    std::printf("ratio lifeline / mosquitto default at %d: %.2fx (server CPU per message: %.2fx of mosquitto's)\n", n,
                m1.msgs_per_s > 0 ? l.msgs_per_s / m1.msgs_per_s : 0.0, m1.server_cpu_us > 0 ? l.server_cpu_us / m1.server_cpu_us : 0.0);
    std::fflush(stdout);
  }
  return 0;
}
