// Hazard lifecycle with a manual clock: deadlines, grade rules, reopen with history, citizen input.
#include "lifeline/deadlines/working_days.hpp"
#include "supplies_fixture.hpp"

using namespace lifeline::testing;
using nlohmann::json;

namespace {
constexpr int64_t kMin = 60 * 1000;

constexpr int64_t kHour = 60 * kMin;
constexpr int64_t kDay = 24 * kHour;

struct HazardsTest : SuppliesFixture {
  lifeline::domain::Actor system{"", "system", "system", "", ""};
  // Found by an inspector, graded when reported if `grade` is given.
  std::string report(const std::string& title, const std::string& grade = "") {
    json body = {{"title", title}, {"place", {{"name", "石塘镇"}, {"lat", 28.1}, {"lon", 120.1}}}};
    if (!grade.empty()) body["grade"] = grade, body["unit_id"] = "P0001";
    return op("hazard.report", body)["id"];
  }
  // A citizen photo report (随手拍), as the citizen channel submits it.
  std::string citizen(const std::string& title) {
    return op("hazard.report", {{"title", title}, {"source", "citizen"}, {"place", {{"lat", 28.1}, {"lon", 120.1}}}}, &system)["id"];
  }
  // The hazard's deadlines of `kind` (any status), oldest first.
  json deadlines_of(const std::string& id, const std::string& kind) {
    return store->query("SELECT kind, due_at, status FROM deadlines WHERE subject = ? AND kind = ? ORDER BY opened_at", {id, kind});
  }
};

TEST_F(HazardsTest, LargerHazardSuspendsUntilThirdPartyAcceptanceAndReopenKeepsHistory) {
  auto id = report("通风不良");
  clock.advance(30 * kMin);
  op("hazard.assign", {{"id", id}, {"unit_id", "county-1"}});
  op("hazard.verify", {{"id", id}, {"valid", true}, {"grade", "larger"}});
  EXPECT_EQ(store->query_one("SELECT suspended FROM hazards WHERE id = ?", {id})["suspended"], 1);
  op("hazard.rectified", {{"id", id}});
  EXPECT_EQ(code_of("hazard.accept", {{"id", id}, {"passed", true}}), "bad_field");
  op("hazard.accept", {{"id", id}, {"passed", true}, {"third_party", true}});
  auto h = op("hazard.get", {{"id", id}});
  EXPECT_EQ(h["status"], "closed");
  EXPECT_EQ(h["suspended"], 0);
  auto before = h["history"].size();
  op("hazard.reopen", {{"id", id}, {"reason", "复查不合格"}});
  h = op("hazard.get", {{"id", id}});
  EXPECT_EQ(h["status"], "rectifying");
  EXPECT_EQ(h["reopen_count"], 1);
  EXPECT_EQ(h["history"].size(), before + 1);  // the hazard's own events, none rewritten
  EXPECT_EQ(h["history"][before - 1]["kind"], "hazard.accepted");
  EXPECT_EQ(h["history"][before]["kind"], "hazard.reopened");
  bool accepted_kept = false;
  for (const auto& e : h["history"]) accepted_kept |= e["kind"] == "hazard.accepted";
  EXPECT_TRUE(accepted_kept);
  // Found by an inspector: none of the citizen channel's 1 h / 24 h limits.
  EXPECT_TRUE(deadlines_of(id, "hazard.assign").empty());
  EXPECT_TRUE(deadlines_of(id, "hazard.verify").empty());
}

TEST_F(HazardsTest, MajorNeedsTheFiveInPlaceWithItsTargetAndMissedAssignmentCountsLate) {
  auto id = citizen("尾矿库超设计库容");
  clock.advance(61 * kMin);
  escalate();
  op("hazard.assign", {{"id", id}, {"unit_id", "city"}});
  op("hazard.verify", {{"id", id}, {"valid", true}, {"grade", "major"}});
  auto row = store->query_one("SELECT listed, listed_reason FROM hazards WHERE id = ?", {id});
  EXPECT_EQ(row["listed"], 1);
  EXPECT_EQ(row["listed_reason"], "major");
  EXPECT_EQ(code_of("hazard.rectified", {{"id", id}}), "missing_field");
  // 五到位 is target, measures, time, funds, responsible person: a "plan" in place of the target is refused.
  json five = {{"target", "库容降至设计值以下"}, {"measures", "降低库容"}, {"owner", "李四"}, {"funds_yuan", 2000000},
               {"deadline", "2025-11-30T16:00:00.000Z"}};
  auto with_plan = five;
  with_plan.erase("target");
  with_plan["plan"] = "专项方案";
  EXPECT_EQ(code_of("hazard.plan", {{"id", id}, {"five_in_place", with_plan}}), "missing_field");
  op("hazard.plan", {{"id", id}, {"five_in_place", five}});
  EXPECT_EQ(op("hazard.get", {{"id", id}})["five_in_place"]["target"], "库容降至设计值以下");
  op("hazard.rectified", {{"id", id}});
  auto t = on_time("hazard.assign");
  EXPECT_EQ(t["numerator"], 0);
  EXPECT_EQ(t["denominator"], 1);
  EXPECT_EQ(on_time("hazard.verify")["numerator"], 1);
  EXPECT_EQ(on_time("hazard.rectify")["numerator"], 1);
}

TEST_F(HazardsTest, AcceptanceWithinThreeWorkingDays) {
  // Friday 2025-08-22 10:00 CST + 3 working days = Wednesday 2025-08-27 10:00 CST.
  EXPECT_EQ(lifeline::deadlines::add_working_days(1755828000000, 3), 1755828000000 + 5 * 24 * 3600 * 1000LL);
  // Sunday 2025-08-24 10:00 CST counts from Monday 00:00: + 3 = Thursday 2025-08-28 00:00 CST.
  EXPECT_EQ(lifeline::deadlines::add_working_days(1756000800000, 3), 1756310400000);
  auto id = report("灭火器过期");
  op("hazard.assign", {{"id", id}, {"unit_id", "P0001"}});
  op("hazard.verify", {{"id", id}, {"valid", true}, {"grade", "general"}});
  op("hazard.rectified", {{"id", id}});  // 2025-08-20 (Wednesday) 09:00 CST
  auto d = op("deadline.list", {{"kind", "hazard.accept"}})["deadlines"];
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0]["due_at"], "2025-08-25T01:00:00.000Z");  // Monday 09:00 CST
}

