// ZeroMQ is authenticated (issue 14): any peer that reached the ROUTER could say hello as the PDT
// gateway, take real orders and forge receipts, all audited as "system"; any SUB socket read every
// committed event. Now only CURVE peers with keys the admin enrolled get in, revocation holds from
// the next frame, a gateway speaks only for its enrolled channel, and the audit names it.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <chrono>
#include <thread>
#include <zmq.hpp>

#include "lifeline/testing/server_process.hpp"
#include "lifeline/testing/ws_client.hpp"
#include "lifeline/testing/zmq_peer.hpp"

using namespace lifeline::testing;
using nlohmann::json;
using lifeline::gateway::generate_curve_key_pair;

namespace {

class ZmqCurve : public ::testing::Test {
 protected:
  void SetUp() override {
    server = std::make_unique<ServerProcess>(dir.path(), std::vector<std::string>{"--demo", "--synchronous", "NORMAL"});
    admin = std::make_unique<WsClient>("127.0.0.1", server->http_port());
    admin->login("admin");
    router = "tcp://127.0.0.1:" + std::to_string(server->router_port());
    feed = "tcp://127.0.0.1:" + std::to_string(server->pub_port());
  }
  // A DEALER to the ROUTER; `keys` null: no CURVE at all.
  std::unique_ptr<zmq::socket_t> dealer(const lifeline::gateway::CurveKeyPair* keys) {
    auto s = std::make_unique<zmq::socket_t>(ctx, zmq::socket_type::dealer);
    if (keys) make_curve_client(*s, *keys, server->curve_public_key());
    s->set(zmq::sockopt::linger, 0);
    s->connect(router);
    return s;
  }
  std::unique_ptr<zmq::socket_t> subscriber(const lifeline::gateway::CurveKeyPair* keys) {
    auto s = std::make_unique<zmq::socket_t>(ctx, zmq::socket_type::sub);
    if (keys) make_curve_client(*s, *keys, server->curve_public_key());
    s->set(zmq::sockopt::linger, 0);
    s->set(zmq::sockopt::subscribe, "");
    s->connect(feed);
    return s;
  }
  // Sends a request and waits up to `ms` for the answer (null: none came).
  static json ask(zmq::socket_t& s, const std::string& rid, int ms = 3000) {
    s.send(zmq::buffer(json{{"type", "req"}, {"rid", rid}, {"op", "server.info"}}.dump()), zmq::send_flags::dontwait);
    s.set(zmq::sockopt::rcvtimeo, ms);
    zmq::message_t m;
    while (s.recv(m)) {
      auto j = json::parse(m.to_string_view(), nullptr, false);
      if (j.value("rid", json()) == rid) return j;
    }
    return nullptr;
  }
  static int drain(zmq::socket_t& s, int ms) {
    int n = 0;
    auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
    zmq::message_t m;
    while (std::chrono::steady_clock::now() < until) {
      if (s.recv(m, zmq::recv_flags::dontwait)) ++n;
      else std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return n;
  }
  // Commits public events (a new unit: every user may see it, so the feed carries it) until
  // `control` hears the feed; false if it never does.
  bool feed_flows(zmq::socket_t& control) {
    for (int i = 0; i < 20; ++i) {
      admin->ok("unit.create", {{"id", "feed-" + std::to_string(++changes_)}, {"kind", "township"}, {"name", "测试镇"},
                                {"parent_id", "county-1"}});
      if (drain(control, 250) > 0) return true;
    }
    return false;
  }

  TempDir dir;
  std::unique_ptr<ServerProcess> server;
  std::unique_ptr<WsClient> admin;
  zmq::context_t ctx;
  std::string router, feed;
  int changes_ = 0;  // readiness flips so far (each one commits an event)
};

}  // namespace

TEST_F(ZmqCurve, PeerWithoutAnEnrolledKeyGetsNothingOnRouterOrFeed) {
  auto partner = enrol_peer(*admin, "water-system", "partner", "water_resources");
  auto stranger_keys = generate_curve_key_pair();
  // The enrolled partner is answered: the test can tell an answer from silence.
  auto enrolled = dealer(&partner.keys);
  ASSERT_TRUE(ask(*enrolled, "ok-1").value("ok", false));
  auto plain = dealer(nullptr);
  auto stranger = dealer(&stranger_keys);
  EXPECT_TRUE(ask(*plain, "p-1", 1500).is_null()) << "a peer without CURVE was answered";
  EXPECT_TRUE(ask(*stranger, "s-1", 1500).is_null()) << "a peer with an unenrolled key was answered";
  // The same on the partner feed; a gateway's key is not a partner's either.
  auto gateway = enrol_peer(*admin, "gw-pdt-2", "gateway", "pdt");
  auto control = subscriber(&partner.keys);
  auto sub_plain = subscriber(nullptr);
  auto sub_stranger = subscriber(&stranger_keys);
  auto sub_gateway = subscriber(&gateway.keys);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  ASSERT_TRUE(feed_flows(*control)) << "the enrolled partner never heard the feed";
  for (int i = 0; i < 3; ++i)
    admin->ok("unit.create", {{"id", "quiet-" + std::to_string(i)}, {"kind", "township"}, {"name", "测试镇"}, {"parent_id", "county-1"}});
  EXPECT_EQ(drain(*sub_plain, 500), 0) << "a SUB without CURVE read the feed";
  EXPECT_EQ(drain(*sub_stranger, 100), 0) << "a SUB with an unenrolled key read the feed";
  EXPECT_EQ(drain(*sub_gateway, 100), 0) << "a gateway's key read the partner feed";
  // The command's own secret stays the owner's.
  struct stat st {};
  ASSERT_EQ(::stat((dir.path() + "/zmq-curve.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST_F(ZmqCurve, RevokedKeyIsCutOnLiveConnectionsAndRefusedOnNewOnes) {
  auto partner = enrol_peer(*admin, "water-system", "partner", "water_resources");
  auto other = enrol_peer(*admin, "weather-system", "partner", "meteorology");
  auto live = dealer(&partner.keys);
  ASSERT_TRUE(ask(*live, "before").value("ok", false));
  auto sub = subscriber(&partner.keys);
  auto sub_other = subscriber(&other.keys);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  ASSERT_TRUE(feed_flows(*sub));
  auto revoked = admin->ok("peer.revoke", {{"id", partner.enrolment["id"]}, {"reason", "key leaked"}});
  EXPECT_EQ(revoked["id"], partner.enrolment["id"]);
  EXPECT_EQ(admin->call("peer.revoke", {{"id", partner.enrolment["id"]}})["error"]["code"], "conflict");
  // The next frame on the open connection is dropped; a new connection fails the handshake.
  EXPECT_TRUE(ask(*live, "after", 1500).is_null()) << "a revoked key's frame was answered";
  auto fresh = dealer(&partner.keys);
  EXPECT_TRUE(ask(*fresh, "fresh", 1500).is_null()) << "a revoked key passed the handshake";
  // The feed: the other partner hears on after the re-authentication, the revoked one does not.
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  drain(*sub, 200);
  drain(*sub_other, 0);
  ASSERT_TRUE(feed_flows(*sub_other)) << "the remaining partner lost the feed";
  EXPECT_EQ(drain(*sub, 300), 0) << "a revoked partner still reads the feed";
  // The same key can never be enrolled again.
  EXPECT_EQ(admin->call("peer.enrol", {{"name", "water-2"}, {"kind", "partner"}, {"unit_id", "water_resources"},
                                       {"public_key", partner.keys.public_key}})["error"]["code"], "conflict");
}

TEST_F(ZmqCurve, GatewaySpeaksOnlyForItsEnrolledChannel) {
  auto beidou = enrol_peer(*admin, "bd-1", "gateway", "beidou");
  auto gw = dealer(&beidou.keys);
  gw->set(zmq::sockopt::rcvtimeo, 3000);
  gw->send(zmq::buffer(std::string(R"({"type":"hello","link":"loopback","as":"pdt"})")), zmq::send_flags::none);
  zmq::message_t m;
  ASSERT_TRUE(gw->recv(m));
  auto refusal = json::parse(m.to_string_view());
  EXPECT_EQ(refusal["type"], "error") << m.to_string();
  EXPECT_EQ(refusal["error"]["code"], "forbidden");
  // PDT is still nobody's: no radio channel is up in the link status.
  gw->send(zmq::buffer(std::string(R"({"type":"hello","link":"beidou","as":"beidou"})")), zmq::send_flags::none);
  ASSERT_TRUE(gw->recv(m));
  EXPECT_EQ(json::parse(m.to_string_view())["type"], "welcome");
  EXPECT_EQ(json::parse(m.to_string_view())["channel"], "beidou");
  // Bad enrolments change nothing and say why.
  for (const auto& bad : {json{{"name", "x"}, {"kind", "gateway"}, {"channel", "ip"}, {"public_key", generate_curve_key_pair().public_key}},
                          json{{"name", "x"}, {"kind", "gateway"}, {"channel", "pdt"}, {"public_key", "not-a-key"}},
                          json{{"name", "x"}, {"kind", "partner"}, {"unit_id", "city"}, {"public_key", generate_curve_key_pair().public_key}},
                          json{{"name", "bd-1"}, {"kind", "gateway"}, {"channel", "pdt"}, {"public_key", generate_curve_key_pair().public_key}},
                          json{{"name", "x y"}, {"kind", "gateway"}, {"channel", "pdt"}, {"public_key", generate_curve_key_pair().public_key}}}) {
    auto res = admin->call("peer.enrol", bad);
    EXPECT_FALSE(res.value("ok", true)) << bad.dump();
    EXPECT_FALSE(res["error"].value("message_zh", "").empty());
  }
  WsClient officer("127.0.0.1", server->http_port());
  officer.login("officer");
  EXPECT_EQ(officer.call("peer.enrol", {{"name", "x"}})["error"]["code"], "forbidden");
}

TEST_F(ZmqCurve, AuditNamesTheGatewayThatCarriedAReceipt) {
  GatewayProcess gateway(dir.path(), server->router_port(), "pdt");
  WsClient officer("127.0.0.1", server->http_port());
  officer.login("officer");
  std::string radio;
  auto team = officer.ok("team.get", {{"id", "T-P0001"}});
  for (auto& c : team["contacts"])
    if (c["channel"] == "pdt") radio = c["address"];
  LoopbackTerminal terminal(gateway.terminal_port(), radio);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // the radio attached, the gateway registered
  auto sent = officer.ok("bus.send", {{"to", "team:T-P0001"}, {"kind", "text"}, {"precedence", "flash"}, {"body", {{"text", "收到请回复"}}}});
  json down;
  for (int i = 0; i < 50 && (down.is_null() || down.value("type", "") != "downlink"); ++i) down = terminal.next(200);
  ASSERT_FALSE(down.is_null()) << "the message never reached the radio";
  terminal.uplink({{"kind", "receipt"}, {"id", sent["id"]}, {"level", "device"}});
  std::string actor;
  int64_t after = 0;
  for (int i = 0; i < 200 && actor.empty(); ++i) {
    auto events = admin->ok("audit.list", {{"after_seq", after}, {"limit", 1000}})["events"];
    for (auto& e : events) {
      after = e["seq"];
      if (e["kind"] == "bus.delivery_changed" && e["subject"] == sent["id"] && e["body"].value("to", "") == "delivered")
        actor = e["actor"];
    }
    if (actor.empty() && events.size() < 1000) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(actor, "gateway:demo-pdt");
}

TEST_F(ZmqCurve, TheFeedCarriesOnlyWhatEveryUserMaySee) {
  auto partner = enrol_peer(*admin, "water-system", "partner", "water_resources");
  auto sub = subscriber(&partner.keys);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  ASSERT_TRUE(feed_flows(*sub));
  // A team's readiness, an incident in a township, a new user: none of them the water bureau's.
  admin->ok("team.set_readiness", {{"id", "T-P0002"}, {"readiness", "standby"}});
  admin->ok("incident.create", {{"type", "flood"}, {"title", "石塘镇内涝"}, {"place", {{"name", "石塘镇"}}}, {"unit_id", "P0001"}});
  admin->ok("user.create", {{"username", "feed-probe"}, {"password", "a-long-password-1"}, {"display_name", "探针"}, {"role", "observer"}, {"unit_id", "city"}});
  admin->ok("unit.create", {{"id", "feed-last"}, {"kind", "township"}, {"name", "测试镇"}, {"parent_id", "county-1"}});
  std::vector<std::string> kinds;
  sub->set(zmq::sockopt::rcvtimeo, 3000);
  zmq::message_t m;
  while (sub->recv(m)) {
    auto text = m.to_string();
    auto kind = text.substr(text.find(' ') + 1);
    kind = kind.substr(0, kind.find(' '));
    kinds.push_back(kind);
    if (text.find("feed-last") != std::string::npos) break;
  }
  ASSERT_FALSE(kinds.empty());
  EXPECT_EQ(kinds.back(), "unit.created");
  for (const auto& k : kinds) EXPECT_EQ(k, "unit.created") << "the partner feed carried " << k;
}
