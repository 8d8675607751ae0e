// The budgets on two corpora: the demo city's field traffic (tests/data/corpus/field-traffic.jsonl,
// what the phrase dictionary may be tuned on) and a held-out corpus with other notes, landmarks,
// ad-hoc places and report phrasing (heldout-traffic.jsonl, tests/bench/codec/make_heldout_corpus.py),
// which is only measured. A dictionary that knew only the tuning corpus' sentences would pass the
// first and fail the second: held-out orders carry more hanzi than the 12 unseen ones the order
// budget promises and grow towards the BeiDou frame limit.
#include <gtest/gtest.h>

#include "corpus_sizes.hpp"
#include "test_link_dictionary.hpp"

namespace lifeline::codec {
namespace {

constexpr size_t kUnseenHanziPromise = 12;  // DECISIONS: up to 12 unseen hanzi (place + note) per order

void expect_budgets(const test::CorpusSizes& s, const char* corpus) {
  EXPECT_TRUE(s.errors.empty()) << corpus << ": " << (s.errors.empty() ? "" : s.errors.front());
  EXPECT_LE(s.bytes.at("order").max(), test::kBeidouFrame) << corpus;
  EXPECT_EQ(s.bytes.at("position").max(), 16u) << corpus;
  EXPECT_EQ(s.bytes.at("receipt").max(), 8u) << corpus;
  EXPECT_LE(s.unseen_hanzi.at("order").max(), kUnseenHanziPromise) << corpus << ": " << s.worst_order;
  // A report crosses BeiDou in as few frames as its bytes need (at most 61 of them per fragment).
  for (size_t i = 0; i < s.bytes.at("report").v.size(); ++i) {
    const size_t bytes = s.bytes.at("report").v[i];
    const size_t need = bytes <= test::kBeidouFrame ? 1 : (bytes + test::kBeidouFrame - kFragmentOverhead - 1) /
                                                             (test::kBeidouFrame - kFragmentOverhead);
    EXPECT_EQ(s.report_frames.v[i], need) << corpus;
  }
}

TEST(CodecHeldOut, BudgetsHoldOnTheTuningAndTheHeldOutCorpus) {
  const auto dict = test::enrolment_dictionary();
  const auto key = test::test_key();
  const auto tuning = test::measure_corpus(LIFELINE_SOURCE_DIR "/tests/data/corpus/field-traffic.jsonl", dict, key);
  const auto heldout = test::measure_corpus(LIFELINE_SOURCE_DIR "/tests/data/corpus/heldout-traffic.jsonl", dict, key);
  tuning.print("tuning");
  heldout.print("held-out");
  EXPECT_EQ(tuning.lines, 3200u);
  EXPECT_EQ(heldout.lines, 2250u);
  expect_budgets(tuning, "tuning");
  expect_budgets(heldout, "held-out");
  // Text the dictionary was not tuned on costs about what tuned text costs: the median held-out
  // order stays within half a BeiDou frame, and reports need no more frames than tuned ones plus one.
  EXPECT_LE(heldout.bytes.at("order").median(), test::kBeidouFrame / 2);
  EXPECT_LE(heldout.report_frames.max(), tuning.report_frames.max() + 1);
}

}  // namespace
}  // namespace lifeline::codec
