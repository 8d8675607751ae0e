// kill -9 of lifeline-command during a sustained burst of messages to 100 recipients (radio
// terminals on the loopback link): every message whose send was acknowledged reaches its
// recipient, and each terminal's de-duplication by id means none is applied twice even though
// resends after the crash deliver some again (at least once + dedup = exactly-once effect).
#include <gtest/gtest.h>
#include <poll.h>

#include <atomic>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "lifeline/testing/server_process.hpp"
#include "lifeline/testing/ws_client.hpp"

using namespace lifeline::testing;
using nlohmann::json;
using SteadyClock = std::chrono::steady_clock;

namespace {

constexpr int kRecipients = 100;
constexpr int kMinAckedPerRound = 35;  // each round is killed only after this many more acks

// The 100 terminals, served by one thread: every downlink is acked at once over the link.
struct Terminals {
  std::vector<std::unique_ptr<LoopbackTerminal>> terms;
  std::vector<std::string> addresses;
  std::mutex mutex;
  std::map<std::string, std::set<std::string>> applied;  // address → message ids applied (dedup by id)
  std::atomic<int> received{0}, duplicates{0};
  std::atomic<bool> stop{false};
  std::thread thread;

  void start() {
    thread = std::thread([this] {
      while (!stop) {
        for (size_t i = 0; i < terms.size(); ++i) {
          for (json f = terms[i]->next(0); !f.is_null(); f = terms[i]->next(0)) {
            if (f.value("type", "") != "downlink") continue;
            std::string id = f["envelope"]["id"];
            received++;
            {
              std::lock_guard lock(mutex);
              if (!applied[addresses[i]].insert(id).second) duplicates++;  // seen: drop, but ack again
            }
            terms[i]->uplink({{"kind", "receipt"}, {"id", id}, {"level", "device"}});
          }
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
      }
    });
  }
  ~Terminals() {
    stop = true;
    if (thread.joinable()) thread.join();
  }
};

}  // namespace

TEST(BusCrash, KillNineDuringBurstLosesNoAckedMessageAndDuplicatesNone) {
  TempDir dir;
  auto server = std::make_unique<ServerProcess>(dir.path(), std::vector<std::string>{"--demo"});  // FULL sync
  GatewayProcess gateway(dir.path(), server->router_port(), "pdt");
  Terminals terminals;
  {
    WsClient admin("127.0.0.1", server->http_port());
    admin.login("officer");
    for (int i = 0; i < kRecipients; ++i) {
      std::string id = "T-BURST-" + std::to_string(i), radio = std::to_string(50000 + i);
      admin.ok("team.create", {{"id", id}, {"name", "演练分队" + std::to_string(i)}, {"kind", "volunteer"}, {"unit_id", "city"},
                               {"contacts", {{{"channel", "pdt"}, {"address", radio}}}}});
      terminals.addresses.push_back(radio);
      terminals.terms.push_back(std::make_unique<LoopbackTerminal>(gateway.terminal_port(), radio));
    }
  }
  terminals.start();
  std::mutex mutex;
  std::map<std::string, std::string> acked;  // message id → recipient address
  const int rounds = getenv("LIFELINE_CRASH_ROUNDS") ? atoi(getenv("LIFELINE_CRASH_ROUNDS")) : 3;
  std::mt19937 rng(7);
  for (int round = 0; round < rounds; ++round) {
    std::atomic<bool> stop{false};
    std::vector<std::thread> senders;
    for (int s = 0; s < 4; ++s)
      senders.emplace_back([&, s] {
        try {
          WsClient c("127.0.0.1", server->http_port());
          c.login("officer");
          std::mt19937 r(round * 10 + s);
          while (!stop) {
            int to = static_cast<int>(r() % kRecipients);
            auto res = c.call("bus.send", {{"to", "team:T-BURST-" + std::to_string(to)}, {"kind", "text"}, {"precedence", "immediate"},
                                           {"body", {{"text", "消息"}}}});
            if (res.value("ok", false)) {
              std::lock_guard lock(mutex);
              acked[res["result"]["id"]] = std::to_string(50000 + to);
            }
          }
        } catch (const std::exception&) {
        }
      });
    // Kill at a random moment, but only once this round has acked its share: the count of acked
    // messages then depends on the rounds, not on how fast a loaded machine runs the senders.
    std::this_thread::sleep_for(std::chrono::milliseconds(400 + rng() % 600));
    const size_t wanted = static_cast<size_t>(kMinAckedPerRound) * (round + 1);
    for (auto until = SteadyClock::now() + std::chrono::seconds(30); SteadyClock::now() < until;) {
      {
        std::lock_guard lock(mutex);
        if (acked.size() >= wanted) break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    server->kill9();
    stop = true;
    for (auto& t : senders) t.join();
    server->start();
  }
  // Drain: after the last restart every pending delivery is re-sent and acked.
  WsClient officer("127.0.0.1", server->http_port());
  officer.login("officer");
  auto deadline = SteadyClock::now() + std::chrono::seconds(40);
  size_t missing = 0;
  do {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    std::lock_guard lock(terminals.mutex);
    missing = 0;
    for (const auto& [id, address] : acked) missing += terminals.applied[address].count(id) ? 0 : 1;
  } while (missing > 0 && SteadyClock::now() < deadline);
  std::printf("acked %zu messages over %d kill -9 rounds; received %d, re-deliveries dropped by id %d, missing %zu\n",
              acked.size(), rounds, terminals.received.load(), terminals.duplicates.load(), missing);
  ASSERT_GE(acked.size(), static_cast<size_t>(kMinAckedPerRound) * rounds);
  EXPECT_EQ(missing, 0u) << "acknowledged messages never reached their recipient";
  // Applied at most once per recipient, whatever arrived twice.
  size_t applied = 0;
  {
    std::lock_guard lock(terminals.mutex);
    for (auto& [a, ids] : terminals.applied) applied += ids.size();
  }
  EXPECT_GE(applied, acked.size());
  // And the centre knows: every acked message's delivery ends delivered (receipts lost in the
  // crashes come again after the resends, so give them the time to arrive).
  size_t not_delivered = 0;
  std::set<std::string> open_ids;
  for (const auto& [id, address] : acked) open_ids.insert(id);
  do {
    for (auto it = open_ids.begin(); it != open_ids.end();) {
      auto res = officer.ok("bus.deliveries", {{"message_id", *it}});
      const auto& d = res["deliveries"];
      it = (!d.empty() && d[0]["state"] == "delivered") ? open_ids.erase(it) : std::next(it);
    }
    not_delivered = open_ids.size();
    if (not_delivered) std::this_thread::sleep_for(std::chrono::milliseconds(500));
  } while (not_delivered > 0 && SteadyClock::now() < deadline + std::chrono::seconds(20));
  EXPECT_EQ(not_delivered, 0u);
}