TEST_F(HazardsTest, CitizenReportsAreIdempotentAndValidated) {
  lifeline::supplies::CitizenLimits lim;
  auto good = json{{"client_key", "k-1"}, {"description", "路边化学品桶泄漏"}, {"place", {{"lat", 28.1}, {"lon", 120.1}}},
                   {"photo", {{"ref", "photos/abc.jpg"}, {"bytes", 300000}}}};
  auto body = lifeline::supplies::citizen_report_body(good.dump(), lim);
  lifeline::domain::Actor system{"", "system", "system", "", ""};
  auto a = op("hazard.report", body, &system);
  auto seq = store->last_seq();
  auto b = op("hazard.report", body, &system);
  EXPECT_EQ(a["id"], b["id"]);
  EXPECT_TRUE(b["duplicate"].get<bool>());
  EXPECT_EQ(store->last_seq(), seq);
  EXPECT_EQ(code_of("hazard.report", body, &officer), "forbidden");  // not through the citizen channel
  auto code = [&](json j) {
    try {
      lifeline::supplies::citizen_report_body(j.dump(), lim);
    } catch (const lifeline::ApiError& e) {
      return e.code();
    }
    return std::string("ok");
  };
  auto big = good;
  big["photo"]["bytes"] = 6 * 1024 * 1024;
  EXPECT_EQ(code(big), "photo_too_large");
  auto noplace = good;
  noplace["place"] = json::object();
  EXPECT_EQ(code(noplace), "missing_field");
  EXPECT_THROW(lifeline::supplies::citizen_report_body("{not json", lim), lifeline::ApiError);
  // Rewards: valid citizen reports only, 50–500 yuan.
  EXPECT_EQ(code_of("hazard.reward", {{"id", a["id"]}, {"amount_yuan", 100}}), "invalid_transition");
  op("hazard.assign", {{"id", a["id"]}, {"unit_id", "P0001"}});
  op("hazard.verify", {{"id", a["id"]}, {"valid", true}, {"grade", "general"}});
  EXPECT_EQ(code_of("hazard.reward", {{"id", a["id"]}, {"amount_yuan", 1000}}), "bad_field");
  op("hazard.reward", {{"id", a["id"]}, {"amount_yuan", 100}});
  EXPECT_EQ(code_of("hazard.reward", {{"id", a["id"]}, {"amount_yuan", 100}}), "conflict");
}

