// Bad input on the WebSocket: each case gets a clear error, the event log stays byte-identical,
// and the connection (and server) go on serving.
#include "server_fixture.hpp"

using namespace lifeline::testing;
using nlohmann::json;

using BadInput = ServerFixture;

TEST_F(BadInput, EveryMalformedRequestIsRefusedAndChangesNothing) {
  auto c = logged_in("officer");
  auto inc = c->ok("incident.create", {{"type", "flood"}, {"title", "洪水"}, {"place", {{"name", "南湾镇"}}}});
  auto task = c->ok("task.assign", {{"team_id", "T-P0013"}, {"what", "rescue"}});
  auto lead = logged_in("officer");
  for (const char* s : {"acknowledged", "en_route", "on_scene", "done"}) c->ok("task.update_status", {{"id", task["id"]}, {"status", s}});
  const auto before = event_log();

  auto code_of_raw = [&](const std::string& text) {
    c->send_text(text);
    auto f = c->next_of("res");
    EXPECT_TRUE(f) << text;
    return f ? (*f)["error"].value("code", std::string("?")) : std::string("timeout");
  };
  EXPECT_EQ(code_of_raw("{not json"), "bad_json");
  EXPECT_EQ(code_of_raw("[1,2,3]"), "bad_frame");
  EXPECT_EQ(code_of_raw(R"({"type":"nope"})"), "bad_frame");
  EXPECT_EQ(code_of_raw(R"({"type":"req","op":"incident.list"})"), "missing_field");  // no rid
  EXPECT_EQ(code_of_raw(R"({"type":"req","rid":"1","op":"incident.list","extra":1})"), "unknown_field");
  EXPECT_EQ(code_of_raw(R"({"type":"req","rid":"1","op":"incident.list","body":[]})"), "bad_field");
  EXPECT_EQ(code_of_raw(std::string(R"({"type":"req","rid":"1","op":"x","body":{"a":")") + std::string(2 << 20, 'x') + "\"}}"),
            "frame_too_large");
  EXPECT_EQ(code_of_raw(std::string(R"({"type":"req","rid":"1","op":"incident.create","body":{"a":")") + std::string(100 << 10, 'x') + "\"}}"),
            "body_too_large");

  auto code = [&](const std::string& op, const json& body) { return c->call(op, body)["error"].value("code", std::string("ok")); };
  EXPECT_EQ(code("incident.explode", {}), "unknown_op");
  EXPECT_EQ(code("incident.create", {{"title", "缺类型"}, {"place", {{"name", "x"}}}}), "missing_field");
  EXPECT_EQ(code("incident.create", {{"type", "meteor"}, {"title", "x"}, {"place", {{"name", "x"}}}}), "bad_field");
  EXPECT_EQ(code("incident.create", {{"type", "flood"}, {"title", 42}, {"place", {{"name", "x"}}}}), "bad_field");
  EXPECT_EQ(code("incident.create", {{"type", "flood"}, {"title", "x"}, {"place", {{"name", "x"}, {"lat", 95}, {"lon", 1}}}}), "bad_field");
  EXPECT_EQ(code("incident.create", {{"type", "flood"}, {"title", "x"}, {"place", {{"name", "x"}}}, {"colour", "red"}}), "unknown_field");
  EXPECT_EQ(code("incident.create", {{"type", "flood"}, {"title", "x"}, {"place", {{"name", "x"}}}, {"casualties", {{"dead", -1}}}}), "bad_field");
  // A figure that did not read as a number (三 typed in a numeric field arrives as null) is refused, not saved as 0.
  EXPECT_EQ(code("incident.create", {{"type", "flood"}, {"title", "x"}, {"place", {{"name", "x"}}}, {"casualties", {{"injured", nullptr}}}}), "bad_field");
  EXPECT_EQ(code("incident.create", {{"type", "flood"}, {"title", "x"}, {"place", {{"name", "x"}}}, {"losses_yuan", nullptr}}), "bad_field");
  EXPECT_EQ(code("task.update_status", {{"id", task["id"]}, {"status", "en_route"}}), "invalid_transition");  // done → en route
  EXPECT_EQ(code("task.update_status", {{"id", "0198c6e0-6c00-7000-8000-000000000000"}, {"status", "done"}}), "not_found");
  EXPECT_EQ(code("task.update_status", {{"id", "not-a-uuid"}, {"status", "done"}}), "bad_field");
  EXPECT_EQ(code("task.assign", {{"team_id", "T-NOPE"}, {"what", "rescue"}}), "not_found");
  EXPECT_EQ(code("task.assign", {{"team_id", "T-P0001"}, {"what", "rescue"}, {"due_at", "yesterday"}}), "bad_field");
  EXPECT_EQ(code("incident.set_level", {{"id", inc["id"]}, {"level", 2}, {"reason", "x"}}), "forbidden");  // officer
  EXPECT_EQ(code("clock.advance", {{"ms", 1000}}), "forbidden");
  // The refusal says which role in words, never the op or role keys.
  auto refused = c->call("incident.set_level", {{"id", inc["id"]}, {"level", 2}, {"reason", "x"}})["error"];
  EXPECT_EQ(refused["message_zh"], "无权执行此操作：当前角色为值班员");
  EXPECT_EQ(refused["message_en"].get<std::string>().find("duty_officer"), std::string::npos) << refused;

  // Forged and expired tokens.
  c->send(json{{"type", "req"}, {"rid", "f1"}, {"op", "incident.list"}, {"token", std::string(64, 'a')}});
  EXPECT_EQ((*c->next_of("res"))["error"]["code"], "unauthenticated");

  EXPECT_EQ(event_log(), before);
  // Still serving on the same connection.
  EXPECT_TRUE(c->call("incident.list").value("ok", false));
}

TEST_F(BadInput, HugeFrameClosesOnlyThatConnection) {
  auto c = logged_in("officer");
  c->send_text(std::string(5 << 20, ' '));  // beyond 4x the frame limit: closed with 1009
  EXPECT_FALSE(c->next_frame(std::chrono::milliseconds(3000)));
  auto d = logged_in("officer");
  EXPECT_TRUE(d->call("incident.list").value("ok", false));
}

TEST_F(BadInput, RateLimitDropsFramesBeyondTheBudget) {
  server->stop();
  server = std::make_unique<ServerProcess>(dir.path(), std::vector<std::string>{"--demo", "--max-frames-per-second", "20"});
  auto c = logged_in("officer");
  for (int i = 0; i < 60; ++i) c->send(json{{"type", "req"}, {"rid", i}, {"op", "incident.list"}});
  int limited = 0, ok = 0;
  for (int i = 0; i < 60; ++i) {
    auto f = c->next_of("res", std::chrono::milliseconds(3000));
    if (!f) break;
    if ((*f)["ok"] == true) ++ok;
    else if ((*f)["error"]["code"] == "rate_limited") ++limited;
  }
  EXPECT_GT(limited, 0);
  EXPECT_GT(ok, 0);
  EXPECT_EQ(ok + limited, 60);
}
