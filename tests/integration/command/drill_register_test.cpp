// The drill register (schema/drills.md §6): drills held outside the system and in-system drills
// once ended go into one register, and the year's counts are set against the bureau's cadences
// (seed-digest §9) for the desks that answer for them. The clock stands at Thursday 2026-08-20
// 09:00 China Standard Time: Q1, Q2 and January to July are over, Q3 and August in progress.
#include "server_fixture.hpp"

using namespace lifeline::testing;
using nlohmann::json;

namespace {

struct DrillRegister : ServerFixture {
  std::vector<std::string> args() override {
    return {"--demo", "--clock", "manual", "--clock-start", "2026-08-20T01:00:00.000Z", "--synchronous", "NORMAL"};
  }
  static json outside(const std::string& kind, const std::string& unit, const std::string& day, int people = 80) {
    return {{"title", "演练 " + kind + " " + day}, {"kind", kind}, {"unit_id", unit}, {"held_on", day}, {"participants", people}, {"scripted", true}};
  }
  static std::string code(const json& res) { return res.value("ok", false) ? "ok" : res["error"].value("code", ""); }
  // The cadence row of `cadence` for `unit` in a drill.counts answer (null if absent).
  static json row(const json& counts, const std::string& cadence, const std::string& unit) {
    for (const auto& r : counts["cadences"])
      if (r["cadence"] == cadence && r["unit_id"] == unit) return r;
    return nullptr;
  }
};

TEST_F(DrillRegister, DrillsHeldCountAgainstTheBureausCadencesForTheDesksThatAnswerForThem) {
  auto officer = logged_in("officer"), county = logged_in("county1"), water = logged_in("water"), town = logged_in("town1");
  officer->ok("drill.register", outside("comprehensive", "city", "2026-03-15", 2000));
  officer->ok("drill.register", outside("comprehensive", "city", "2026-05-20"));
  officer->ok("drill.register", outside("cross_region", "city", "2026-06-01", 500));
  // The county's desk registers a forest-fire drill one of its townships held in July; a
  // department its own joint drill with two others, held without a script.
  county->ok("drill.register", outside("special", "P0001", "2026-07-10", 60));
  json joint = outside("joint", "water_resources", "2026-04-02", 150);
  joint["departments"] = {"water_resources", "meteorology"};
  joint["scripted"] = false;
  water->ok("drill.register", joint);

  auto counts = officer->ok("drill.counts", {{"year", 2026}});
  auto city = row(counts, "city_comprehensive", "city");
  ASSERT_TRUE(city.is_object()) << counts.dump();
  ASSERT_EQ(city["periods"].size(), 3u) << "Q4 has not begun";
  EXPECT_EQ(city["periods"][0], json({{"period", "2026-Q1"}, {"held", 1}, {"required", 1}, {"met", true}, {"over", true}}));
  EXPECT_EQ(city["periods"][2]["over"], false) << "Q3 is in progress";
  EXPECT_EQ(city["periods_met"], 2);
  EXPECT_EQ(city["periods_due"], 2);
  auto county1 = row(counts, "county_special", "county-1");
  ASSERT_TRUE(county1.is_object());
  EXPECT_EQ(county1["periods_due"], 7) << "January to July";
  EXPECT_EQ(county1["periods_met"], 1) << "July, by its township";
  EXPECT_EQ(county1["periods"][6]["held"], 1);
  EXPECT_EQ(row(counts, "county_special", "county-2")["periods_met"], 0);
  auto joints = row(counts, "department_joint", "city");
  EXPECT_EQ(joints["periods"][1]["met"], true) << "Q2: the water bureau's drill";
  EXPECT_EQ(joints["periods"][0]["met"], false);
  auto cross = row(counts, "cross_region", "city");
  EXPECT_EQ(cross["periods"][0]["held"], 1);
  EXPECT_EQ(cross["periods"][0]["required"], 2);
  EXPECT_EQ(cross["periods_due"], 0) << "the year is not over";
  EXPECT_EQ(counts["totals"]["drills"], 5);
  EXPECT_EQ(counts["totals"]["no_script"], 1);
  EXPECT_EQ(counts["totals"]["participants"], 2000 + 80 + 500 + 60 + 150);
  EXPECT_EQ(counts["totals"]["by_kind"]["comprehensive"], 2);

  // The county's desk answers for its own county only; a township for none of the cadences.
  auto own = county->ok("drill.counts", {});
  ASSERT_EQ(own["cadences"].size(), 1u) << own.dump();
  EXPECT_EQ(own["cadences"][0]["unit_id"], "county-1");
  EXPECT_EQ(own["totals"]["drills"], 1);
  EXPECT_EQ(town->ok("drill.counts", {})["cadences"].size(), 0u);
  // The register lists what the caller may read: the water bureau its own drill.
  auto listed = water->ok("drill.register_list", {{"year", 2026}})["entries"];
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0]["departments"], json({"water_resources", "meteorology"}));
  EXPECT_EQ(listed[0]["scripted"], false);
  EXPECT_EQ(officer->ok("drill.register_list", {{"year", 2026}})["entries"].size(), 5u);
  EXPECT_EQ(officer->ok("drill.register_list", {{"year", 2025}})["entries"].size(), 0u);
}

