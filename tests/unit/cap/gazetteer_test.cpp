// Townships matched by geocode, by name, and by polygon or circle overlap.
#include <gtest/gtest.h>

#include <set>

#include "lifeline/api_error.hpp"
#include "lifeline/cap/gazetteer.hpp"

using namespace lifeline::cap;

// The shared corpus's 12 townships first, then the 18 of the five outer counties that bring the
// demo city to the bureau's 8 counties (command/demo/tools/extend_gazetteer.py).
TEST(Gazetteer, BuiltinDemoCityHasThirtyTownshipsInEightCounties) {
  const auto& g = Gazetteer::builtin();
  ASSERT_EQ(g.townships().size(), 30u);
  EXPECT_EQ(g.townships()[0].id, "P0001");
  EXPECT_EQ(g.townships()[0].geocode, "339901001");
  EXPECT_EQ(g.townships()[0].area.size(), 5u);
  std::set<std::string> counties, geocodes;
  for (const auto& t : g.townships()) {
    counties.insert(t.county);
    EXPECT_TRUE(geocodes.insert(t.geocode).second) << t.geocode;
  }
  EXPECT_EQ(counties.size(), 8u);
  // The areas tile without overlap: a small circle in the middle of each area is that township alone.
  for (const auto& t : g.townships()) {
    double lat = (t.area[0].first + t.area[2].first) / 2, lon = (t.area[0].second + t.area[2].second) / 2;
    auto m = g.match(Area{"x", {}, {std::to_string(lat) + "," + std::to_string(lon) + " 1"}, {}});
    EXPECT_EQ(m, (std::vector<AreaMatch>{{t.id, "circle"}})) << t.name;
  }
}

TEST(Gazetteer, MatchesByGeocodeNameAndPolygon) {
  const auto& g = Gazetteer::builtin();
  EXPECT_EQ(g.match(Area{"somewhere", {}, {}, {{"GB", "339901001"}}}), (std::vector<AreaMatch>{{"P0001", "geocode"}}));
  EXPECT_EQ(g.match(Area{"滨海县港口镇沿海", {}, {}, {}}), (std::vector<AreaMatch>{{"P0007", "name"}}));
  EXPECT_EQ(g.match(Area{"coast of Gangkou Town", {}, {}, {}}), (std::vector<AreaMatch>{{"P0007", "name"}}));
  // A small square inside Shitang (27.85..28.03, 119.95..120.12).
  EXPECT_EQ(g.match(Area{"x", {"27.90,120.00 27.95,120.00 27.95,120.05 27.90,120.05 27.90,120.00"}, {}, {}}),
            (std::vector<AreaMatch>{{"P0001", "polygon"}}));
  // A band across the Shitang/Gangkou border touches both.
  auto both = g.match(Area{"x", {"27.90,120.10 27.95,120.10 27.95,120.15 27.90,120.15 27.90,120.10"}, {}, {}});
  ASSERT_EQ(both.size(), 2u);
  EXPECT_EQ(both[0].township_id, "P0001");
  EXPECT_EQ(both[1].township_id, "P0007");
  // A polygon that contains a whole township (no edge crossing) still matches.
  auto all = g.match(Area{"x", {"0,100 60,100 60,150 0,150 0,100"}, {}, {}});
  EXPECT_EQ(all.size(), 30u);
  // Circle of 2 km around a point in Shitang.
  EXPECT_EQ(g.match(Area{"x", {}, {"27.95,120.00 2"}, {}}), (std::vector<AreaMatch>{{"P0001", "circle"}}));
  // Far away: nothing.
  EXPECT_TRUE(g.match(Area{"Sacramento", {"38.47,-120.14 38.34,-119.95 38.52,-119.74 38.47,-120.14"}, {}, {}}).empty());
}

TEST(Gazetteer, PolygonHelpers) {
  EXPECT_EQ(parse_cap_polygon("1,2 3,4").size(), 2u);
  EXPECT_TRUE(parse_cap_polygon("1,2 3").empty());
  EXPECT_TRUE(parse_cap_polygon("1;2").empty());
  std::vector<LatLon> a{{0, 0}, {0, 1}, {1, 1}, {1, 0}, {0, 0}}, b{{2, 2}, {2, 3}, {3, 3}, {2, 2}};
  EXPECT_FALSE(polygons_intersect(a, b));
  EXPECT_TRUE(polygons_intersect(a, {{0.5, 0.5}, {0.5, 2}, {2, 2}, {0.5, 0.5}}));
}

TEST(Gazetteer, BadJsonIsAClearError) {
  EXPECT_THROW(Gazetteer::from_json("nope"), lifeline::ApiError);
  EXPECT_THROW(Gazetteer::from_json(R"({"places": [{"kind": "township", "name": "x"}]})"), lifeline::ApiError);
  auto g = Gazetteer::from_json(R"({"places": [{"kind": "village", "id": "v"}, {"kind": "township", "id": "t", "name": "甲镇"}]})");
  EXPECT_EQ(g.townships().size(), 1u);
}
