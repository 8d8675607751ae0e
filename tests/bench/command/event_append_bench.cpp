// Events appended per second through the real server with group commit (WAL, synchronous=FULL),
// and the ack latency each writer sees (p50/p99), at 1, 16 and 256 concurrent writers.
// Each writer is one WebSocket session doing incident.update on its own incident in a closed loop;
// the events column counts what the server's journal grew by (an update is one event, and more when
// a rule reacts to it), the requests column the acknowledged updates.
// The load is one asynchronous client thread (bench/async_ws.hpp), not a thread per writer: 256
// blocking client threads on a 2-core machine measured their own context switches. Logins use the
// minimum password cost (a login is a deliberately slow Argon2id check, not what is measured).
// Usage: bench_event_append [seconds-per-level=5]; pin as bench_bus does
// (LIFELINE_SERVER_CPU=0 taskset -c 1 bench_event_append).
#include <algorithm>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdio>
#include <vector>

#include "../bus/async_ws.hpp"
#include "lifeline/testing/http_client.hpp"
#include "lifeline/testing/server_process.hpp"

using namespace lifeline::testing;
using nlohmann::json;
using Clock = std::chrono::steady_clock;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

// How many events the server has appended so far (its /metrics counter).
int64_t events_appended(int port) {
  auto text = http(port, "GET", "/metrics").body;
  const std::string name = "\nlifeline_events_appended_total ";
  auto at = text.find(name);
  return at == std::string::npos ? 0 : std::stoll(text.substr(at + name.size()));
}

struct Level {
  double requests_per_s = 0, events_per_s = 0, p50 = 0, p99 = 0;
  size_t requests = 0;
};

Level run_level(int port, int writers, double seconds) {
  asio::io_context io;
  tcp::endpoint ep(asio::ip::make_address("127.0.0.1"), static_cast<uint16_t>(port));
  struct Writer {
    std::shared_ptr<bench::AsyncWs> ws;
    std::string incident;
    Clock::time_point sent;
    int n = 0;
  };
  std::vector<Writer> all(writers);
  std::vector<double> lat;
  int ready = 0;
  bool measuring = false, stopping = false;
  Clock::time_point t0;
  auto update = [&](Writer& w) {
    w.sent = Clock::now();
    ++w.n;
    w.ws->send({{"type", "req"}, {"rid", "u"}, {"op", "incident.update"},
                {"body", {{"id", w.incident}, {"casualties", {{"injured", w.n % 1000}, {"dead", 0}, {"missing", 0}}}}}});
  };
  for (int i = 0; i < writers; ++i) {
    all[i].ws = std::make_shared<bench::AsyncWs>(io, [&, i](bench::AsyncWs& self, const json& f) {
      if (f.value("type", "") != "res") return;
      Writer& w = all[i];
      const std::string rid = f.value("rid", "");
      if (!f.value("ok", false)) {
        std::fprintf(stderr, "%s: %s\n", rid.c_str(), f.dump().substr(0, 300).c_str());
        std::exit(1);
      }
      if (rid == "login") {
        self.send({{"type", "req"}, {"rid", "create"}, {"op", "incident.create"},
                   {"body", {{"type", "flood"}, {"title", "bench"}, {"place", {{"name", "石塘镇"}}}}}});
      } else if (rid == "create") {
        w.incident = f["result"]["id"];
        if (++ready == writers) {
          t0 = Clock::now();
          measuring = true;
          for (auto& x : all) update(x);
        }
      } else if (!stopping) {
        if (measuring) lat.push_back(std::chrono::duration<double, std::milli>(Clock::now() - w.sent).count());
        update(w);
      }
    });
    all[i].ws->connect(ep, [](bench::AsyncWs& self) {
      self.send({{"type", "req"}, {"rid", "login"}, {"op", "auth.login"}, {"body", {{"username", "officer"}, {"password", "lifeline-demo"}}}});
    });
  }
  // The level's clock starts when every writer has its incident; it ends `seconds` later.
  asio::steady_timer timer(io);
  int64_t before = 0;
  std::function<void()> watch = [&] {
    timer.expires_after(std::chrono::milliseconds(measuring ? static_cast<int>(seconds * 1000) : 5));
    timer.async_wait([&](boost::system::error_code) {
      if (!measuring) return watch();
      if (before == 0) {
        before = events_appended(port);  // the incidents are created: count from here
        return watch();
      }
      stopping = true;
      io.stop();
    });
  };
  watch();
  io.run();
  double elapsed = std::chrono::duration<double>(Clock::now() - t0).count();
  int64_t after = events_appended(port);  // a few in-flight updates more at most
  std::sort(lat.begin(), lat.end());
  auto pct = [&](double p) { return lat.empty() ? 0.0 : lat[std::min(lat.size() - 1, static_cast<size_t>(p * lat.size()))]; };
  Level out;
  out.requests = lat.size();
  out.requests_per_s = lat.size() / elapsed;
  out.events_per_s = static_cast<double>(after - before) / elapsed;
  out.p50 = pct(0.5);
  out.p99 = pct(0.99);
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = argc > 1 ? atof(argv[1]) : 5;
  TempDir dir;
  ServerProcess server(dir.path(), {"--demo", "--password-cost", "min", "--max-frames-per-second", "1000000",
                                    "--max-pending-logins", "100000", "--max-connections-per-address", "100000"});
  std::printf("# lifeline-command, WAL + synchronous=FULL, group commit; %0.1f s per level; one async client thread\n", seconds);
  std::printf("%-8s %12s %12s %12s %12s %12s\n", "writers", "events/s", "updates/s", "p50_ms", "p99_ms", "updates");
  for (int writers : {1, 16, 256}) {
    auto l = run_level(server.http_port(), writers, seconds);
    std::printf("%-8d %12.0f %12.0f %12.2f %12.2f %12zu\n", writers, l.events_per_s, l.requests_per_s, l.p50, l.p99, l.requests);
    std::fflush(stdout);
  }
  return 0;
}
