// DeliveryService (command/delivery) with a fake transport and the manual clock: which link a
// message goes out on, when it is retried, when it moves down the ladder, when it waits, when it
// expires, and that an ack ends it. The engine and its SQLite are real; the links are not, so each
// decision is seen exactly as the service hands it to the transport.
#include <gtest/gtest.h>

#include <future>
#include <mutex>
#include <set>

#include "lifeline/app/engine.hpp"
#include "lifeline/clock.hpp"
#include "lifeline/deadlines/deadline_service.hpp"
#include "lifeline/delivery/delivery_service.hpp"
#include "lifeline/testing/eventually.hpp"
#include "lifeline/testing/server_process.hpp"

using namespace lifeline;
using namespace lifeline::testing;
using nlohmann::json;

namespace {

// What the service handed to each link, and which gateways are up (set by the test).
class FakeTransport final : public delivery::Transport {
 public:
  struct Sent {
    std::string channel, address, ref;
    int attempt = 0;
  };
  void send_ip(const std::vector<uint64_t>& conns, const std::string& frame) override {
    std::lock_guard lock(mutex_);
    for (auto c : conns) ip_.push_back({c, json::parse(frame)});
  }
  bool gateway_up(const std::string& channel) const override {
    std::lock_guard lock(mutex_);
    return up_.count(channel) > 0;
  }
  json gateways() const override { return json::array(); }
  bool send_gateway(const std::string& channel, const json& downlink) override {
    std::lock_guard lock(mutex_);
    if (!up_.count(channel)) return false;
    sent_.push_back({channel, downlink["address"], downlink["ref"], downlink["delivery"]["attempt"]});
    return true;
  }
  void set_up(const std::string& channel, bool up) {
    std::lock_guard lock(mutex_);
    if (up) up_.insert(channel); else up_.erase(channel);
  }
  std::vector<Sent> sent() const {
    std::lock_guard lock(mutex_);
    return sent_;
  }
  std::vector<std::pair<uint64_t, json>> ip() const {
    std::lock_guard lock(mutex_);
    return ip_;
  }

 private:
  mutable std::mutex mutex_;
  std::set<std::string> up_;
  std::vector<Sent> sent_;
  std::vector<std::pair<uint64_t, json>> ip_;
};

constexpr int64_t kStart = 1787187600000;  // 2026-08-20T01:00:00Z
constexpr int64_t kPdtAck = 15000;         // the PDT profile's ack timeout (link_policy.cpp)

struct DeliveryServiceTest : ::testing::Test {
  TempDir dir;
  std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>(kStart);
  app::Metrics metrics;
  app::Engine engine{app::EngineConfig{dir.path(), 12LL * 3600 * 1000, "NORMAL"}, clock, metrics};
  // Presence measures silence on the transport's time: here the test's manual clock.
  delivery::Presence presence{[this] { return clock->now_ms(); }};
  FakeTransport transport;
  delivery::DeliveryService service{engine, presence, transport};
  // The city duty officer acting from inside the server (the requests skip login, not the gate).
  domain::Actor officer{"", "test", "duty_officer", "city", "", "partner:test"};

  void SetUp() override {
    engine.open_realms();
    engine.run_system("live", [&](domain::OpContext& ctx) {
      auto call = [&](const char* op, json body) { engine.ops().find(op)->handler(ctx, body); };
      call("unit.create", {{"id", "city"}, {"kind", "city"}, {"name", "示范市"}});
      call("unit.create", {{"id", "P1"}, {"kind", "township"}, {"name", "石塘镇"}, {"parent_id", "city"}});
      // IP, then the radio, then BeiDou: the squad's ladder.
      call("team.create", {{"id", "T-1"}, {"name", "石塘镇应急救援队"}, {"kind", "township"}, {"unit_id", "P1"},
                           {"contacts", {{{"channel", "ip"}, {"address", "team:T-1"}},
                                         {{"channel", "pdt"}, {"address", "1001"}},
                                         {{"channel", "beidou"}, {"address", "4200001"}}}}});
    });
    service.install();
    engine.start();
  }
  void TearDown() override { engine.stop(); }