TEST_F(HazardsTest, InspectorGeneralHazardFixedWithin3DaysOfBeingFoundWithNo1hOr24hLimits) {
  const int64_t found = clock.now_ms();
  auto id = report("灭火器过期", "general");
  auto rectify = deadlines_of(id, "hazard.rectify");
  ASSERT_EQ(rectify.size(), 1u);
  EXPECT_EQ(rectify[0]["due_at"], found + 3 * kDay);
  EXPECT_TRUE(deadlines_of(id, "hazard.assign").empty());
  EXPECT_TRUE(deadlines_of(id, "hazard.verify").empty());
  // Verified general a day later: still the one limit, counted from when it was found.
  clock.advance(kDay);
  op("hazard.assign", {{"id", id}, {"unit_id", "P0001"}});
  op("hazard.verify", {{"id", id}, {"valid", true}, {"grade", "general"}});
  rectify = deadlines_of(id, "hazard.rectify");
  ASSERT_EQ(rectify.size(), 1u);
  EXPECT_EQ(rectify[0]["due_at"], found + 3 * kDay);
}

TEST_F(HazardsTest, CitizenGeneralHazardKeepsThe7DayFeedbackLimitNot3Days) {
  const int64_t reported = clock.now_ms();
  auto id = citizen("路灯杆倾斜");
  EXPECT_EQ(deadlines_of(id, "hazard.assign")[0]["due_at"], reported + kHour);
  EXPECT_EQ(deadlines_of(id, "hazard.verify")[0]["due_at"], reported + 24 * kHour);
  op("hazard.assign", {{"id", id}, {"unit_id", "P0001"}});
  op("hazard.verify", {{"id", id}, {"valid", true}, {"grade", "general"}});
  auto rectify = deadlines_of(id, "hazard.rectify");
  ASSERT_EQ(rectify.size(), 1u);
  EXPECT_EQ(rectify[0]["due_at"], reported + 7 * kDay);
}

TEST_F(HazardsTest, InspectorGeneralRegradedMajorDropsThe3DayLimitAndIsReportedUpWithin1h) {
  auto id = report("储罐区防火堤破损", "general");
  clock.advance(2 * kHour);
  op("hazard.assign", {{"id", id}, {"unit_id", "P0001"}});
  op("hazard.verify", {{"id", id}, {"valid", true}, {"grade", "major"}});
  EXPECT_EQ(deadlines_of(id, "hazard.rectify")[0]["status"], "cancelled");
  auto up = deadlines_of(id, "hazard.report_up");
  ASSERT_EQ(up.size(), 1u);
  EXPECT_EQ(up[0]["due_at"], clock.now_ms() + kHour);
}

TEST_F(HazardsTest, MajorHazardReportedUpWithin1hToTheUnitAbove) {
  const int64_t found = clock.now_ms();
  auto id = report("尾矿库浸润线超限", "major");
  auto up = deadlines_of(id, "hazard.report_up");
  ASSERT_EQ(up.size(), 1u);
  EXPECT_EQ(up[0]["due_at"], found + kHour);
  clock.advance(40 * kMin);
  auto first = op("hazard.report_up", {{"id", id}, {"text", "石塘镇发现尾矿库浸润线超限，已撤离下游群众"}});
  EXPECT_EQ(first["number"], 1);
  EXPECT_EQ(first["to_unit"], "county-1");  // P0001's county
  EXPECT_TRUE(first["deadline_met"].get<bool>());
  auto follow = op("hazard.report_up", {{"id", id}, {"text", "续报：已落实专人监测"}});
  EXPECT_EQ(follow["number"], 2);
  EXPECT_FALSE(follow["deadline_met"].get<bool>());
  EXPECT_EQ(on_time("hazard.report_up")["numerator"], 1);
  // A general hazard has no report-up limit.
  EXPECT_TRUE(deadlines_of(report("安全标识缺失", "general"), "hazard.report_up").empty());
}

}  // namespace
