// The gazetteer lookup behind place.search and the incident's location by name (domain/places.hpp).
#include <gtest/gtest.h>

#include "lifeline/domain/places.hpp"

using namespace lifeline::domain;

namespace {
std::vector<std::string> names(const std::vector<const Place*>& ps) {
  std::vector<std::string> out;
  for (const auto* p : ps) out.push_back(p->name);
  return out;
}
}  // namespace

TEST(Places, AFreeTextPlaceIsTheMostSpecificPlaceItNames) {
  // The field's own ways of naming places (corpus orders): a landmark after a village or a town.
  auto boats = locate_place("港口镇渔港");
  ASSERT_TRUE(boats);
  EXPECT_EQ(boats->name, "港口镇");
  auto farm = locate_place("青峰镇新桥村养殖场");
  ASSERT_TRUE(farm);
  EXPECT_EQ(farm->name, "青峰镇新桥村");  // the village, not its township
  EXPECT_EQ(farm->kind, "village");
  EXPECT_NEAR(farm->lat, 28.1, 0.2);
  auto exact = locate_place(" 石塘镇东岙村 ");
  ASSERT_TRUE(exact);
  EXPECT_EQ(exact->id, "P0002");
  EXPECT_EQ(locate_place("Dong'ao Village, Shitang Town")->id, "P0002");  // English, exactly
}

TEST(Places, APartOfANameLocatesOnlyWhenOnePlaceHasIt) {
  auto one = locate_place("下洋社区");
  ASSERT_TRUE(one);
  EXPECT_EQ(one->name, "石塘镇下洋社区");
  EXPECT_FALSE(locate_place("东岙村"));        // 石塘镇东岙村 and 东坪乡东岙村: the desk picks
  EXPECT_FALSE(locate_place("新桥村"));
  EXPECT_FALSE(locate_place("石塘"));          // the town and each of its villages
  EXPECT_FALSE(locate_place("村"));
  EXPECT_FALSE(locate_place("火星基地"));      // not in the gazetteer
  EXPECT_FALSE(locate_place(""));
  EXPECT_FALSE(locate_place("shitang"));       // an English fragment never locates
}

TEST(Places, SearchOffersTheCandidatesBestFirst) {
  auto s = names(find_places("石塘", 50));
  ASSERT_GE(s.size(), 2u);
  EXPECT_EQ(s[0], "石塘镇");  // the town before its villages (same fit, gazetteer order)
  for (const auto& n : s) EXPECT_NE(n.find("石塘"), std::string::npos) << n;
  EXPECT_EQ(names(find_places("石塘镇东岙村", 3)).front(), "石塘镇东岙村");
  EXPECT_EQ(names(find_places("东岙村", 5)), (std::vector<std::string>{"石塘镇东岙村", "东坪乡东岙村"}));
  EXPECT_EQ(find_places("shitang", 5).front()->name, "石塘镇");
  EXPECT_EQ(find_places("石塘", 2).size(), 2u);
  EXPECT_TRUE(find_places("   ", 5).empty());
  EXPECT_TRUE(find_places("石塘", 0).empty());
}