  json call(const std::string& op, json body) {
    app::Request r;
    r.op = op;
    r.body = std::move(body);
    r.peer = officer;
    return engine.call(std::move(r));
  }
  // An order to the squad; returns the message id.
  std::string send(const std::string& precedence = "flash", int64_t ttl_ms = 3600 * 1000) {
    auto res = call("bus.send", {{"to", "team:T-1"}, {"kind", "text"}, {"precedence", precedence}, {"ttl_ms", ttl_ms},
                                 {"body", {{"text", "立即转移东岙村群众"}}}});
    EXPECT_TRUE(res.value("ok", false)) << res.dump();
    return res["result"]["id"];
  }
  json delivery(const std::string& id) {
    auto res = call("bus.deliveries", {{"message_id", id}});
    return res["result"]["deliveries"].empty() ? json() : res["result"]["deliveries"][0];
  }
  // Moves the manual clock and lets the state thread's tick run.
  void advance(int64_t ms) {
    clock->advance(ms);
    engine.wake();
  }
  // Runs `fn` on the state thread (gateway reports arrive there) and waits for it.
  void on_state(std::function<void()> fn) {
    std::promise<void> done;
    engine.post([&] {
      fn();
      done.set_value();
    });
    done.get_future().wait();
  }
  // What went out, one "channel ref attempt" per line (for failure messages).
  std::string sent_list() {
    std::string out;
    for (const auto& s : transport.sent()) out += s.channel + " " + s.ref + " " + std::to_string(s.attempt) + "\n";
    return out;
  }
  // How often one message went out on a channel.
  size_t sent_ref(const std::string& channel, const std::string& message_id) {
    size_t n = 0;
    for (const auto& s : transport.sent()) n += s.channel == channel && s.ref == message_id + "/team:T-1";
    return n;
  }
  size_t sent_on(const std::string& channel) {
    size_t n = 0;
    for (const auto& s : transport.sent()) n += s.channel == channel;
    return n;
  }
};

TEST_F(DeliveryServiceTest, WithoutIpAnOrderGoesOutOnTheRadioAndAnAckEndsIt) {
  transport.set_up("pdt", true);
  auto id = send();
  ASSERT_TRUE(eventually([&] { return sent_on("pdt") == 1; }, 5000));
  auto first = transport.sent()[0];
  EXPECT_EQ(first.address, "1001");
  EXPECT_EQ(first.ref, id + "/team:T-1");
  EXPECT_EQ(first.attempt, 1);
  EXPECT_EQ(delivery(id)["state"], "sent");
  EXPECT_EQ(delivery(id)["channel"], "pdt");

  on_state([&] { service.gateway_ack("pdt", "1001", id, "device", "", "gateway:pdt"); });
  EXPECT_EQ(delivery(id)["state"], "delivered");
  EXPECT_EQ(delivery(id)["receipt_channel"], "pdt");
  advance(10 * kPdtAck);  // long past every ack timeout: nothing is sent again
  on_state([] {});
  EXPECT_EQ(sent_on("pdt"), 1u);
}

TEST_F(DeliveryServiceTest, UnansweredItIsRetriedThenMovesDownTheLadder) {
  transport.set_up("pdt", true);
  transport.set_up("beidou", true);
  auto id = send("flash");
  ASSERT_TRUE(eventually([&] { return sent_on("pdt") == 1; }, 5000));
  advance(kPdtAck - 1);
  on_state([] {});
  EXPECT_EQ(sent_on("pdt"), 1u) << "not retried before its ack timeout";
  // Three unanswered attempts on PDT (15 s, then 30 s, then 45 s): the radio counts as down.
  advance(2);
  ASSERT_TRUE(eventually([&] { return sent_on("pdt") == 2; }, 5000));
  EXPECT_EQ(transport.sent().back().attempt, 2);
  advance(2 * kPdtAck + 1);
  ASSERT_TRUE(eventually([&] { return sent_on("pdt") == 3; }, 5000));
  advance(3 * kPdtAck + 1);
  ASSERT_TRUE(eventually([&] { return sent_on("beidou") == 1; }, 5000)) << delivery(id).dump();
  EXPECT_EQ(transport.sent().back().address, "4200001");
  EXPECT_EQ(delivery(id)["channel"], "beidou");
  auto links = call("link.status", json::object())["result"]["links"];
  bool pdt_down = false;
  for (const auto& l : links)
    if (l["owner"] == "team:T-1" && l["channel"] == "pdt") pdt_down = l["health"] == "down";
  EXPECT_TRUE(pdt_down) << links.dump();
}

TEST_F(DeliveryServiceTest, WithNoLinkItWaitsAndGoesOutWhenAGatewayComesUp) {
  auto id = send("immediate");
  on_state([] {});
  EXPECT_EQ(delivery(id)["state"], "queued");
  EXPECT_TRUE(transport.sent().empty());
  transport.set_up("pdt", true);
  advance(1);
  ASSERT_TRUE(eventually([&] { return sent_on("pdt") == 1; }, 5000)) << delivery(id).dump();
  EXPECT_EQ(delivery(id)["state"], "sent");
}

TEST_F(DeliveryServiceTest, ItExpiresAtItsTtlAndIsNeverSentAfter) {
  auto id = send("priority", 60 * 1000);
  on_state([] {});
  EXPECT_EQ(delivery(id)["state"], "queued");
  advance(60 * 1000 + 1);
  ASSERT_TRUE(eventually([&] { return delivery(id)["state"] == "expired"; }, 5000)) << delivery(id).dump();
  transport.set_up("pdt", true);
  advance(1000);
  on_state([] {});
  EXPECT_TRUE(transport.sent().empty());
}

TEST_F(DeliveryServiceTest, OverIpWhileConnectedThenTheRadioWhenIpFallsSilent) {
  transport.set_up("pdt", true);
  presence.online(7, "", "T-1");
  auto id = send();
  ASSERT_TRUE(eventually([&] { return transport.ip().size() == 1; }, 5000));
  auto [conn, frame] = transport.ip()[0];
  EXPECT_EQ(conn, 7u);
  EXPECT_EQ(frame["type"], "env");
  EXPECT_EQ(frame["envelope"]["id"], id);
  EXPECT_EQ(frame["delivery"]["channel"], "ip");
  EXPECT_TRUE(transport.sent().empty());
  // No frame from the handheld for longer than the IP window (2 s): silent, so the radio.
  advance(2001);
  ASSERT_TRUE(eventually([&] { return sent_on("pdt") == 1; }, 5000)) << delivery(id).dump();
  EXPECT_EQ(delivery(id)["channel"], "pdt");
}

TEST_F(DeliveryServiceTest, AGatewayThatCannotReachTheTerminalSendsItDownTheLadderAtOnce) {
  transport.set_up("pdt", true);
  transport.set_up("beidou", true);
  auto id = send();
  ASSERT_TRUE(eventually([&] { return sent_on("pdt") == 1; }, 5000));
  on_state([&] { service.terminal_unreachable("pdt", id + "/team:T-1", "terminal 1001 not attached", "gateway:pdt"); });
  ASSERT_TRUE(eventually([&] { return sent_on("beidou") == 1; }, 5000)) << delivery(id).dump();
  // Heard again on the radio: back up, and the next order goes there first. The first order,
  // still unacknowledged on BeiDou, fails back to the radio at the next tick (when that tick runs
  // against the new send depends on the machine, so each is looked for by its own ref).
  on_state([&] { service.heard("pdt", "1001", clock->now_ms(), "gateway:pdt"); });
  auto next = send();
  ASSERT_TRUE(eventually([&] { return sent_ref("pdt", next) == 1; }, 5000)) << delivery(next).dump() << "\n" << sent_list();
  advance(1);
  ASSERT_TRUE(eventually([&] { return sent_ref("pdt", id) == 2; }, 5000)) << delivery(id).dump() << "\n" << sent_list();
  EXPECT_EQ(delivery(id)["attempt"], 3);
  EXPECT_EQ(sent_ref("pdt", next), 1u);
}

}  // namespace

