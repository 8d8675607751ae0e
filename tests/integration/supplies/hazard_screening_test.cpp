// Hazard screening rounds through the real lifeline-command on the demo city and a manual clock
// (seed-digest §4 "Screening frequencies"): every township is asked for a round each week and for
// a round in each of its villages each half month, due at the period's end; a round recorded meets
// it, one not recorded is missed and shows as such the next period; each desk sees its own area.
#include <set>

#include "server_fixture.hpp"

using namespace lifeline::testing;
using nlohmann::json;

namespace {

constexpr int64_t kHour = 3600LL * 1000;
constexpr int64_t kDay = 24 * kHour;

struct HazardScreening : ServerFixture {
  // Sunday 4 October 2026, 09:00 China Standard Time: week 41 begins 15 hours later.
  std::vector<std::string> args() override {
    return {"--demo", "--clock", "manual", "--clock-start", "2026-10-04T01:00:00.000Z", "--synchronous", "NORMAL"};
  }
  void advance(int64_t ms) { logged_in("admin")->ok("clock.advance", {{"ms", ms}}); }
  static json deadlines(WsClient& c, const std::string& subject_or_empty) {
    json body = {{"kind", "hazard.screening"}, {"open", false}};
    if (!subject_or_empty.empty()) body["subject"] = subject_or_empty;
    return c.ok("deadline.list", body)["deadlines"];
  }
  static std::string code(const json& res) { return res.value("ok", false) ? "ok" : res["error"].value("code", ""); }
};

TEST_F(HazardScreening, TownshipsScreenWeeklyAndVillagesEveryHalfMonth) {
  advance(15 * kHour + 1000);  // Monday 5 October, 00:00 local: week 41
  auto officer = logged_in("officer"), town1 = logged_in("town1");
  // 30 townships asked for the week; the villages' first half of October began before the demo did.
  auto week = deadlines(*officer, "");
  EXPECT_EQ(week.size(), 30u);
  auto mine = deadlines(*officer, "P0001/screening/2026-W41");
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0]["due_at"], "2026-10-11T16:00:00.000Z");  // Monday 12 October 00:00 local

  // 石塘镇 records its week's round, and one for a village of its own; not another township's.
  town1->ok("hazard.screening_record", {{"unit_id", "P0001"}, {"hazards_found", 3}, {"note", "农贸市场、加油站、学校"}});
  EXPECT_EQ(deadlines(*town1, "P0001/screening/2026-W41")[0]["status"], "met");
  EXPECT_EQ(code(town1->call("hazard.screening_record", {{"unit_id", "P0007"}, {"hazards_found", 0}})), "out_of_scope");
  EXPECT_EQ(code(officer->call("hazard.screening_record", {{"unit_id", "county-1"}, {"hazards_found", 0}})), "bad_field");
  EXPECT_EQ(code(town1->call("hazard.screening_record", {{"unit_id", "P0001"}, {"hazards_found", -1}})), "bad_field");
  auto status = town1->ok("hazard.screening_status");
  EXPECT_EQ(status["townships"]["period"], "2026-W41");
  ASSERT_EQ(status["townships"]["units"].size(), 1u);  // its own township only
  EXPECT_EQ(status["townships"]["units"][0]["rounds"], 1);
  EXPECT_EQ(status["townships"]["units"][0]["hazards_found"], 3);
  EXPECT_EQ(status["townships"]["units"][0]["last_period_state"], "not_asked");
  EXPECT_EQ(status["villages"]["period"], "2026-10-H1");
  ASSERT_FALSE(status["villages"]["units"].empty());
  for (const auto& v : status["villages"]["units"]) EXPECT_EQ(v["parent_id"], "P0001");

  std::vector<std::string> own_villages;
  for (const auto& v : status["villages"]["units"]) own_villages.push_back(v["unit_id"]);

  // 16 October 00:00 local: the second half of October. The villages have no desk of their own:
  // each township is asked for its villages' rounds, one deadline per township.
  advance(11 * kDay);
  officer = logged_in("officer"), town1 = logged_in("town1");
  std::set<std::string> townships_with_villages;
  const auto units = officer->ok("unit.list")["units"];
  int villages = 0;
  for (const auto& u : units)
    if (u["kind"] == "village") ++villages, townships_with_villages.insert(u["parent_id"].get<std::string>());
  EXPECT_EQ(villages, 112);
  int h2 = 0;
  const auto open_now = deadlines(*officer, "");
  for (const auto& d : open_now) h2 += d["subject"].get<std::string>().ends_with("/village_screening/2026-10-H2");
  EXPECT_EQ(h2, static_cast<int>(townships_with_villages.size()));
  const std::string group = "P0001/village_screening/2026-10-H2";
  ASSERT_EQ(deadlines(*town1, group).size(), 1u);
  EXPECT_EQ(deadlines(*town1, group)[0]["due_at"], "2026-10-31T16:00:00.000Z");
  // Met once every village of 石塘镇 has had its round, not before.
  for (size_t i = 0; i < own_villages.size(); ++i) {
    EXPECT_EQ(deadlines(*town1, group)[0]["status"], "open") << i;
    town1->ok("hazard.screening_record", {{"unit_id", own_villages[i]}, {"hazards_found", 0}, {"on", "2026-10-16"}});
  }
  EXPECT_EQ(deadlines(*town1, group)[0]["status"], "met");

  // 12 October the week ended: 石塘镇 screened it, every other township missed it.
  auto all = officer->ok("hazard.screening_status");
  EXPECT_EQ(all["townships"]["period"], "2026-W42");
  EXPECT_EQ(all["townships"]["totals"]["units"], 30);
  EXPECT_EQ(all["townships"]["totals"]["last_done"], 1);
  EXPECT_EQ(all["townships"]["totals"]["last_missed"], 29);
  EXPECT_EQ(all["villages"]["totals"]["screened"], static_cast<int>(own_villages.size()));
  EXPECT_EQ(all["villages"]["totals"]["last_missed"], 0);  // the first half was never asked
  EXPECT_EQ(deadlines(*officer, "P0007/screening/2026-W41")[0]["status"], "missed");
}

}  // namespace
