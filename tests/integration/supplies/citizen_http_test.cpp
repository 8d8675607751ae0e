// The citizen report channel over HTTP: accepted once per client key, bad input refused with a
// clear error and no change to the event log, the report visible to the centre with its deadlines.
#include "lifeline/testing/http_client.hpp"
#include "server_fixture.hpp"

using namespace lifeline::testing;
using nlohmann::json;

namespace {

HttpReply post(int port, const std::string& path, const std::string& body) { return http(port, "POST", path, body); }

using CitizenHttp = ServerFixture;

// One of /metrics' raw counts, e.g. lifeline_hazard_closure_denominator.
int64_t metric(int port, const std::string& name) {
  auto text = http(port, "GET", "/metrics", "").body;
  auto at = text.find("\n" + name + " ");
  return at == std::string::npos ? -1 : std::stoll(text.substr(at + name.size() + 2));
}

TEST_F(CitizenHttp, ReportIsIdempotentByClientKeyAndBadInputChangesNothing) {
  // The demo city's hazards (its urban-rural fringe campaign) before the report.
  const auto found_before = metric(server->http_port(), "lifeline_hazard_closure_denominator");
  const auto closed_before = metric(server->http_port(), "lifeline_hazard_closure_numerator");
  ASSERT_GE(closed_before, 0);
  json report = {{"client_key", "c-7f3a"}, {"description", "桥下堆放大量液化气罐"}, {"contact", "13900000000"},
                 {"place", {{"name", "石塘镇桥下"}, {"lat", 28.1}, {"lon", 120.1}}},
                 {"photo", {{"ref", "uploads/2026/08/abc.jpg"}, {"bytes", 2000000}}}};
  auto first = post(server->http_port(), "/api/citizen/hazards", report.dump());
  ASSERT_EQ(first.status, 201) << first.body;
  auto id = json::parse(first.body)["id"];
  auto again = post(server->http_port(), "/api/citizen/hazards", report.dump());
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(json::parse(again.body)["id"], id);
  EXPECT_TRUE(json::parse(again.body)["duplicate"].get<bool>());

  auto log = event_log();
  auto big = report;
  big["client_key"] = "c-other";
  big["photo"]["bytes"] = 50 * 1024 * 1024;
  auto refused = post(server->http_port(), "/api/citizen/hazards", big.dump());
  EXPECT_EQ(refused.status, 413);
  EXPECT_EQ(json::parse(refused.body)["error"]["code"], "photo_too_large");
  EXPECT_FALSE(json::parse(refused.body)["error"]["message_zh"].get<std::string>().empty());
  EXPECT_EQ(post(server->http_port(), "/api/citizen/hazards", "{oops").status, 400);
  auto neg = report;
  neg["client_key"] = "c-neg";
  neg["photo"]["bytes"] = -1;
  EXPECT_EQ(post(server->http_port(), "/api/citizen/hazards", neg.dump()).status, 400);
  auto extra = report;
  extra["client_key"] = "c-extra";
  extra["source"] = "inspector";
  EXPECT_EQ(json::parse(post(server->http_port(), "/api/citizen/hazards", extra.dump()).body)["error"]["code"], "unknown_field");
  EXPECT_EQ(event_log(), log);

  auto officer = logged_in("officer");
  auto h = officer->ok("hazard.get", {{"id", id}});
  EXPECT_EQ(h["source"], "citizen");
  EXPECT_EQ(h["photo_ref"], "uploads/2026/08/abc.jpg");
  std::set<std::string> kinds;
  for (const auto& d : h["deadlines"]) kinds.insert(d["kind"]);
  EXPECT_EQ(kinds, (std::set<std::string>{"hazard.assign", "hazard.verify", "hazard.rectify"}));
  // The rates' raw counts on /metrics: one hazard more found, none more closed.
  EXPECT_EQ(metric(server->http_port(), "lifeline_hazard_closure_denominator"), found_before + 1);
  EXPECT_EQ(metric(server->http_port(), "lifeline_hazard_closure_numerator"), closed_before);
}

TEST_F(CitizenHttp, TheCitizensNumberIsForTheDeskOnly) {
  json report = {{"client_key", "c-phone"}, {"description", "山体裂缝"}, {"contact", "13900001111"},
                 {"place", {{"name", "石塘镇后山"}, {"lat", 28.1}, {"lon", 120.1}}}, {"photo", {{"ref", "p.jpg"}, {"bytes", 1000}}}};
  auto first = post(server->http_port(), "/api/citizen/hazards", report.dump());
  ASSERT_EQ(first.status, 201) << first.body;
  auto id = json::parse(first.body)["id"];
  auto observer = logged_in("observer");
  observer->ok("board.subscribe");
  auto officer = logged_in("officer");
  EXPECT_EQ(officer->ok("hazard.get", {{"id", id}})["contact"], "13900001111");
  auto seen = observer->ok("hazard.get", {{"id", id}});  // the observer sees the hazard, not the number
  EXPECT_FALSE(seen.contains("contact"));
  EXPECT_EQ(seen.dump().find("13900001111"), std::string::npos) << seen.dump();
  auto listed = observer->ok("hazard.list");
  EXPECT_EQ(listed.dump().find("13900001111"), std::string::npos);
  EXPECT_FALSE(listed["hazards"].empty());
  // Nor in the pushes: the next report's event reaches the observer without the number.
  report["client_key"] = "c-phone-2";
  ASSERT_EQ(post(server->http_port(), "/api/citizen/hazards", report.dump()).status, 201);
  json push;
  for (int i = 0; i < 50 && push.is_null(); ++i) {
    auto frame = observer->next_of("push");
    if (!frame) break;
    if ((*frame)["event"].value("kind", "") == "hazard.reported") push = (*frame)["event"];
  }
  ASSERT_FALSE(push.is_null());
  EXPECT_EQ(push["body"].value("description", ""), "山体裂缝");
  EXPECT_EQ(push.dump().find("13900001111"), std::string::npos) << push.dump();
}

TEST_F(CitizenHttp, OneAddressMakesAtMostThirtyReportsAMinute) {
  json report = {{"description", "路面塌陷"}, {"place", {{"name", "石塘镇"}, {"lat", 28.1}, {"lon", 120.1}}},
                 {"photo", {{"ref", "p.jpg"}, {"bytes", 1000}}}};
  for (int i = 0; i < 30; ++i) {
    report["client_key"] = "c-flood-" + std::to_string(i);
    ASSERT_EQ(post(server->http_port(), "/api/citizen/hazards", report.dump()).status, 201) << i;
  }
  auto log = event_log();
  report["client_key"] = "c-flood-30";
  auto refused = post(server->http_port(), "/api/citizen/hazards", report.dump());
  EXPECT_EQ(refused.status, 429);
  EXPECT_EQ(refused.header("Retry-After"), "60");
  auto error = json::parse(refused.body)["error"];
  EXPECT_EQ(error["code"], "rate_limited");
  EXPECT_NE(error["message_zh"].get<std::string>().find("每个地址每分钟最多 30 次"), std::string::npos) << error.dump();
  EXPECT_EQ(event_log(), log);
  // Other routes and other users are not affected.
  EXPECT_EQ(http(server->http_port(), "GET", "/api/cap/feed.atom").status, 200);
}

}  // namespace