// The order's receipt deadline (schema/bus.md §2): a FLASH order not delivered in 2 min is missed
// (the alarm on the order); the desk sends it over the next link at once; the receipt meets it.
struct OrderReceiptTest : DeliveryServiceTest {
  deadlines::DeadlineService deadline_service{engine};
  void SetUp() override {
    deadline_service.install();  // before the engine starts (DeliveryServiceTest::SetUp starts it)
    DeliveryServiceTest::SetUp();
  }
  json assign(const std::string& precedence) {
    auto res = call("task.assign", {{"team_id", "T-1"}, {"what", "evacuate"}, {"precedence", precedence}, {"note", "立即转移东岙村群众"}});
    EXPECT_TRUE(res.value("ok", false)) << res.dump();
    return res["result"];
  }
  json receipt_deadline(const std::string& task_id) {
    json row;
    on_state([&] {
      row = engine.live().query_one("SELECT status, due_at, title_zh, title_en FROM deadlines WHERE kind = 'order.receipt' AND subject = ?",
                                    {task_id});
    });
    return row;
  }
};

TEST_F(OrderReceiptTest, MissedAfterItsLimitThenTheNextLinkAndItsReceiptMeetIt) {
  transport.set_up("pdt", true);
  transport.set_up("beidou", true);
  auto task = assign("flash");
  ASSERT_TRUE(eventually([&] { return sent_on("pdt") == 1; }, 5000));
  auto d = receipt_deadline(task["id"]);
  ASSERT_FALSE(d.is_null());
  EXPECT_EQ(d["status"], "open");
  EXPECT_EQ(d["due_at"], kStart + 2 * 60 * 1000);
  EXPECT_EQ(d["title_zh"], "特急指令送达石塘镇应急救援队");
  // The radio takes it but no receipt comes: 2 min on, the order's alarm.
  advance(2 * 60 * 1000 + 1);
  ASSERT_TRUE(eventually([&] { return receipt_deadline(task["id"])["status"] == "missed"; }, 5000));
  // Sent over the next link now, not after the radio's remaining timeouts.
  size_t on_pdt = sent_on("pdt");
  auto res = call("task.reroute", {{"id", task["id"]}});
  ASSERT_TRUE(res.value("ok", false)) << res.dump();
  EXPECT_EQ(res["result"]["channel"], "beidou");
  ASSERT_TRUE(eventually([&] { return sent_on("beidou") == 1; }, 5000)) << sent_list();
  EXPECT_EQ(delivery(task["message_id"])["channel"], "beidou");
  // The radio, still "up", does not take it back at the next tick (given up for this order).
  advance(1);
  on_state([] {});
  EXPECT_EQ(sent_on("pdt"), on_pdt) << sent_list();
  on_state([&] { service.gateway_ack("beidou", "4200001", task["message_id"], "device", "", "gateway:beidou"); });
  EXPECT_EQ(receipt_deadline(task["id"])["status"], "met");
  // Delivered: nothing left to reroute.
  auto again = call("task.reroute", {{"id", task["id"]}});
  EXPECT_EQ(again["error"]["code"], "invalid_transition") << again.dump();
}

