// Bad input on the ZeroMQ ingress (gateways and partner systems): peers without an enrolled CURVE
// key, malformed frames, unknown types, unregistered senders, unknown terminals and messages,
// oversized frames. Each is dropped with a log line; nothing changes in the event log, the server
// keeps serving, and a real gateway that registers afterwards works.
#include <gtest/gtest.h>

#include <fstream>
#include <sqlite3.h>

#include <thread>
#include <zmq.hpp>

#include "lifeline/testing/server_process.hpp"
#include "lifeline/testing/ws_client.hpp"
#include "lifeline/testing/zmq_peer.hpp"

using namespace lifeline::testing;
using nlohmann::json;

namespace {
std::string event_log(const std::string& db_path) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  std::string out;
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "SELECT seq, kind, subject, body FROM events ORDER BY seq", -1, &st, nullptr);
  while (sqlite3_step(st) == SQLITE_ROW)
    for (int c = 0; c < 4; ++c) {
      auto t = sqlite3_column_text(st, c);
      out += t ? reinterpret_cast<const char*>(t) : "";
      out += c == 3 ? "\n" : "|";
    }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}
}  // namespace

TEST(ZmqIngress, MalformedAndForeignFramesAreDroppedAndChangeNothing) {
  TempDir dir;
  ServerProcess server(dir.path(), {"--demo", "--synchronous", "NORMAL"});
  // The peers this test plays, enrolled by the admin: a gateway for SMS, a noisy one, the water bureau's system.
  WsClient admin("127.0.0.1", server.http_port());
  admin.login("admin");
  auto sms = enrol_peer(admin, "test-sms", "gateway", "sms");
  auto noisy = enrol_peer(admin, "test-noisy", "gateway", "tiantong");
  auto water = enrol_peer(admin, "water-system", "partner", "water_resources");
  const std::string router = "tcp://127.0.0.1:" + std::to_string(server.router_port());
  auto before = event_log(dir.path() + "/live.db");
  zmq::context_t ctx;
  // No CURVE at all, and CURVE with a key nobody enrolled: nothing they send arrives.
  zmq::socket_t plain(ctx, zmq::socket_type::dealer), stranger(ctx, zmq::socket_type::dealer);
  make_curve_client(stranger, lifeline::gateway::generate_curve_key_pair(), server.curve_public_key());
  for (auto* s : {&plain, &stranger}) {
    s->set(zmq::sockopt::linger, 0);
    s->connect(router);
    s->send(zmq::buffer(std::string(R"({"type":"hello","link":"pdt","as":"pdt"})")), zmq::send_flags::dontwait);
  }
  // An enrolled gateway sending nonsense, and one over maxmsgsize (ZeroMQ drops that connection).
  zmq::socket_t rogue(ctx, zmq::socket_type::dealer), big(ctx, zmq::socket_type::dealer);
  make_curve_client(rogue, noisy.keys, server.curve_public_key());
  make_curve_client(big, noisy.keys, server.curve_public_key());
  rogue.set(zmq::sockopt::linger, 0);
  big.set(zmq::sockopt::linger, 0);
  rogue.connect(router);
  big.connect(router);
  auto send = [&](const std::string& s) { rogue.send(zmq::buffer(s), zmq::send_flags::none); };
  send("{not json");
  send("[1,2]");
  send(R"({"no":"type"})");
  send(R"({"type":"uplink","address":"1001","message":{"kind":"receipt","id":"x"}})");  // not registered
  send(R"({"type":"hello","link":"warp","as":"warp"})");                               // not its channel
  send(R"({"type":"hello","link":"pdt","as":"pdt"})");                                 // not its channel either
  big.send(zmq::buffer(std::string(2 << 20, 'x')), zmq::send_flags::none);            // over maxmsgsize
  // Registered, then nonsense from a registered gateway.
  zmq::socket_t gw(ctx, zmq::socket_type::dealer);
  make_curve_client(gw, sms.keys, server.curve_public_key());
  gw.set(zmq::sockopt::linger, 0);
  gw.set(zmq::sockopt::routing_id, std::string("test-gw"));
  gw.connect(router);
  gw.send(zmq::buffer(std::string(R"({"type":"hello","link":"loopback","as":"sms"})")), zmq::send_flags::none);
  zmq::message_t welcome;
  gw.set(zmq::sockopt::rcvtimeo, 5000);
  ASSERT_TRUE(gw.recv(welcome));
  EXPECT_NE(welcome.to_string().find("welcome"), std::string::npos);
  for (const char* bad : {R"({"type":"uplink","address":"no-such-terminal","message":{"kind":"position","body":{"lat":1,"lon":2}}})",
                          R"({"type":"uplink","address":"13910000001","message":{"kind":"receipt","id":"0198c6e0-6c00-7000-8000-000000000000"}})",
                          R"({"type":"uplink","address":"13910000001","message":{"kind":"teleport"}})",
                          R"({"type":"uplink"})", R"({"type":"sent","ref":"x","ok":false,"error":"modem on fire"})",
                          R"({"type":"frobnicate"})"})
    gw.send(zmq::buffer(std::string(bad)), zmq::send_flags::none);
  std::this_thread::sleep_for(std::chrono::milliseconds(800));
  // Still serving, and the log holds only what legitimate traffic wrote (here: nothing).
  WsClient c("127.0.0.1", server.http_port());
  c.login("officer");
  EXPECT_TRUE(c.call("incident.list").value("ok", false));
  auto after = event_log(dir.path() + "/live.db");
  EXPECT_EQ(after, before);
  // The rogue gateway was told why its hellos were refused; the strangers got nothing at all.
  rogue.set(zmq::sockopt::rcvtimeo, 2000);
  zmq::message_t refusal;
  bool refused = false;
  while (!refused && rogue.recv(refusal)) refused = refusal.to_string().find("forbidden") != std::string::npos;
  EXPECT_TRUE(refused) << "no refusal for a hello on a channel not enrolled";
  for (auto* s : {&plain, &stranger}) {
    zmq::message_t nothing;
    EXPECT_FALSE(s->recv(nothing, zmq::recv_flags::dontwait));
  }
  // A partner system (the water bureau) on ZeroMQ, acting as its department by its key: bad
  // requests get clear errors, good ones work; a login or a token is refused.
  zmq::socket_t partner(ctx, zmq::socket_type::dealer);
  make_curve_client(partner, water.keys, server.curve_public_key());
  partner.set(zmq::sockopt::linger, 0);
  partner.set(zmq::sockopt::rcvtimeo, 5000);
  partner.connect(router);
  auto ask = [&](const json& frame) {
    partner.send(zmq::buffer(frame.dump()), zmq::send_flags::none);
    zmq::message_t m;
    EXPECT_TRUE(partner.recv(m));
    return json::parse(m.to_string_view());
  };
  EXPECT_TRUE(ask({{"type", "req"}, {"rid", 1}, {"op", "incident.list"}})["ok"].get<bool>());
  EXPECT_EQ(ask({{"type", "req"}, {"op", "incident.list"}})["error"]["code"], "missing_field");
  EXPECT_EQ(ask({{"type", "req"}, {"rid", 2}, {"op", "incident.list"}, {"extra", 1}})["error"]["code"], "unknown_field");
  EXPECT_EQ(ask({{"type", "req"}, {"rid", 3}, {"op", "auth.login"}, {"body", {{"username", "admin"}, {"password", "lifeline-demo"}}}})["error"]["code"],
            "forbidden");
  EXPECT_EQ(ask({{"type", "req"}, {"rid", 4}, {"op", "user.create"}, {"token", "x"}, {"body", json::object()}})["error"]["code"], "forbidden");
  auto partner_sent = ask({{"type", "req"}, {"rid", 5}, {"op", "bus.send"},
                           {"body", {{"to", "role:duty_officer"}, {"kind", "warning"}, {"precedence", "immediate"}, {"body", {{"text", "水位超警戒"}}}}}});
  EXPECT_TRUE(partner_sent["ok"].get<bool>()) << partner_sent.dump();
  // The department's system feeds a CAP 1.2 warning in over the same socket; a resend is a duplicate, broken XML is refused.
  std::ifstream cap_file(LIFELINE_SOURCE_DIR "/tests/data/cap/v1dot2_appendix_adot2.xml");
  std::string cap_xml((std::istreambuf_iterator<char>(cap_file)), std::istreambuf_iterator<char>());
  ASSERT_FALSE(cap_xml.empty());
  // The water bureau may import only in its own name (schema/cap.md): the sample's sender becomes it.
  const std::string nws = "NATIONAL WEATHER SERVICE SACRAMENTO CA";
  ASSERT_NE(cap_xml.find(nws), std::string::npos);
  cap_xml.replace(cap_xml.find(nws), nws.size(), "示范市水利局");
  auto imported = ask({{"type", "req"}, {"rid", 7}, {"op", "warning.import"}, {"body", {{"xml", cap_xml}}}});
  ASSERT_TRUE(imported["ok"].get<bool>()) << imported.dump();
  EXPECT_EQ(imported["result"]["change"], "issued");
  auto again = ask({{"type", "req"}, {"rid", 8}, {"op", "warning.import"}, {"body", {{"xml", cap_xml}}}});
  EXPECT_TRUE(again["result"].value("duplicate", false)) << again.dump();
  EXPECT_EQ(ask({{"type", "req"}, {"rid", 9}, {"op", "warning.import"}, {"body", {{"xml", "<alert"}}}})["error"]["code"], "bad_xml");
  EXPECT_EQ(ask({{"type", "req"}, {"rid", 6}, {"op", "incident.create"}, {"body", {{"type", "flood"}, {"title", "x"}, {"place", {{"name", "y"}}}}}})["error"]["code"],
            "forbidden");  // a department may not open incidents
  // A real gateway registers and carries traffic after all that.
  GatewayProcess real(dir.path(), server.router_port(), "pdt");
  std::string radio;
  auto team = c.ok("team.get", {{"id", "T-P0001"}});
  for (auto& ct : team["contacts"])
    if (ct["channel"] == "pdt") radio = ct["address"];
  LoopbackTerminal terminal(real.terminal_port(), radio);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  auto sent = c.ok("bus.send", {{"to", "team:T-P0001"}, {"kind", "text"}, {"precedence", "flash"}, {"body", {{"text", "收到请回复"}}}});
  auto down = terminal.next(5000);
  ASSERT_FALSE(down.is_null());
  EXPECT_EQ(down["envelope"]["id"], sent["id"]);
}
