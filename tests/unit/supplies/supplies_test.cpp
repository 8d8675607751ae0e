// Supplies lifecycle with a manual clock: FIFO picks, refuse/split, approval, tier deadlines, bad input.
#include "supplies_fixture.hpp"

using namespace lifeline::testing;
using nlohmann::json;

namespace {
constexpr int64_t kMin = 60 * 1000;

struct SuppliesTest : SuppliesFixture {
  void stock3() {
    op("stock.receive", {{"depot_id", "D-CITY"}, {"item", "water"}, {"batch", "B-LATE"}, {"qty", 100}, {"expires_on", "2027-06-01"}});
    op("stock.receive", {{"depot_id", "D-CITY"}, {"item", "water"}, {"batch", "B-EARLY"}, {"qty", 30}, {"expires_on", "2026-01-10"}});
    op("stock.receive", {{"depot_id", "D-CITY"}, {"item", "water"}, {"batch", "B-MID"}, {"qty", 50}, {"expires_on", "2026-09-01"}});
  }
};

TEST_F(SuppliesTest, FifoPicksEarliestExpiryAcrossBatches) {
  stock3();
  auto r = op("release.order", {{"depot_id", "D-CITY"}, {"destination", "石塘镇"}, {"lines", {{{"item", "water"}, {"qty", 60}}}}});
  ASSERT_EQ(r["picks"].size(), 2u);
  EXPECT_EQ(r["picks"][0]["batch"], "B-EARLY");
  EXPECT_EQ(r["picks"][0]["qty"], 30);
  EXPECT_EQ(r["picks"][1]["batch"], "B-MID");
  EXPECT_EQ(r["picks"][1]["qty"], 30);
  EXPECT_EQ(qty("D-CITY", "water"), 120);
}

TEST_F(SuppliesTest, OversizedOrderIsRefusedOrSplitNeverNegative) {
  stock3();
  EXPECT_EQ(code_of("release.order", {{"depot_id", "D-CITY"}, {"destination", "x"}, {"lines", {{{"item", "water"}, {"qty", 181}}}}}),
            "insufficient_stock");
  EXPECT_EQ(qty("D-CITY", "water"), 180);
  auto r = op("release.order", {{"depot_id", "D-CITY"}, {"destination", "x"}, {"split", true},
                                {"lines", {{{"item", "water"}, {"qty", 200}}}}});
  EXPECT_EQ(r["shortages"][0]["qty"], 20);
  EXPECT_EQ(qty("D-CITY", "water"), 0);
  auto neg = store->query_one("SELECT COUNT(*) AS n FROM stock WHERE qty < 0");
  EXPECT_EQ(neg["n"], 0);
  EXPECT_EQ(code_of("release.order", {{"depot_id", "D-CITY"}, {"destination", "x"}, {"split", true},
                                      {"lines", {{{"item", "water"}, {"qty", 1}}}}}),
            "insufficient_stock");
}

TEST_F(SuppliesTest, ManyOrdersAgainstTheSameStockNeverOversell) {
  op("stock.receive", {{"depot_id", "D-K1"}, {"item", "tent"}, {"batch", "T1"}, {"qty", 37}});
  int accepted = 0;
  for (int i = 0; i < 50; ++i)
    if (code_of("release.order", {{"depot_id", "D-K1"}, {"destination", "x"}, {"lines", {{{"item", "tent"}, {"qty", 1}}}}}) == "ok")
      ++accepted;
  EXPECT_EQ(accepted, 37);
  EXPECT_EQ(qty("D-K1", "tent"), 0);
}

TEST_F(SuppliesTest, ReleaseWithoutApprovalCannotLeaveAndOnlyTheTierCommanderApproves) {
  stock3();
  auto id = op("release.order", {{"depot_id", "D-CITY"}, {"destination", "x"}, {"lines", {{{"item", "water"}, {"qty", 5}}}}})["id"];
  EXPECT_EQ(code_of("release.depart", {{"id", id}}), "approval_required");
  EXPECT_EQ(code_of("release.approve", {{"id", id}}, &county_commander), "forbidden");
  EXPECT_EQ(code_of("release.approve", {{"id", id}}, &officer), "forbidden");
  EXPECT_EQ(code_of("release.approve", {{"id", id}}, &city_commander), "ok");
  EXPECT_EQ(code_of("release.depart", {{"id", id}}), "ok");
  EXPECT_EQ(code_of("release.arrive", {{"id", id}}), "ok");
  // A forward point answers to its county's director.
  op("stock.receive", {{"depot_id", "D-FWD"}, {"item", "tent"}, {"batch", "F1"}, {"qty", 5}});
  auto f = op("release.order", {{"depot_id", "D-FWD"}, {"destination", "y"}, {"lines", {{{"item", "tent"}, {"qty", 2}}}}})["id"];
  EXPECT_EQ(code_of("release.approve", {{"id", f}}, &city_commander), "forbidden");
  EXPECT_EQ(code_of("release.approve", {{"id", f}}, &county_commander), "ok");
}

TEST_F(SuppliesTest, TierDeadlinesMetAndMissedAreCountedRight) {
  stock3();
  op("stock.receive", {{"depot_id", "D-K1"}, {"item", "tent"}, {"batch", "T1"}, {"qty", 10}});
  // City order leaves after 1 h 59 min: on time (limit 2 h).
  auto a = op("release.order", {{"depot_id", "D-CITY"}, {"destination", "x"}, {"lines", {{{"item", "water"}, {"qty", 5}}}}})["id"];
  // County order leaves after 61 min: late (limit 1 h).
  auto b = op("release.order", {{"depot_id", "D-K1"}, {"destination", "x"}, {"lines", {{{"item", "tent"}, {"qty", 5}}}}})["id"];
  op("release.approve", {{"id", a}}, &city_commander);
  op("release.approve", {{"id", b}}, &county_commander);
  clock.advance(60 * kMin);
  EXPECT_TRUE(escalate().empty());
  clock.advance(1 * kMin);
  EXPECT_EQ(escalate(), std::vector<std::string>{"duty_officer"});
  op("release.depart", {{"id", b}});
  clock.advance(58 * kMin);
  op("release.depart", {{"id", a}});
  auto t = on_time("supply.dispatch");
  EXPECT_EQ(t["numerator"], 1);
  EXPECT_EQ(t["denominator"], 2);
  // Escalation climbs the chain 15 min apart and stops at the top.
  auto c = op("release.order", {{"depot_id", "D-K1"}, {"destination", "x"}, {"lines", {{{"item", "tent"}, {"qty", 1}}}}})["id"];
  clock.advance(60 * kMin + 31 * kMin);
  EXPECT_EQ(escalate(), (std::vector<std::string>{"duty_officer", "duty_leader", "commander"}));
  clock.advance(60 * kMin);
  EXPECT_TRUE(escalate().empty());
  auto list = op("deadline.list", {{"kind", "supply.dispatch"}});
  ASSERT_EQ(list["deadlines"].size(), 1u);
  EXPECT_EQ(list["deadlines"][0]["subject"], c);
  EXPECT_EQ(list["deadlines"][0]["status"], "missed");
  EXPECT_EQ(list["deadlines"][0]["escalation_level"], 3);
}

TEST_F(SuppliesTest, CancelledOrderPutsStockBack) {
  stock3();
  auto id = op("release.order", {{"depot_id", "D-CITY"}, {"destination", "x"}, {"lines", {{{"item", "water"}, {"qty", 40}}}}})["id"];
  EXPECT_EQ(qty("D-CITY", "water"), 140);
  op("release.cancel", {{"id", id}, {"reason", "not needed"}});
  EXPECT_EQ(qty("D-CITY", "water"), 180);
  EXPECT_EQ(op("deadline.list", {{"kind", "supply.dispatch"}})["deadlines"].size(), 0u);
}

TEST_F(SuppliesTest, BadInputIsRefusedAndChangesNothing) {
  auto before = store->last_seq();
  EXPECT_EQ(code_of("stock.receive", {{"depot_id", "D-CITY"}, {"item", "water"}, {"batch", "B"}, {"qty", -5}, {"expires_on", "2027-01-01"}}), "bad_field");
  EXPECT_EQ(code_of("stock.receive", {{"depot_id", "D-CITY"}, {"item", "unobtainium"}, {"batch", "B"}, {"qty", 5}}), "not_found");
  EXPECT_EQ(code_of("stock.receive", {{"depot_id", "D-CITY"}, {"item", "water"}, {"batch", "B"}, {"qty", 5}, {"expires_on", "2025-01-01"}}), "bad_field");
  EXPECT_EQ(code_of("stock.receive", {{"depot_id", "D-CITY"}, {"item", "water"}, {"batch", "B"}, {"qty", 5}, {"expires_on", "2026-02-30"}}), "bad_field");
  EXPECT_EQ(code_of("stock.receive", {{"depot_id", "D-CITY"}, {"item", "water"}, {"batch", "B"}, {"qty", 5}}), "missing_field");
  EXPECT_EQ(code_of("release.order", {{"depot_id", "D-CITY"}, {"destination", "x"}, {"lines", {{{"item", "water"}, {"qty", -1}}}}}), "bad_field");
  EXPECT_EQ(code_of("release.order", {{"depot_id", "D-CITY"}, {"destination", "x"}, {"lines", {{{"item", "nope"}, {"qty", 1}}}}}), "not_found");
  EXPECT_EQ(store->last_seq(), before);
}

TEST_F(SuppliesTest, ExpiryRateFromRawCountsAndRotationAlerts) {
  stock3();
  op("stock.write_off", {{"depot_id", "D-CITY"}, {"item", "water"}, {"batch", "B-EARLY"}, {"qty", 18}});
  auto m = op("metrics.summary", json::object());
  EXPECT_EQ(m["expiry"]["numerator"], 18);
  EXPECT_EQ(m["expiry"]["denominator"], 180);
  EXPECT_DOUBLE_EQ(m["expiry"]["rate"].get<double>(), 0.1);
  // B-EARLY expires 2026-01-10: its rotation alert falls due 30 days before.
  auto rot = op("deadline.list", {{"kind", "stock.rotation"}, {"subject", "D-CITY/water/B-EARLY"}});
  ASSERT_EQ(rot["deadlines"].size(), 1u);
  EXPECT_EQ(rot["deadlines"][0]["due_at"], "2025-12-10T16:00:00.000Z");
  auto soon = op("stock.rotation", {{"days", 200}});
  ASSERT_EQ(soon["batches"].size(), 1u);
  EXPECT_EQ(soon["batches"][0]["batch"], "B-EARLY");
}

TEST_F(SuppliesTest, CountsAndInspectionsAreScheduledDeadlines) {
  auto city = op("deadline.list", {{"subject", "D-CITY"}})["deadlines"];
  ASSERT_EQ(city.size(), 2u);  // monthly count + quarterly inspection
  auto county = op("deadline.list", {{"subject", "D-K1"}})["deadlines"];
  ASSERT_EQ(county.size(), 1u);
  EXPECT_EQ(county[0]["kind"], "depot.inspection");
  EXPECT_EQ(county[0]["due_at"], "2025-09-19T01:00:00.000Z");  // 30 days
  clock.advance(10 * 24 * 60 * kMin);
  op("depot.check", {{"depot_id", "D-K1"}, {"kind", "inspection"}});
  EXPECT_EQ(on_time("depot.inspection")["numerator"], 1);
  EXPECT_EQ(op("deadline.list", {{"subject", "D-K1"}})["deadlines"][0]["due_at"], "2025-10-19T01:00:00.000Z");
}

// Every projection of this module is what its events say: replaying the log gives the same tables.
TEST_F(SuppliesTest, ReplayEqualsLive) {
  stock3();
  op("stock.receive", {{"depot_id", "D-K1"}, {"item", "tent"}, {"batch", "T1"}, {"qty", 10}});
  auto a = op("release.order", {{"depot_id", "D-CITY"}, {"destination", "x"}, {"lines", {{{"item", "water"}, {"qty", 40}}}}})["id"];
  auto b = op("release.order", {{"depot_id", "D-K1"}, {"destination", "x"}, {"lines", {{{"item", "tent"}, {"qty", 3}}}}})["id"];
  op("release.approve", {{"id", a}}, &city_commander);
  op("release.depart", {{"id", a}});
  op("release.cancel", {{"id", b}, {"reason", "r"}});
  op("stock.write_off", {{"depot_id", "D-CITY"}, {"item", "water"}, {"batch", "B-MID"}, {"qty", 5}});
  auto h = op("hazard.report", {{"title", "t"}, {"place", {{"name", "p"}}}})["id"];
  op("hazard.assign", {{"id", h}, {"unit_id", "county-1"}});
  op("hazard.verify", {{"id", h}, {"valid", true}, {"grade", "larger"}});
  op("hazard.rectified", {{"id", h}});
  op("hazard.accept", {{"id", h}, {"passed", true}, {"third_party", true}});
  op("hazard.reopen", {{"id", h}, {"reason", "r"}});
  clock.advance(3 * 3600 * 1000);
  escalate();
  auto live = store->dump_projections();
  store->rebuild();
  EXPECT_EQ(store->dump_projections(), live);
}

}  // namespace