TEST_F(OrderReceiptTest, TheTeamsAnswerByPhoneMeetsItACancellationCancelsItAndNoOtherLinkIsSaid) {
  transport.set_up("pdt", true);
  auto phoned = assign("immediate");
  EXPECT_EQ(receipt_deadline(phoned["id"])["due_at"], kStart + 10 * 60 * 1000);
  // Only the radio is up: no next link to offer.
  auto none = call("task.reroute", {{"id", phoned["id"]}});
  EXPECT_EQ(none["error"]["code"], "no_route") << none.dump();
  auto status = call("task.update_status", {{"id", phoned["id"]}, {"status", "acknowledged"}, {"reason", "队长电话确认"}});
  ASSERT_TRUE(status.value("ok", false)) << status.dump();
  EXPECT_EQ(receipt_deadline(phoned["id"])["status"], "met");
  auto answered = call("task.reroute", {{"id", phoned["id"]}});
  EXPECT_EQ(answered["error"]["code"], "invalid_transition") << answered.dump();

  auto cancelled = assign("routine");
  EXPECT_EQ(receipt_deadline(cancelled["id"])["due_at"], kStart + 120 * 60 * 1000);
  ASSERT_TRUE(call("task.cancel", {{"id", cancelled["id"]}, {"reason", "已由其他队伍完成"}}).value("ok", false));
  EXPECT_EQ(receipt_deadline(cancelled["id"])["status"], "cancelled");
  auto unknown = call("task.reroute", {{"id", "00000000-0000-7000-8000-000000000000"}});
  EXPECT_EQ(unknown["error"]["code"], "not_found") << unknown.dump();
}

