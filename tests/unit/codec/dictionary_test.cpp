// The dictionary: built-in data, JSON form for enrolment, all-or-nothing in-band updates.
#include <gtest/gtest.h>

#include <fstream>
#include <set>

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
  EXPECT_EQ(d.size(DictTable::team), 0u);
  EXPECT_EQ(d.version(), kBuiltinVersion);
  // The vocabulary of the work: terms, place-name morphemes, and every gazetteer name (after it).
  for (const char* term : {"，", "村", "岙", "转移", "堤防", "管涌", "山体滑坡", "防火隔离带", "危险化学品", "冲锋舟", "下游", "今晚"})
    EXPECT_TRUE(d.find(DictTable::phrase, term)) << term;
  EXPECT_EQ(*d.find(DictTable::phrase, "，"), 0u);  // the most frequent entries take the shortest ids
  EXPECT_GT(d.size(DictTable::phrase), 1500u);
  for (uint32_t i = 0; i < d.size(DictTable::place); ++i) EXPECT_TRUE(d.find(DictTable::phrase, d.place(i)->name));
}

// The phrase table is not the test corpus: none of the corpus' order notes is a phrase of its own
// (edition 0 was those notes, which is why its budgets held only on that corpus).
TEST(CodecDictionary, NoOrderNoteOfTheTestCorpusIsAPhrase) {
  const auto& d = Dictionary::builtin();
  std::ifstream in(LIFELINE_SOURCE_DIR "/tests/data/corpus/field-traffic.jsonl");
  ASSERT_TRUE(in);
  std::set<std::string> notes;
  for (std::string line; std::getline(in, line);) {
    auto j = nlohmann::json::parse(line);
    if (j["kind"] == "order" && j["note"].get<std::string>().size() > 6) notes.insert(j["note"].get<std::string>());
  }
  EXPECT_GT(notes.size(), 20u);
  for (const auto& note : notes) EXPECT_FALSE(d.find(DictTable::phrase, note)) << note;
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

TEST(CodecDictionary, AnEditionRunsOutOfUpdateNumbersRatherThanReachTheNext) {
  Dictionary d;
  d.set_version(kBuiltinVersion + 0xFFFE);  // the last update number of edition 1
  EXPECT_EQ(d.apply(DictUpdate{d.version() + 1, {{DictTable::team, "T900", {}, {}}}}).error().code, "conflict");
  EXPECT_EQ(d.version(), kBuiltinVersion + 0xFFFE);
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
  EXPECT_EQ(d.version(), kBuiltinVersion + 1);
}

}  // namespace
}  // namespace lifeline::codec
