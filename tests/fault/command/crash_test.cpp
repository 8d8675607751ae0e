// kill -9 of lifeline-command in the middle of a burst of writes: after restart every acknowledged
// write is there, the database is intact, and the projections equal a replay of the log (so no
// unacknowledged write is half-applied).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "lifeline/store/realm_store.hpp"
#include "lifeline/testing/server_process.hpp"
#include "lifeline/testing/ws_client.hpp"

using namespace lifeline;
using namespace lifeline::testing;
using nlohmann::json;

namespace {

struct Burst {
  std::mutex mutex;
  std::set<std::string> acked;
  std::atomic<int> sent{0};
};

void writer(int port, int n, Burst& burst) {
  try {
    WsClient c("127.0.0.1", port);
    c.login("officer");
    for (int i = 0;; ++i) {
      burst.sent++;
      auto res = c.call("incident.create", {{"type", "flood"}, {"title", "w" + std::to_string(n) + "-" + std::to_string(i)},
                                            {"place", {{"name", "石塘镇"}}}});
      if (!res.value("ok", false)) continue;
      std::lock_guard lock(burst.mutex);
      burst.acked.insert(res["result"]["id"].get<std::string>());
    }
  } catch (const std::exception&) {
    // The server died under us: what we have in `acked` is what was promised.
  }
}

}  // namespace

TEST(CommandCrash, KillNineMidBurstLosesNoAcknowledgedWrite) {
  TempDir dir;
  ServerProcess server(dir.path(), {"--demo"});  // synchronous=FULL: acks are durable
  std::mt19937 rng(std::random_device{}());
  std::set<std::string> all_acked;
  const int rounds = getenv("LIFELINE_CRASH_ROUNDS") ? atoi(getenv("LIFELINE_CRASH_ROUNDS")) : 3;
  for (int round = 0; round < rounds; ++round) {
    Burst burst;
    std::vector<std::thread> writers;
    for (int w = 0; w < 8; ++w) writers.emplace_back(writer, server.http_port(), round * 100 + w, std::ref(burst));
    // Kill at a random moment once some writes are acked: eight argon2id logins under ASan on a
    // loaded machine can take longer than the random delay, and the test must not depend on speed.
    std::this_thread::sleep_for(std::chrono::milliseconds(300 + rng() % 700));
    for (auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30); std::chrono::steady_clock::now() < until;) {
      {
        std::lock_guard lock(burst.mutex);
        if (burst.acked.size() >= 5) break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    server.kill9();
    for (auto& t : writers) t.join();
    ASSERT_GT(burst.acked.size(), 0u) << "no write was acknowledged before the kill";
    all_acked.insert(burst.acked.begin(), burst.acked.end());
    server.start();
    // The restarted server answers, and the database (read beside it, WAL) holds every acked write.
    WsClient check("127.0.0.1", server.http_port());
    check.login("officer");
    std::set<std::string> present;
    {
      store::OpenOptions ro;
      ro.read_only = true;
      store::SqliteDb db(dir.path() + "/live.db", ro);
      for (auto& row : db.query("SELECT id FROM incidents")) present.insert(row["id"].get<std::string>());
    }
    for (const auto& id : all_acked) EXPECT_TRUE(present.count(id)) << "acknowledged incident lost: " << id;
    // At most the in-flight requests (one per writer) may have committed without their ack arriving.
    EXPECT_LE(present.size(), all_acked.size() + 8u * (round + 1));
  }
  server.stop();
  // Offline: integrity, and replay == live on the crashed-and-restarted database.
  auto projector = std::make_shared<store::Projector>();
  store::RealmStore live(dir.path() + "/live.db", "live", projector, 0);
  EXPECT_EQ(live.integrity_check(), "ok");
  auto before = live.dump_projections();
  live.rebuild();
  EXPECT_EQ(before, live.dump_projections());
}