// A team cut off (no link up) has the order queued; cancelled before it goes out, the order is
// withdrawn and no cancellation follows it when the links come back. An order already handed to
// the radio is followed by its cancellation.
// Seed-digest §8: a member who failed the comms test may not join a rescue. The order itself says
// whom the team leaves behind, on whatever link carries it.
TEST_F(OrderReceiptTest, AnOrderToARescueNamesTheMembersWhoFailedTheCommsTest) {
  on_state([&] {
    engine.run_system("live", [&](domain::OpContext& ctx) {
      engine.ops().find("team.add_member")->handler(
          ctx, {{"team_id", "T-1"}, {"member", {{"id", "00000000-0000-7000-8000-000000000001"}, {"name", "王二"}, {"role", "member"}}}});
      ctx.emit("team.member_comms_tested", "T-1",
               {{"member_id", "00000000-0000-7000-8000-000000000001"}, {"passed", false}, {"tested_on", "2025-08-01"},
                {"note", "卫星电话拨号失败"}});
    });
  });
  auto order = assign("immediate");
  ASSERT_EQ(order["held_back"].size(), 1u);
  json envelope;
  on_state([&] {
    envelope = json::parse(engine.live().query_one("SELECT envelope FROM messages WHERE id = ?", {order["message_id"]})["envelope"]
                               .get<std::string>());
  });
  EXPECT_EQ(envelope["body"]["note"], "立即转移东岙村群众（通信考核未通过，不参加本次救援：王二）") << envelope.dump();
}

TEST_F(OrderReceiptTest, AnOrderStillQueuedWhenItsTaskIsCancelledIsWithdrawnAndNoCancellationFollows) {
  auto queued = assign("immediate");
  EXPECT_EQ(delivery(queued["message_id"])["state"], "queued");
  auto res = call("task.cancel", {{"id", queued["id"]}, {"reason", "改派其他队伍"}});
  ASSERT_TRUE(res.value("ok", false)) << res.dump();
  EXPECT_EQ(res["result"]["orders_withdrawn"], 1);
  EXPECT_FALSE(res["result"].contains("message_id"));
  EXPECT_EQ(delivery(queued["message_id"])["state"], "expired");
  transport.set_up("pdt", true);
  advance(1000);
  on_state([] {});
  EXPECT_TRUE(transport.sent().empty()) << sent_list();

  auto out = assign("immediate");
  ASSERT_TRUE(eventually([&] { return sent_on("pdt") == 1; }, 5000)) << sent_list();
  auto later = call("task.cancel", {{"id", out["id"]}, {"reason", "险情解除"}});
  ASSERT_TRUE(later.value("ok", false)) << later.dump();
  EXPECT_EQ(later["result"]["orders_withdrawn"], 0);
  ASSERT_TRUE(later["result"].contains("message_id"));
  ASSERT_TRUE(eventually([&] { return sent_on("pdt") == 2; }, 5000)) << sent_list();
}