TEST_F(DrillRegister, BadRegistrationsAreRefusedClearlyAndChangeNothing) {
  auto officer = logged_in("officer"), county = logged_in("county1"), water = logged_in("water"), lead = logged_in("teamlead");
  const json key = {{"id", "01990000-0000-7000-8000-000000000001"}};
  json first = outside("special", "county-1", "2026-08-19");
  first.update(key);
  EXPECT_EQ(county->ok("drill.register", first)["id"], key["id"]);
  auto before = event_log();
  // The same registration again (its answer was lost): the first one, nothing new.
  EXPECT_EQ(county->ok("drill.register", first)["duplicate"], true);
  auto tomorrow = officer->call("drill.register", outside("special", "county-1", "2026-08-21"));
  EXPECT_EQ(code(tomorrow), "bad_field");
  EXPECT_NE(tomorrow["error"]["message_zh"].get<std::string>().find("演练举行后方可登记"), std::string::npos) << tomorrow.dump();
  EXPECT_EQ(code(officer->call("drill.register", outside("special", "county-1", "2026-02-30"))), "bad_field");
  EXPECT_EQ(code(officer->call("drill.register", outside("parade", "county-1", "2026-08-01"))), "bad_field");
  EXPECT_EQ(code(county->call("drill.register", outside("special", "county-2", "2026-08-01"))), "out_of_scope");
  EXPECT_EQ(code(water->call("drill.register", outside("joint", "city", "2026-08-01"))), "out_of_scope");
  json not_a_department = outside("joint", "city", "2026-08-01");
  not_a_department["departments"] = {"county-1"};
  EXPECT_EQ(code(officer->call("drill.register", not_a_department)), "bad_field");
  json nobody = outside("joint", "city", "2026-08-01");
  nobody["participants"] = 0;
  EXPECT_EQ(code(officer->call("drill.register", nobody)), "bad_field");
  json untitled = outside("joint", "city", "2026-08-01");
  untitled.erase("title");
  EXPECT_EQ(code(officer->call("drill.register", untitled)), "missing_field");
  EXPECT_EQ(code(lead->call("drill.register", outside("joint", "city", "2026-08-01"))), "forbidden");
  auto after = event_log();
  EXPECT_TRUE(after == before) << "new events: " << after.substr(std::min(before.size(), after.size()));
}

TEST_F(DrillRegister, AnInSystemDrillIsRegisteredOnceItHasEndedWithItsOwnDayAndName) {
  auto director = logged_in("director"), officer = logged_in("officer");
  auto drill = director->ok("drill.start", {{"name", "8·20 台风无脚本演练"}, {"scripted", false}});
  const std::string id = drill["id"];
  json entry = {{"drill_id", id}, {"kind", "joint"}, {"unit_id", "city"}, {"participants", 120}, {"departments", {"water_resources"}}};
  EXPECT_EQ(code(officer->call("drill.register", entry)), "invalid_transition") << "not ended yet";
  director->ok("drill.end", {{"id", id}});
  auto waiting = officer->ok("drill.register_list", {})["unregistered_drills"];
  ASSERT_EQ(waiting.size(), 1u);
  EXPECT_EQ(waiting[0]["id"], id);
  json dated = entry;
  dated["held_on"] = "2026-08-01";
  EXPECT_EQ(code(officer->call("drill.register", dated)), "bad_field") << "its day is the drill's own";
  auto got = officer->ok("drill.register", entry);
  EXPECT_EQ(got["held_on"], "2026-08-20");
  EXPECT_EQ(code(officer->call("drill.register", entry)), "drill_already_registered");
  auto list = officer->ok("drill.register_list", {});
  EXPECT_EQ(list["unregistered_drills"].size(), 0u);
  ASSERT_EQ(list["entries"].size(), 1u);
  EXPECT_EQ(list["entries"][0]["title"], "8·20 台风无脚本演练");
  EXPECT_EQ(list["entries"][0]["scripted"], false);
  EXPECT_EQ(list["entries"][0]["drill_id"], id);
  EXPECT_EQ(row(officer->ok("drill.counts", {}), "department_joint", "city")["periods"][2]["held"], 1) << "Q3";
}

}  // namespace
