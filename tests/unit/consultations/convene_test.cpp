// The consultation.convene deadline, as the rules engine opens it for a typhoon or rainstorm
// warning (rules.toml: within 2 h), is met when a consultation for that warning is held: on time
// if held by the due time, late (after escalation) otherwise.
#include "lifeline/consultations/consultations.hpp"
#include "lifeline/deadlines/deadlines.hpp"
#include "lifeline/time_format.hpp"
#include "store_fixture.hpp"

using namespace lifeline;
using namespace lifeline::testing;
using nlohmann::json;

namespace {

constexpr int64_t kMin = 60 * 1000;

struct ConveneTest : StoreFixture {
  void SetUp() override {
    consultations::register_consultation_ops(ops);
    consultations::register_decision_ops(ops);
    consultations::register_consultation_views(ops);
    deadlines::register_deadline_ops(ops);
    seed_city();
    op("unit.create", {{"id", "water_resources"}, {"kind", "department"}, {"name", "水利局"}, {"parent_id", "city"}});
  }
  // What the rules engine does on a red typhoon warning, in its own transaction.
  void system(const std::function<void(domain::OpContext&)>& fn) {
    domain::OpContext ctx(*store, admin, clock.now_ms(), "ip", clock);
    store->begin_batch();
    fn(ctx);
    store->commit_batch();
  }
  void require_convene(const std::string& warning) {
    system([&](domain::OpContext& ctx) {
      deadlines::DeadlineSpec s;
      s.kind = consultations::kConveneKind;
      s.subject = warning;
      s.title_zh = "召开台风/暴雨联合会商";
      s.title_en = "Convene the typhoon/rainstorm joint consultation";
      s.due_at = ctx.now() + 120 * kMin;
      deadlines::open(ctx, s);
    });
  }
  json convene(const std::string& warning) {
    return store->query_one("SELECT status, on_time, met_at, escalation_level FROM deadlines WHERE kind = ? AND subject = ?",
                            {consultations::kConveneKind, warning});
  }
  json open(const std::string& subject, int64_t at, bool held) {
    return op("consultation.open", {{"subject", subject}, {"title", "台风会商"}, {"departments", {"water_resources"}},
                                    {"scheduled_at", format_rfc3339_ms(at)}, {"held", held}});
  }
};

TEST_F(ConveneTest, HeldWithinTwoHoursMeetsTheConveneDeadlineOnTime) {
  require_convene("W-TYPHOON-1");
  clock.advance(90 * kMin);
  auto r = open("W-TYPHOON-1", clock.now_ms(), true);
  EXPECT_EQ(r["status"], "held");
  EXPECT_EQ(r["convene_met"], 1);
  auto d = convene("W-TYPHOON-1");
  EXPECT_EQ(d["status"], "met");
  EXPECT_EQ(d["on_time"], 1);
  EXPECT_EQ(d["met_at"], clock.now_ms());
}

TEST_F(ConveneTest, ScheduledIsNotHeldUntilStartedAndAStartAfterTheDueTimeIsLate) {
  require_convene("W-RAIN-1");
  auto r = open("W-RAIN-1", clock.now_ms() + 60 * kMin, false);
  EXPECT_EQ(r["status"], "scheduled");
  EXPECT_EQ(r["convene_met"], 0);
  EXPECT_EQ(convene("W-RAIN-1")["status"], "open");
  // Exactly at the due time nothing is overdue; 1 ms later it is missed and escalated.
  clock.advance(120 * kMin);
  system([](domain::OpContext& ctx) { deadlines::escalate_due(ctx, nullptr); });
  EXPECT_EQ(convene("W-RAIN-1")["status"], "open");
  clock.advance(1);
  system([](domain::OpContext& ctx) { deadlines::escalate_due(ctx, nullptr); });
  EXPECT_EQ(convene("W-RAIN-1")["status"], "missed");
  EXPECT_EQ(convene("W-RAIN-1")["escalation_level"], 1);
  auto id = r["id"].get<std::string>();
  EXPECT_EQ(op("consultation.start", {{"id", id}})["convene_met"], 1);
  auto d = convene("W-RAIN-1");
  EXPECT_EQ(d["status"], "met");
  EXPECT_EQ(d["on_time"], 0);
}

TEST_F(ConveneTest, ASubjectNobodyKnowsIsRefused) {
  EXPECT_EQ(error_of("consultation.open", {{"subject", "W-NONE"}, {"title", "x"}, {"departments", {"water_resources"}},
                                           {"scheduled_at", format_rfc3339_ms(clock.now_ms())}, {"held", true}}),
            "not_found");
  EXPECT_TRUE(store->query("SELECT id FROM consultations").empty());
}

}  // namespace
