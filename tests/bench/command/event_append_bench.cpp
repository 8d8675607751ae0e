// Events appended per second through the real server with group commit (WAL, synchronous=FULL),
// and the ack latency each writer sees (p50/p99), at 1, 16 and 256 concurrent writers.
// Each writer is one WebSocket connection doing incident.update in a closed loop (one event each).
// Usage: bench_event_append [seconds-per-level=5]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>
#include <vector>

#include "lifeline/testing/server_process.hpp"
#include "lifeline/testing/ws_client.hpp"

using namespace lifeline::testing;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
  double seconds = argc > 1 ? atof(argv[1]) : 5;
  TempDir dir;
  ServerProcess server(dir.path(), {"--demo", "--max-frames-per-second", "1000000", "--max-pending-logins", "100000",
                                    "--max-connections-per-address", "100000"});
  std::printf("# lifeline-command, WAL + synchronous=FULL, group commit; %0.1f s per level; 2 cores shared by server and load\n", seconds);
  std::printf("%-8s %12s %12s %12s %12s\n", "writers", "events/s", "p50_ms", "p99_ms", "requests");
  for (int writers : {1, 16, 256}) {
    std::vector<std::vector<double>> lat(writers);
    std::atomic<bool> go{false}, stop{false};
    std::vector<std::thread> threads;
    std::atomic<int> ready{0};
    for (int w = 0; w < writers; ++w) {
      threads.emplace_back([&, w] {
        WsClient c("127.0.0.1", server.http_port());
        c.login("officer");
        auto inc = c.ok("incident.create", {{"type", "flood"}, {"title", "bench"}, {"place", {{"name", "石塘镇"}}}});
        ready++;
        while (!go) std::this_thread::yield();
        for (int i = 0; !stop; ++i) {
          auto t0 = Clock::now();
          c.ok("incident.update", {{"id", inc["id"]}, {"casualties", {{"injured", i % 1000}, {"dead", 0}, {"missing", 0}}}});
          lat[w].push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        }
      });
    }
    while (ready < writers) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    auto t0 = Clock::now();
    go = true;
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
    stop = true;
    for (auto& t : threads) t.join();
    double elapsed = std::chrono::duration<double>(Clock::now() - t0).count();
    std::vector<double> all;
    for (auto& l : lat) all.insert(all.end(), l.begin(), l.end());
    std::sort(all.begin(), all.end());
    auto pct = [&](double p) { return all.empty() ? 0.0 : all[std::min(all.size() - 1, static_cast<size_t>(p * all.size()))]; };
    std::printf("%-8d %12.0f %12.2f %12.2f %12zu\n", writers, all.size() / elapsed, pct(0.5), pct(0.99), all.size());
    std::fflush(stdout);
  }
  return 0;
}
