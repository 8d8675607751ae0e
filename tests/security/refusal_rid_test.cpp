// Every answer carries its request's rid: ingress-level refusals (rate_limited above all) once
// answered `rid: null` although the frame had one, so a client could not tell which request was
// dropped (1,000 of a 6,000-request burst came back without their rid).
#include <gtest/gtest.h>

#include <map>

#include "lifeline/testing/server_process.hpp"
#include "lifeline/testing/ws_client.hpp"

using namespace lifeline::testing;
using nlohmann::json;

TEST(RefusalRid, EveryRefusalOfAReadableFrameEchoesItsRid) {
  TempDir dir;
  ServerProcess server(dir.path(), {"--synchronous", "NORMAL", "--max-frames-per-second", "20", "--max-frame-bytes", "4096"});
  WsClient ws("127.0.0.1", server.http_port());

  // A burst far over 20 frames/s, rids alternately strings and integers (echoed in their type).
  const int kBurst = 1000;
  std::map<std::string, int> answers;  // rid as JSON text → answers seen
  for (int i = 0; i < kBurst; ++i) {
    json rid = i % 2 ? json("burst-" + std::to_string(i)) : json(i);
    answers[rid.dump()] = 0;
    ws.send({{"type", "req"}, {"rid", rid}, {"op", "server.info"}, {"body", json::object()}});
  }
  // Readable frames refused before they are requests: oversized, and an unknown frame type. Each
  // may also meet the full rate window; either way the answer names it.
  ws.send({{"type", "req"}, {"rid", "too-big"}, {"op", "server.info"}, {"body", {{"pad", std::string(8192, 'x')}}}});
  ws.send({{"type", "gossip"}, {"rid", 7007}});
  answers["\"too-big\""] = 0;
  answers["7007"] = 0;

  int limited = 0, served = 0, null_rids = 0;
  for (size_t n = 0; n < answers.size(); ++n) {
    auto res = ws.next_of("res");
    ASSERT_TRUE(res.has_value()) << "answer " << n << " of " << answers.size();
    const auto& rid = (*res)["rid"];
    null_rids += rid.is_null();
    auto it = answers.find(rid.dump());
    ASSERT_NE(it, answers.end()) << "an answer with a rid nobody sent: " << res->dump();
    ++it->second;
    auto code = (*res).value("ok", false) ? std::string("ok") : (*res)["error"].value("code", "");
    bool special = rid == "too-big" || rid == 7007;
    if (!special && code == "rate_limited") ++limited;
    if (!special && code == "ok") ++served;
    if (rid == "too-big") EXPECT_TRUE(code == "frame_too_large" || code == "rate_limited") << res->dump();
    if (rid == 7007) EXPECT_TRUE(code == "bad_frame" || code == "rate_limited") << res->dump();
  }
  for (const auto& [rid, n] : answers) EXPECT_EQ(n, 1) << "rid " << rid;
  EXPECT_EQ(null_rids, 0);
  EXPECT_GT(limited, 0) << "the burst should have met the rate limit";
  EXPECT_EQ(limited + served, kBurst);
  std::printf("refusal rid: %d requests, %d served, %d rate_limited, %d answers without rid\n", kBurst, served, limited, null_rids);

  // Only a frame whose rid cannot be read is answered with rid null.
  ws.send_text("{not json");
  auto bad = ws.next_of("res", std::chrono::seconds(5));
  ASSERT_TRUE(bad.has_value());
  EXPECT_TRUE((*bad)["rid"].is_null());
}
