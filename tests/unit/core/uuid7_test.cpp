#include "lifeline/uuid7.hpp"

#include <gtest/gtest.h>

#include <set>

using namespace lifeline;

TEST(Uuid7, CanonicalFormRoundTrips) {
  auto id = uuid7_new(1755640800000);
  auto text = uuid_to_string(id);
  ASSERT_EQ(text.size(), 36u);
  EXPECT_EQ(text[14], '7');  // version nibble
  EXPECT_TRUE(text[19] == '8' || text[19] == '9' || text[19] == 'a' || text[19] == 'b');  // variant
  auto back = uuid_parse(text);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, id);
  EXPECT_EQ(uuid7_ms(id), 1755640800000);
}

TEST(Uuid7, SortsByCreationEvenWithinOneMillisecond) {
  std::string prev;
  std::set<std::string> seen;
  for (int i = 0; i < 10000; ++i) {
    auto s = uuid7_string(1755640800000 + i / 1000);
    EXPECT_LT(prev, s);
    EXPECT_TRUE(seen.insert(s).second);
    prev = s;
  }
}

TEST(Uuid7, ClockGoingBackwardsStillSorts) {
  auto a = uuid7_string(1755640900000);
  auto b = uuid7_string(1755640000000);
  EXPECT_LT(a, b);
}

TEST(Uuid7, RejectsNonCanonicalText) {
  EXPECT_FALSE(uuid_parse(""));
  EXPECT_FALSE(uuid_parse("0198c6e0-6c00-7000-8000-00000000000"));     // short
  EXPECT_FALSE(uuid_parse("0198C6E0-6C00-7000-8000-000000000000"));    // upper case
  EXPECT_FALSE(uuid_parse("0198c6e0x6c00-7000-8000-000000000000"));    // separator
  EXPECT_FALSE(uuid_parse("0198c6e0-6c00-7000-8000-00000000000g"));    // not hex
  EXPECT_TRUE(uuid_parse("0198c6e0-6c00-7000-8000-000000000000"));
}
