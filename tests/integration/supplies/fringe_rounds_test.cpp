// The urban-rural fringe campaign through the real lifeline-command on the demo city and a manual
// clock (seed-digest §4 "Urban-rural fringe: monthly in October and November, with a rectification
// target ≥ 95 %"): each county is asked for a round in October and in November and in no other
// month; the hazards the campaign found count against 95 %, rejected reports and other hazards not.
#include "round_deadlines_fixture.hpp"

using namespace lifeline::testing;
using nlohmann::json;

namespace {

constexpr int64_t kHour = 3600LL * 1000;
constexpr int64_t kDay = 24 * kHour;

struct FringeRounds : RoundDeadlines {
  FringeRounds() : RoundDeadlines("hazard.fringe_screening") {}
  // A hazard of 石塘镇 (滨海县), found in the campaign unless `campaign` is false.
  static std::string report(WsClient& c, int n, bool campaign = true) {
    json body = {{"title", "城乡结合部违规堆放易燃物" + std::to_string(n)}, {"place", {{"name", "石塘镇东岙村"}}}, {"unit_id", "P0001"}};
    if (campaign) body["campaign"] = "urban_rural_fringe";
    auto id = c.ok("hazard.report", body)["id"].get<std::string>();
    c.ok("hazard.assign", {{"id", id}, {"unit_id", "P0001"}});
    return id;
  }
  static void rectify(WsClient& c, const std::string& id) {
    c.ok("hazard.verify", {{"id", id}, {"valid", true}, {"grade", "general"}});
    c.ok("hazard.rectified", {{"id", id}});
    c.ok("hazard.accept", {{"id", id}, {"passed", true}});
  }
  static json county(const json& status, const std::string& id) {
    for (const auto& c : status["counties"])
      if (c["unit_id"] == id) return c;
    return nullptr;
  }
};

TEST_F(FringeRounds, EachCountyMonthlyInOctoberAndNovemberOnly) {
  advance(15 * kHour + 1000);  // Thursday 1 October, 00:00 local
  auto officer = logged_in("officer"), county1 = logged_in("county1");
  auto open = deadlines(*officer);
  EXPECT_EQ(ending(open, "/fringe_screening/2026-10"), 8);  // each county
  auto mine = deadlines(*county1, "county-1/fringe_screening/2026-10");
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0]["due_at"], "2026-10-31T16:00:00.000Z");
  EXPECT_EQ(mine[0]["title_zh"], "滨海县 2026年10月城乡结合部隐患专项排查（10月、11月每月一次）");

  county1->ok("hazard.fringe_round_record", {{"unit_id", "county-1"}, {"hazards_found", 3}, {"note", "城中村出租屋"}});
  EXPECT_EQ(deadlines(*county1, "county-1/fringe_screening/2026-10")[0]["status"], "met");
  // Another county's round, a township, a day outside the campaign: refused.
  EXPECT_EQ(code(county1->call("hazard.fringe_round_record", {{"unit_id", "county-2"}, {"hazards_found", 0}})), "out_of_scope");
  EXPECT_EQ(code(officer->call("hazard.fringe_round_record", {{"unit_id", "P0001"}, {"hazards_found", 0}})), "bad_field");
  EXPECT_EQ(code(officer->call("hazard.fringe_round_record", {{"unit_id", "county-2"}, {"on", "2026-09-28"}, {"hazards_found", 0}})),
            "bad_field");

  advance(31 * kDay);  // 1 November: October decided, November asked (sessions do not last a month)
  officer = logged_in("officer");
  county1 = logged_in("county1");
  open = deadlines(*officer);
  EXPECT_EQ(ending(open, "/fringe_screening/2026-11"), 8);
  EXPECT_EQ(deadlines(*officer, "county-2/fringe_screening/2026-10")[0]["status"], "missed");
  auto status = officer->ok("hazard.fringe_status");
  EXPECT_EQ(status["year"], 2026);
  EXPECT_EQ(status["target_percent"], 95);
  auto c1 = county(status, "county-1"), c2 = county(status, "county-2");
  EXPECT_EQ(c1["months"][0]["state"], "done");
  EXPECT_EQ(c1["months"][0]["hazards_found"], 3);
  EXPECT_EQ(c1["months"][1]["state"], "due");
  EXPECT_EQ(c2["months"][0]["state"], "missed");
  // A county desk reads its own county only.
  EXPECT_EQ(county1->ok("hazard.fringe_status")["counties"].size(), 1u);
  // 青山县's October round entered late shows as late; a past campaign's record is closed.
  officer->ok("hazard.fringe_round_record", {{"unit_id", "county-2"}, {"on", "2026-10-20"}, {"hazards_found", 1}});
  EXPECT_EQ(county(officer->ok("hazard.fringe_status"), "county-2")["months"][0]["state"], "done_late");
  EXPECT_EQ(code(officer->call("hazard.fringe_round_record", {{"unit_id", "county-2"}, {"on", "2025-10-20"}, {"hazards_found", 1}})),
            "bad_field");

  advance(30 * kDay);  // 1 December: no round asked
  officer = logged_in("officer");
  EXPECT_EQ(ending(deadlines(*officer), "/fringe_screening/2026-12"), 0);
  EXPECT_EQ(deadlines(*officer, "county-1/fringe_screening/2026-11")[0]["status"], "missed");
}

TEST_F(FringeRounds, RectificationCountsTheCampaignsHazardsAgainst95Percent) {
  advance(20 * kDay);  // 20 October
  auto county1 = logged_in("county1");
  std::vector<std::string> found;
  for (int i = 0; i < 20; ++i) found.push_back(report(*county1, i));
  for (int i = 0; i < 18; ++i) rectify(*county1, found[i]);
  // Neither a rejected report nor a hazard found outside the campaign counts.
  auto rejected = report(*county1, 20);
  county1->ok("hazard.verify", {{"id", rejected}, {"valid", false}, {"note", "已拆除，非隐患"}});
  rectify(*county1, report(*county1, 21, false));

  auto r = county(county1->ok("hazard.fringe_status"), "county-1")["rectification"];
  EXPECT_EQ(r["numerator"], 18);
  EXPECT_EQ(r["denominator"], 20);
  EXPECT_FALSE(r["meets"].get<bool>()) << "90 % is short of 95 %";
  auto officer = logged_in("officer");
  auto m = officer->ok("metrics.summary")["fringe_rectification"];
  EXPECT_EQ(m["numerator"], 18);
  EXPECT_EQ(m["denominator"], 20);
  EXPECT_EQ(m["target_percent"], 95);

  rectify(*county1, found[18]);  // 19 of 20: 95 %
  r = county(officer->ok("hazard.fringe_status"), "county-1")["rectification"];
  EXPECT_EQ(r["numerator"], 19);
  EXPECT_TRUE(r["meets"].get<bool>());
  EXPECT_TRUE(officer->ok("hazard.fringe_status")["rectification"]["meets"].get<bool>());
  EXPECT_TRUE(county(officer->ok("hazard.fringe_status"), "county-2")["rectification"]["rate"].is_null());
  EXPECT_EQ(officer->ok("hazard.get", {{"id", found[0]}})["campaign"], "urban_rural_fringe");
}

}  // namespace
