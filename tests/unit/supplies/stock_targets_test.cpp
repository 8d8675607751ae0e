// Stock targets per tier (schema/stock_targets.json, seed-digest §5): the city's tents against
// 1,000 over all its depots, a county's drinking water against 50,000 in unexpired stock, a
// township's raincoats against 200 and pumps against 2; shortfalls in words and counted in
// metrics.summary as numerator and denominator.
#include "supplies_fixture.hpp"

using namespace lifeline::testing;
using nlohmann::json;

namespace {

struct StockTargets : SuppliesFixture {
  void SetUp() override {
    SuppliesFixture::SetUp();
    for (auto [id, name, unit] : {std::tuple{"drinking_water", "饮用水", "瓶"}, {"raincoat", "雨衣", "件"}, {"pump", "水泵", "台"}})
      op("item.define", {{"id", id}, {"name", name}, {"name_en", id}, {"unit", unit}});
    op("depot.create", {{"id", "D-CITY-B"}, {"name", "市二库"}, {"tier", "city"}, {"unit_id", "city"}, {"lat", 28.0}, {"lon", 120.2}});
    op("depot.create", {{"id", "D-TOWN"}, {"name", "石塘镇储备点"}, {"tier", "township"}, {"unit_id", "P0001"}, {"lat", 28.1}, {"lon", 120.1}});
  }
  json row(const json& targets, const std::string& unit, const std::string& item) {
    for (const auto& r : targets)
      if (r["unit_id"] == unit && r["item"] == item) return r;
    return nullptr;
  }
};

TEST_F(StockTargets, CityTents1000CountyWater50000TownshipRaincoats200AndPumps2) {
  op("stock.receive", {{"depot_id", "D-CITY"}, {"item", "tent"}, {"batch", "A"}, {"qty", 600}});
  op("stock.receive", {{"depot_id", "D-CITY-B"}, {"item", "tent"}, {"batch", "B"}, {"qty", 350}});
  // 50,000 bottles at the county, but 8,000 of them expire tomorrow: two days on, 42,000 count.
  op("stock.receive", {{"depot_id", "D-K1"}, {"item", "drinking_water"}, {"batch", "W1"}, {"qty", 42000}, {"expires_on", "2027-03-01"}});
  op("stock.receive", {{"depot_id", "D-K1"}, {"item", "drinking_water"}, {"batch", "W0"}, {"qty", 8000}, {"expires_on", "2025-08-21"}});
  clock.advance(2 * 24 * 3600 * 1000LL);
  op("stock.receive", {{"depot_id", "D-TOWN"}, {"item", "raincoat"}, {"batch", "R"}, {"qty", 200}});
  op("stock.receive", {{"depot_id", "D-TOWN"}, {"item", "pump"}, {"batch", "P"}, {"qty", 1}});
  // A forward point's tents are not the city's.
  op("stock.receive", {{"depot_id", "D-FWD"}, {"item", "tent"}, {"batch", "F"}, {"qty", 100}});

  auto res = op("stock.targets", json::object());
  auto tents = row(res["targets"], "city", "tent");
  ASSERT_FALSE(tents.is_null());
  EXPECT_EQ(tents["target"], 1000);
  EXPECT_EQ(tents["held"], 950);
  EXPECT_EQ(tents["shortfall"], 50);
  EXPECT_EQ(tents["unit_name"], "示范市");
  EXPECT_EQ(tents["item_name"], "帐篷");
  auto water = row(res["targets"], "county-1", "drinking_water");
  EXPECT_EQ(water["held"], 42000);
  EXPECT_EQ(water["shortfall"], 8000);
  EXPECT_EQ(row(res["targets"], "P0001", "raincoat")["shortfall"], 0);
  EXPECT_EQ(row(res["targets"], "P0001", "pump")["shortfall"], 1);
  // Items this catalogue does not have (folding beds, shovels ...) are not counted as zero.
  EXPECT_TRUE(row(res["targets"], "city", "folding_bed").is_null());
  EXPECT_EQ(res["total"], 4);
  EXPECT_EQ(res["met"], 1);
  auto m = op("metrics.summary", json::object());
  EXPECT_EQ(m["stock_targets"]["numerator"], 1);
  EXPECT_EQ(m["stock_targets"]["denominator"], 4);
  EXPECT_EQ(m["stock_shortfalls"], 3);

  // Topping up meets them.
  op("stock.receive", {{"depot_id", "D-CITY"}, {"item", "tent"}, {"batch", "C"}, {"qty", 50}});
  op("stock.receive", {{"depot_id", "D-TOWN"}, {"item", "pump"}, {"batch", "P2"}, {"qty", 1}});
  EXPECT_EQ(op("stock.targets", json::object())["met"], 3);
}

TEST_F(StockTargets, ATownshipOfficerSeesOnlyItsOwnTownshipsTargets) {
  lifeline::domain::Actor town{"u-t", "town1", "duty_officer", "P0001", ""};
  auto res = op("stock.targets", json::object(), &town);
  ASSERT_FALSE(res["targets"].empty());
  for (const auto& r : res["targets"]) EXPECT_EQ(r["unit_id"], "P0001") << r.dump();
}

}  // namespace
