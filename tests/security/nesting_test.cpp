// A deeply nested JSON frame is refused before any parser or copy recurses into it, on every
// ingress: it once killed the server before login (stack overflow) over WebSocket and ZeroMQ alike.
#include <gtest/gtest.h>

#include <zmq.hpp>

#include "lifeline/testing/http_client.hpp"
#include "lifeline/testing/server_process.hpp"
#include "lifeline/testing/ws_client.hpp"
#include "lifeline/testing/zmq_peer.hpp"

using namespace lifeline::testing;
using nlohmann::json;

namespace {
// The frame from the review: 200 kB, 100,000 nested arrays inside a request body.
std::string bomb() {
  return R"({"type":"req","rid":"1","op":"server.info","body":{"a":)" + std::string(100000, '[') +
         std::string(100000, ']') + "}}";
}
}  // namespace

TEST(NestingLimit, BombsOnWebSocketZeroMqAndHttpAreRefusedAndTheServerKeepsServing) {
  TempDir dir;
  ServerProcess server(dir.path(), {"--demo", "--synchronous", "NORMAL"});

  // WebSocket, before login: a clear refusal on the same connection, which stays usable.
  WsClient ws("127.0.0.1", server.http_port());
  ws.send_text(bomb());
  auto res = ws.next_of("res");
  ASSERT_TRUE(res.has_value());
  EXPECT_EQ((*res)["error"]["code"], "json_too_deep");
  EXPECT_NE((*res)["error"]["message_zh"].get<std::string>().find("嵌套"), std::string::npos);
  // 33 levels is one too many; 32 is fine.
  ws.send_text(R"({"type":"req","rid":"2","op":"server.info","body":{"a":)" + std::string(31, '[') + std::string(31, ']') + "}}");
  EXPECT_EQ(ws.next_of("res").value()["error"]["code"], "json_too_deep");
  EXPECT_EQ(ws.call("server.info", {{"a", json::array({json::array()})}})["error"]["code"], "unknown_field");

  // ZeroMQ partner socket: dropped, nothing answered, the server lives.
  WsClient admin("127.0.0.1", server.http_port());
  admin.login("admin");
  auto partner = enrol_peer(admin, "water-system", "partner", "water_resources");
  zmq::context_t ctx;
  zmq::socket_t peer(ctx, zmq::socket_type::dealer);
  make_curve_client(peer, partner.keys, server.curve_public_key());
  peer.set(zmq::sockopt::linger, 0);
  peer.connect("tcp://127.0.0.1:" + std::to_string(server.router_port()));
  peer.send(zmq::buffer(bomb()), zmq::send_flags::none);
  peer.send(zmq::buffer(std::string(R"({"type":"req","rid":"z1","op":"server.info","body":{}})")), zmq::send_flags::none);
  peer.set(zmq::sockopt::rcvtimeo, 10000);
  zmq::message_t reply;
  ASSERT_TRUE(peer.recv(reply));
  auto z = json::parse(reply.to_string());
  EXPECT_EQ(z["rid"], "z1");  // the bomb got no answer; the next request did
  EXPECT_TRUE(z["ok"].get<bool>());

  // HTTP citizen route: 400 with the reason.
  auto citizen = http(server.http_port(), "POST", "/api/citizen/hazards", R"({"a":)" + std::string(5000, '[') + std::string(5000, ']') + "}");
  EXPECT_EQ(citizen.status, 400);
  EXPECT_NE(citizen.body.find("json_too_deep"), std::string::npos) << citizen.body;

  // Still serving: a fresh login works.
  WsClient after("127.0.0.1", server.http_port());
  EXPECT_TRUE(after.login("officer").contains("token"));
}
