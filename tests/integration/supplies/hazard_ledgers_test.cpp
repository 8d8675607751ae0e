// Hazard governance through the real lifeline-command on a manual clock (seed-digest §2, §4): the
// four-level ledgers confirmed each month before the 5th, with the deadline opened per unit, and a
// major hazard closed only by the county's acceptance then the city's close-out, each from its own
// desk.
#include "server_fixture.hpp"

using namespace lifeline::testing;
using nlohmann::json;

namespace {

constexpr int64_t kHour = 3600LL * 1000;
constexpr int64_t kDay = 24 * kHour;

struct HazardLedgers : ServerFixture {
  // Wednesday 30 September 2026, 09:00 China Standard Time: October begins 15 hours later.
  std::vector<std::string> args() override {
    return {"--demo", "--clock", "manual", "--clock-start", "2026-09-30T01:00:00.000Z", "--synchronous", "NORMAL"};
  }
  void advance(int64_t ms) { logged_in("admin")->ok("clock.advance", {{"ms", ms}}); }
  json ledger_deadlines(WsClient& c, const std::string& subject) {
    return c.ok("deadline.list", {{"kind", "hazard.ledger"}, {"subject", subject}, {"open", false}})["deadlines"];
  }
};

TEST_F(HazardLedgers, LedgerUpdateIsDueBeforeThe5thOfEachMonth) {
  {
    auto officer = logged_in("officer");
    // September began before the demo did: nobody is asked for it.
    EXPECT_TRUE(ledger_deadlines(*officer, "P0001/ledger/2026-09").empty());
  }
  advance(16 * kHour);  // 1 October 2026, 01:00 local
  auto officer = logged_in("officer"), town1 = logged_in("town1"), county1 = logged_in("county1");
  // Every unit of the four levels is asked, due at 00:00 local on 5 October.
  int asked = 0;
  for (const char* unit : {"city", "county-1", "county-2", "county-3", "P0001", "P0007", "P0013"}) {
    auto d = ledger_deadlines(*officer, std::string(unit) + "/ledger/2026-10");
    ASSERT_EQ(d.size(), 1u) << unit;
    EXPECT_EQ(d[0]["due_at"], "2026-10-04T16:00:00.000Z") << unit;
    ++asked;
  }
  EXPECT_EQ(asked, 7);
  int ledger_units = 0;  // the demo city's size is the demo's business: counted, not assumed
  const auto all_units = officer->ok("unit.list")["units"];
  for (const auto& u : all_units)
    ledger_units += u["kind"] == "city" || u["kind"] == "county" || u["kind"] == "township";
  auto status = officer->ok("hazard.ledger_status", {{"month", "2026-10"}});
  EXPECT_EQ(status["totals"]["units"], ledger_units);
  EXPECT_EQ(status["totals"]["due"], ledger_units);

  // Only the township's own desk confirms its ledger: not the county above it, not another township.
  EXPECT_EQ(county1->call("hazard.ledger_confirm", {{"unit_id", "P0001"}, {"month", "2026-10"}})["error"]["code"],
            "ledger_not_own_unit");
  EXPECT_EQ(town1->call("hazard.ledger_confirm", {{"unit_id", "P0007"}, {"month", "2026-10"}})["error"]["code"], "out_of_scope");
  EXPECT_EQ(town1->call("hazard.ledger_confirm", {{"unit_id", "P0001"}, {"month", "2026-11"}})["error"]["code"],
            "ledger_month_not_begun");
  auto confirmed = town1->ok("hazard.ledger_confirm", {{"unit_id", "P0001"}, {"month", "2026-10"}});
  EXPECT_TRUE(confirmed["on_time"].get<bool>());
  EXPECT_EQ(town1->call("hazard.ledger_confirm", {{"unit_id", "P0001"}, {"month", "2026-10"}})["error"]["code"],
            "ledger_already_confirmed");
  auto met = ledger_deadlines(*town1, "P0001/ledger/2026-10");
  ASSERT_EQ(met.size(), 1u);
  EXPECT_EQ(met[0]["status"], "met");
  // The township desk sees its own ledger only (its villages' are within it).
  auto own = town1->ok("hazard.ledger_status", json::object());
  EXPECT_EQ(own["month"], "2026-10");
  ASSERT_EQ(own["units"].size(), 1u);
  EXPECT_EQ(own["units"][0]["state"], "updated");

  // 5 October 00:00 local: every other unit's ledger is overdue, and escalates like any deadline.
  advance(3 * kDay + 23 * kHour + 1000);
  officer = logged_in("officer");
  auto later = officer->ok("hazard.ledger_status", {{"month", "2026-10"}});
  EXPECT_EQ(later["totals"]["updated"], 1);
  EXPECT_EQ(later["totals"]["overdue"], ledger_units - 1);
  auto missed = ledger_deadlines(*officer, "county-2/ledger/2026-10");
  ASSERT_EQ(missed.size(), 1u);
  EXPECT_EQ(missed[0]["status"], "missed");
  // Confirmed late: the deadline is met, not on time.
  county1 = logged_in("county1");  // 滨海县's desk confirms its own ledger late
  EXPECT_FALSE(county1->ok("hazard.ledger_confirm", {{"unit_id", "county-1"}, {"month", "2026-10"}})["on_time"].get<bool>());
  auto after = officer->ok("hazard.ledger_status", {{"month", "2026-10"}});
  EXPECT_EQ(after["totals"]["updated_late"], 1);
  EXPECT_EQ(after["totals"]["overdue"], ledger_units - 2);
}

TEST_F(HazardLedgers, CityCloseOutRefusedBeforeCountyAcceptanceAndEachStepOnlyFromItsOwnDesk) {
  auto officer = logged_in("officer"), county1 = logged_in("county1"), town1 = logged_in("town1");
  std::string id = officer->ok("hazard.report", {{"title", "石塘镇尾矿库超设计库容"}, {"grade", "major"}, {"unit_id", "P0001"},
                                                 {"place", {{"name", "石塘镇尾矿库"}, {"lat", 27.9}, {"lon", 120.0}}}})["id"];
  officer->ok("hazard.assign", {{"id", id}, {"unit_id", "P0001"}});
  officer->ok("hazard.verify", {{"id", id}, {"valid", true}, {"grade", "major"}});
  officer->ok("hazard.plan", {{"id", id}, {"five_in_place", {{"target", "库容降至设计值以下"}, {"measures", "清库、加高坝体"},
                                                              {"deadline", "2026-11-30T16:00:00.000Z"}, {"funds_yuan", 2000000},
                                                              {"owner", "王建国"}}}});
  officer->ok("hazard.rectified", {{"id", id}});
  EXPECT_EQ(officer->call("hazard.close_out", {{"id", id}})["error"]["code"], "close_out_before_acceptance");
  // The county's acceptance is 滨海县's: not the township's, not the city's.
  EXPECT_EQ(town1->call("hazard.accept", {{"id", id}, {"passed", true}})["error"]["code"], "acceptance_not_county_desk");
  EXPECT_EQ(officer->call("hazard.accept", {{"id", id}, {"passed", true}})["error"]["code"], "acceptance_not_county_desk");
  auto accepted = county1->ok("hazard.accept", {{"id", id}, {"passed", true}, {"note", "县应急局验收合格"}});
  EXPECT_EQ(accepted["status"], "accepted");
  // The close-out is the city's: the county that accepted may not close it out.
  auto refused = county1->call("hazard.close_out", {{"id", id}});
  EXPECT_EQ(refused["error"]["code"], "city_desk_only");
  EXPECT_NE(refused["error"]["message_zh"].get<std::string>().find("市级销号"), std::string::npos);
  EXPECT_EQ(officer->ok("hazard.get", {{"id", id}})["status"], "accepted");
  EXPECT_EQ(officer->ok("hazard.close_out", {{"id", id}, {"note", "市级销号"}})["status"], "closed");
  auto h = officer->ok("hazard.get", {{"id", id}});
  EXPECT_EQ(h["status"], "closed");
  EXPECT_FALSE(h["closed_out_at"].is_null());
  EXPECT_EQ(officer->call("hazard.close_out", {{"id", id}})["error"]["code"], "invalid_transition");
}

}  // namespace
