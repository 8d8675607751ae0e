// The dictionary: built-in data, JSON form for enrolment, all-or-nothing in-band updates.
#include <gtest/gtest.h>

#include "lifeline/codec/dictionary.hpp"
#include "test_link_dictionary.hpp"

namespace lifeline::codec {
namespace {

TEST(CodecDictionary, BuiltinHoldsTheGazetteerItemsAndPhrases) {
  const auto& d = Dictionary::builtin();
  EXPECT_EQ(d.size(DictTable::place), 72u);
  EXPECT_EQ(*d.key(DictTable::place, 0), "P0001");
  EXPECT_EQ(d.place(0)->name, "石塘镇");
  EXPECT_TRUE(d.find(DictTable::item, "life_jacket"));
  EXPECT_TRUE(d.find(DictTable::phrase, "卸货后回报数量"));
  EXPECT_EQ(d.size(DictTable::team), 0u);
}

TEST(CodecDictionary, JsonRoundTripKeepsIndices) {
  const auto d = test::enrolment_dictionary();
  auto back = Dictionary::from_json(d.to_json());
  ASSERT_TRUE(back.ok()) << back.error().detail;
  EXPECT_EQ(back->to_json(), d.to_json());
  EXPECT_EQ(*back->find(DictTable::team, "T053"), *d.find(DictTable::team, "T053"));
  EXPECT_FALSE(Dictionary::from_json(nlohmann::json{{"version", 1}, {"teams", {"T1", "T1"}}}).ok());
  EXPECT_FALSE(Dictionary::from_json(nlohmann::json{{"teams", {"T1"}}}).ok());
  EXPECT_FALSE(Dictionary::from_json(nlohmann::json{{"version", 1}, {"places", {{{"id", "P"}}}}}).ok());
}

TEST(CodecDictionary, UpdatesApplyAllOrNothing) {
  auto d = test::enrolment_dictionary();
  const auto before = d.to_json();
  EXPECT_EQ(d.apply(DictUpdate{d.version() + 2, {{DictTable::team, "T900", {}, {}}}}).error().code, "conflict");
  EXPECT_EQ(d.apply(DictUpdate{d.version() + 1, {{DictTable::team, "T900", {}, {}}, {DictTable::team, "T001", {}, {}}}})
                .error()
                .code,
            "conflict");
  EXPECT_EQ(d.to_json(), before);
  ASSERT_TRUE(d.apply(DictUpdate{d.version() + 1, {{DictTable::team, "T900", {}, {}}}}).ok());
  EXPECT_EQ(*d.find(DictTable::team, "T900"), 240u);
  EXPECT_EQ(d.version(), 2u);
}

}  // namespace
}  // namespace lifeline::codec
