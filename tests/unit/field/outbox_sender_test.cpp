// What each outbox item becomes on the wire, and how the centre's answers are read: a replay the
// centre already has is done, a credential problem stops the sync, transient errors retry.
#include <gtest/gtest.h>

#include "lifeline/field/outbox_sender.hpp"

using namespace lifeline::field;

namespace {
OutboxItem item(const std::string& kind, json body) {
  OutboxItem o;
  o.id = "0192c3f0-0000-7000-8000-000000000001";
  o.kind = kind;
  o.body = std::move(body);
  o.created_ms = 1787187600000;
  return o;
}
json err(const std::string& code) { return {{"type", "res"}, {"ok", false}, {"error", {{"code", code}, {"message_en", "x"}}}}; }
}  // namespace

TEST(FieldOutbox, RequestsCarryStableIds) {
  auto report = ip_request_for(item("report", {{"text", "堤坝渗水"}, {"at_ms", 1787187600000}}), "T-P0001");
  EXPECT_EQ(report.op, "bus.send");
  EXPECT_EQ(report.body["id"], "0192c3f0-0000-7000-8000-000000000001");
  EXPECT_EQ(report.body["to"], "role:duty_officer");
  EXPECT_EQ(report.body["body"]["reported_at"], "2026-08-20T01:00:00.000Z");
  auto up = terminal_uplink_for(item("report", {{"text", "堤坝渗水"}}));
  EXPECT_EQ(up["kind"], "report");
  EXPECT_EQ(up["id"], report.body["id"]);
  auto pos = ip_request_for(item("position", {{"lat", 27.8}, {"lon", 120.9}, {"fix_ms", 1787187600000}}), "T-P0001");
  EXPECT_EQ(pos.op, "team.report_position");
  EXPECT_EQ(pos.body["fix_at"], "2026-08-20T01:00:00.000Z");
  EXPECT_FALSE(terminal_uplink_for(item("position", {{"lat", 27.8}, {"lon", 120.9}, {"fix_ms", 1}}))["body"].contains("id"));
  auto ack = ip_request_for(item("receipt", {{"message_id", "m"}, {"level", "human"}, {"answer", "accept"}}), "");
  EXPECT_EQ(ack.op, "bus.ack");
  EXPECT_EQ(ack.body, (json{{"id", "m"}, {"level", "human"}, {"answer", "accept"}}));
  auto st = ip_request_for(item("status", {{"task_id", "t"}, {"status", "on_scene"}, {"reason", ""}}), "");
  EXPECT_EQ(st.body, (json{{"id", "t"}, {"status", "on_scene"}}));
  EXPECT_EQ(st.realm, "live");
}

// What concerns a drill's order is sent in its drill's realm; the realm is not part of the body.
TEST(FieldOutbox, ADrillOrdersAnswerStatusAndReportGoToItsDrill) {
  const std::string drill = "drill:0192c3f0-0000-7000-8000-00000000000d";
  auto ack = ip_request_for(item("receipt", {{"message_id", "m"}, {"level", "human"}, {"answer", "accept"}, {"realm", drill}}), "");
  EXPECT_EQ(ack.realm, drill);
  EXPECT_FALSE(ack.body.contains("realm"));
  auto st = ip_request_for(item("status", {{"task_id", "t"}, {"status", "en_route"}, {"realm", drill}}), "");
  EXPECT_EQ(st.realm, drill);
  EXPECT_FALSE(st.body.contains("realm"));
  auto report = ip_request_for(item("report", {{"text", "已出发"}, {"task_id", "t"}, {"realm", drill}}), "T-P0001");
  EXPECT_EQ(report.realm, drill);
  EXPECT_EQ(report.body["realm"], drill) << "the envelope's realm must match the request's";
}

TEST(FieldOutbox, ClassifiesAnswers) {
  auto s = item("status", {{"task_id", "t"}, {"status", "on_scene"}});
  EXPECT_EQ(classify(s, err("invalid_transition")).outcome, Outcome::done);
  EXPECT_EQ(classify(item("report", {}), err("invalid_transition")).outcome, Outcome::refused);
  EXPECT_EQ(classify(s, err("unauthenticated")).outcome, Outcome::revoked);
  EXPECT_EQ(classify(s, err("rate_limited")).outcome, Outcome::retry);
  EXPECT_EQ(classify(s, err("forbidden")).outcome, Outcome::refused);
  auto dup = classify(item("report", {}), {{"ok", true}, {"result", {{"id", "x"}, {"duplicate", true}}}});
  EXPECT_EQ(dup.outcome, Outcome::done);
  EXPECT_NE(dup.note.find("duplicate"), std::string::npos);
}