namespace {

// Seed-digest §5: forward points (前置点) deliver within 1 h of the disaster, not of the order.
TEST_F(SuppliesTest, ForwardPointDeliversWithin1hOfTheDisasterNotOfTheOrder) {
  op("stock.receive", {{"depot_id", "D-FWD"}, {"item", "tent"}, {"batch", "F1"}, {"qty", 10}});
  const int64_t opened = clock.now_ms();
  auto inc = op("incident.create", {{"type", "geohazard"}, {"title", "石塘镇东岙村山体滑坡"}, {"place", {{"name", "东岙村"}}},
                                    {"unit_id", "P0001"}})["id"];
  clock.advance(40 * kMin);
  auto a = op("release.order", {{"depot_id", "D-FWD"}, {"destination", "东岙村安置点"}, {"incident_id", inc},
                                {"lines", {{{"item", "tent"}, {"qty", 2}}}}});
  EXPECT_EQ(a["due_at"], opened + 60 * kMin);  // 20 min left, not 60
  auto dl = store->query_one("SELECT kind, title_zh FROM deadlines WHERE subject = ?", {a["id"]});
  EXPECT_EQ(dl["kind"], "supply.delivery");
  EXPECT_NE(dl["title_zh"].get<std::string>().find("灾后1小时内送达"), std::string::npos);
  // Ordered 70 min in: overdue from the start, and counted late however fast it goes.
  clock.advance(30 * kMin);
  auto b = op("release.order", {{"depot_id", "D-FWD"}, {"destination", "东岙村安置点"}, {"incident_id", inc},
                                {"lines", {{{"item", "tent"}, {"qty", 2}}}}});
  EXPECT_EQ(b["due_at"], opened + 60 * kMin);
  escalate();
  EXPECT_EQ(store->query_one("SELECT status FROM deadlines WHERE subject = ?", {b["id"]})["status"], "missed");
  // Without an incident there is only the order to count from.
  auto c = op("release.order", {{"depot_id", "D-FWD"}, {"destination", "y"}, {"lines", {{{"item", "tent"}, {"qty", 1}}}}});
  EXPECT_EQ(c["due_at"], clock.now_ms() + 60 * kMin);
}

}  // namespace
