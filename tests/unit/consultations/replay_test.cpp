// Consultation and report projections are what their events say: replaying the event log into
// empty tables gives back exactly the tables the live path wrote.
#include "lifeline/consultations/consultations.hpp"
#include "lifeline/deadlines/deadlines.hpp"
#include "lifeline/reports/periods.hpp"
#include "lifeline/reports/reports.hpp"
#include "lifeline/time_format.hpp"
#include "store_fixture.hpp"

using namespace lifeline;
using namespace lifeline::testing;
using nlohmann::json;

namespace {

struct ReplayTest : StoreFixture {
  void SetUp() override {
    consultations::register_consultation_ops(ops);
    consultations::register_decision_ops(ops);
    consultations::register_consultation_views(ops);
    reports::register_report_ops(ops);
    reports::register_rollup_ops(ops);
    deadlines::register_deadline_ops(ops);
    seed_city();
    op("unit.create", {{"id", "P0002"}, {"kind", "township"}, {"name", "港口镇"}, {"parent_id", "county-1"}});
    op("unit.create", {{"id", "water_resources"}, {"kind", "department"}, {"name", "水利局"}, {"parent_id", "city"}});
    op("unit.create", {{"id", "meteorology"}, {"kind", "department"}, {"name", "气象局"}, {"parent_id", "city"}});
  }
  json dump() {
    json out;
    for (const char* t : {"consultations", "consultation_participants", "consultation_minutes", "consultation_decisions",
                          "reports", "deadlines"})
      out[t] = store->query(std::string("SELECT * FROM ") + t + " ORDER BY 1, 2");
    return out;
  }
};

TEST_F(ReplayTest, RebuildGivesBackTheSameTables) {
  auto inc = op("incident.create", {{"type", "flood"}, {"title", "内涝"}, {"place", {{"name", "石塘镇"}}}, {"unit_id", "P0001"}})["id"];
  auto id = op("consultation.open", {{"subject", inc}, {"title", "防汛会商"}, {"departments", {"water_resources", "meteorology"}},
                                     {"scheduled_at", format_rfc3339_ms(clock.now_ms() + 600000)}})["id"];
  clock.advance(600000);
  op("consultation.start", {{"id", id}});
  op("consultation.join", {{"id", id}, {"department", "water_resources"}});
  op("consultation.join", {{"id", id}, {"department", "meteorology"}, {"attendance", "absent"}});
  op("consultation.minutes", {{"id", id}, {"text", "预泄腾库"}});
  auto d = op("consultation.decide", {{"id", id}, {"text", "预泄"}, {"owner", "dept:water_resources"},
                                      {"due_at", format_rfc3339_ms(clock.now_ms() + 3600000)}})["decision_id"];
  op("consultation.decision_update", {{"decision_id", d}, {"status", "in_progress"}, {"note", "开闸"}});
  op("consultation.decision_update", {{"decision_id", d}, {"status", "done"}});
  op("consultation.close", {{"id", id}, {"summary", "结束"}});
  std::string today = format_rfc3339_ms(clock.now_ms() + 8 * 3600000).substr(0, 10);
  op("report.submit", {{"unit", "P0001"}, {"period", "daily"}, {"period_start", today}, {"zero", false},
                       {"figures", {{"incidents", 1}, {"evacuated", 20}}}, {"text", "内涝一处"}, {"client_key", "k1"}});
  op("report.submit", {{"unit", "P0002"}, {"period", "daily"}, {"period_start", today}, {"zero", true}});
  // The county's weekly summary of its townships' daily reports.
  auto week = lifeline::reports::period_at("weekly", clock.now_ms()).start_date;
  auto roll = op("report.submit", {{"unit", "county-1"}, {"period", "weekly"}, {"period_start", week}, {"zero", true}});
  EXPECT_EQ(roll["figures"]["evacuated"], 20);
  EXPECT_EQ(roll["children"]["zero"], json({"P0002"}));
  auto before = dump();
  ASSERT_EQ(before["consultation_minutes"].size(), 1u);
  ASSERT_EQ(before["reports"].size(), 3u);
  store->rebuild();
  EXPECT_EQ(dump(), before);
}

}  // namespace
