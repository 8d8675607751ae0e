// bench_field [N]: N items queued offline (80 % reports, 20 % positions), then one
// `lifeline-field run` syncs them to a real lifeline-command; prints the sync time, the daemon's
// peak memory, and the size of position reports on the terminal link per hour.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <thread>

#include "lifeline/codec/codec.hpp"
#include "lifeline/codec/dictionary.hpp"
#include "lifeline/field/actions.hpp"
#include "lifeline/field/local_db.hpp"
#include "lifeline/field/outbox_sender.hpp"
#include "lifeline/testing/field_client.hpp"
#include "lifeline/testing/server_process.hpp"

using namespace lifeline::testing;
namespace lf = lifeline::field;

namespace {
std::string proc_field(pid_t pid, const std::string& name) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(in, line);)
    if (line.rfind(name + ":", 0) == 0) return line.substr(name.size() + 1);
  return "?";
}
}  // namespace

int main(int argc, char** argv) {
  int n = argc > 1 ? std::atoi(argv[1]) : 10000;
  TempDir dir;
  ServerProcess server(dir.path(), {"--demo"});
  FieldClient field(dir.path());
  auto url = "ws://127.0.0.1:" + std::to_string(server.http_port());
  auto e = field.run({"enrol", "--server", url, "--user", "teamlead", "--password", "lifeline-demo"});
  if (e.rc != 0) {
    std::fprintf(stderr, "enrol failed: %s\n", e.err.c_str());
    return 1;
  }
  {
    lf::LocalDb db(field.db());
    db.transaction([&] {
      for (int i = 0; i < n; ++i) {
        if (i % 5 == 4) lf::report_position(db, 27.85 + i * 1e-6, 120.9, 0);
        else lf::send_report(db, "现场情况报告 " + std::to_string(i), "");
      }
    });
  }
  auto t0 = std::chrono::steady_clock::now();
  field.start();
  std::string hwm, rss;
  for (;;) {
    auto info = field.json_of({"info"});
    if (info["pending"] == 0 && info["unconfirmed"] == 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  hwm = proc_field(field.pid(), "VmHWM");
  rss = proc_field(field.pid(), "VmRSS");
  field.stop();
  auto info = field.json_of({"info"});
  std::printf("sync of %d queued items over IP: %.2f s (%.0f items/s), done=%d refused=%d\n", n, secs, n / secs,
              info["done"].get<int>(), info["refused"].get<int>());
  std::printf("lifeline-field run memory: VmHWM %s, VmRSS %s (after the sync)\n", hwm.c_str(), rss.c_str());
  // A position as the terminal carries it (JSON uplink of the loopback link).
  lf::OutboxItem pos;
  pos.kind = "position";
  pos.body = {{"lat", 27.851234}, {"lon", 120.902345}, {"fix_ms", 1787187600000}};
  auto line = nlohmann::json({{"type", "uplink"}, {"message", lf::terminal_uplink_for(pos)}}).dump() + "\n";
  std::printf("position uplink on the terminal link: %zu B as JSON; at BeiDou's 60 s service interval: %zu B/h "
              "(60 reports; coalescing keeps it at one per interval however often the GPS reports)\n",
              line.size(), line.size() * 60);
  // The same position in the compact codec (what a BeiDou terminal sends; 280 B = 4 frames max).
  lifeline::codec::Position p;
  p.point = {27.851234, 120.902345};
  p.at_ms = 1787187600000;
  auto key = lifeline::codec::DeviceKey::generate(1);
  auto frame = lifeline::codec::encode(lifeline::codec::Message{p}, 1, lifeline::codec::Dictionary::builtin(), key);
  if (frame)
    std::printf("position in the compact codec: %zu B; over BeiDou at one report per 60 s: %zu B/h\n", frame->size(),
                frame->size() * 60);
  return 0;
}
