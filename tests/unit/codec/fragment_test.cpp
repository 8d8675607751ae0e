// Fragmentation and reassembly: out of order, duplicates, conflicting duplicates, timeouts through
// the clock, bounded memory, and a clear error where a link cannot carry a message.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "lifeline/codec/link.hpp"
#include "test_link_dictionary.hpp"

namespace lifeline::codec {
namespace {

constexpr int64_t kT0 = 1755640800000;

Report long_report(int chars) {
  std::string text;
  const std::string pool = "鹰嘴岩矿洞口东侧二号工棚北面速派挖机两台并携带照明设备连夜抢通便道";
  for (int i = 0; i < chars; ++i) text += pool.substr(static_cast<size_t>(i % 33) * 3, 3);
  return Report{"INC-2026-0003", 0, 1, 3, text, kT0};
}

TEST(CodecFragment, ShuffledAndDuplicatedFragmentsReassembleFlagged) {
  const auto dict = test::enrolment_dictionary();
  const auto key = test::test_key();
  ManualClock clock(kT0);
  LinkSender tx(dict, key, 65530);  // fragments' sequence numbers wrap past 65535
  LinkReceiver rx(dict, key, clock);
  const auto msg = long_report(120);
  auto out = tx.send(msg, 70);
  ASSERT_TRUE(out.ok());
  ASSERT_TRUE(out->fragmented);
  ASSERT_GE(out->frames.size(), 4u);
  for (const auto& f : out->frames) EXPECT_LE(f.size(), 70u);
  auto frames = out->frames;
  std::mt19937 rng(3);
  std::shuffle(frames.begin(), frames.end(), rng);
  std::optional<Frame> done;
  for (size_t i = 0; i < frames.size(); ++i) {
    auto r = rx.receive(frames[i]);
    ASSERT_TRUE(r.ok()) << r.error().code;
    if (i + 1 < frames.size()) {
      EXPECT_FALSE(r->has_value());
      auto dup = rx.receive(frames[i]);  // the link delivered it twice
      ASSERT_FALSE(dup.ok());
      EXPECT_EQ(dup.error().code, "duplicate");
    } else {
      done = **r;
    }
  }
  ASSERT_TRUE(done);
  EXPECT_TRUE(done->fragmented);
  EXPECT_EQ(done->seq, 65530);
  EXPECT_EQ(std::get<Report>(done->message), msg);
  EXPECT_EQ(rx.reassembler().pending_messages(), 0u);
  EXPECT_EQ(tx.next_seq(), static_cast<uint16_t>(65530 + 1 + out->frames.size()));
}

TEST(CodecFragment, ReassemblerHandlesDuplicatesConflictsAndTimeouts) {
  ManualClock clock(kT0);
  Reassembler re(clock, ReassemblerLimits{4, 1024, 60'000});
  FragmentPiece a{1, 7, 0, 2, {1, 2, 3}}, b{2, 7, 1, 2, {4, 5}};
  EXPECT_FALSE(re.add(a).value().has_value());
  EXPECT_FALSE(re.add(a).value().has_value());  // identical duplicate: nothing new
  FragmentPiece conflicting = a;
  conflicting.chunk = {9, 9, 9};
  auto c = re.add(conflicting);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().code, "conflict");
  EXPECT_EQ(re.pending_bytes(), 3u);  // the conflicting piece changed nothing
  auto whole = re.add(b);
  ASSERT_TRUE(whole.ok());
  ASSERT_TRUE(whole->has_value());
  EXPECT_EQ(**whole, (std::vector<uint8_t>{1, 2, 3, 4, 5}));
  // A partial message older than the timeout is dropped.
  EXPECT_FALSE(re.add(a).value().has_value());
  clock.advance(60'001);
  EXPECT_FALSE(re.add(FragmentPiece{3, 8, 0, 2, {1}}).value().has_value());
  EXPECT_EQ(re.pending_messages(), 1u);
  EXPECT_EQ(re.expired_count(), 1u);
  EXPECT_FALSE(re.add(b).value().has_value());  // its partner went with the timeout
}

TEST(CodecFragment, MemoryStaysBounded) {
  ManualClock clock(kT0);
  Reassembler re(clock, ReassemblerLimits{4, 100, 3'600'000});
  for (int tag = 0; tag < 50; ++tag) {
    clock.advance(1);
    ASSERT_TRUE(re.add(FragmentPiece{0, static_cast<uint8_t>(tag), 0, 3, std::vector<uint8_t>(30, 1)}).ok());
    EXPECT_LE(re.pending_messages(), 4u);
    EXPECT_LE(re.pending_bytes(), 100u);
  }
  EXPECT_GE(re.expired_count(), 46u);
}

TEST(CodecFragment, TooLargeForTheLinkIsAClearError) {
  const auto dict = test::enrolment_dictionary();
  const auto key = test::test_key();
  LinkSender tx(dict, key, 1);
  // 300 characters take ~430 bytes (phrases cover part of the text): more than 16 fragments of a
  // 30-byte link carry (16 chunks of 30 - 9 bytes).
  ASSERT_GT(encode(long_report(300), 1, dict, key).value().size(), 16 * (30 - kFragmentOverhead));
  auto r = tx.send(long_report(300), 30);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "too_large_for_link");
  EXPECT_EQ(tx.next_seq(), 1);  // nothing consumed
  auto tiny = tx.send(long_report(40), 9);  // a link that cannot carry even a fragment header
  ASSERT_FALSE(tiny.ok());
  EXPECT_EQ(tiny.error().code, "too_large_for_link");
  // Iridium MT (270 B): a message of ~300 bytes (210 characters) goes in two fragments.
  const size_t bytes = encode(long_report(210), 1, dict, key).value().size();
  ASSERT_GT(bytes, 270u);
  ASSERT_LE(bytes, 2 * (270 - kFragmentOverhead));
  auto iridium = tx.send(long_report(210), 270);
  ASSERT_TRUE(iridium.ok());
  EXPECT_EQ(iridium->frames.size(), 2u);
}

TEST(CodecFragment, ForgedFragmentIsRejectedBeforeReassembly) {
  const auto dict = test::enrolment_dictionary();
  ManualClock clock(kT0);
  LinkSender tx(dict, test::test_key(1), 1);
  LinkReceiver rx(dict, test::test_key(2), clock);
  auto out = tx.send(long_report(100), 70).value();
  for (const auto& f : out.frames) {
    auto r = rx.receive(f);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, "bad_mac");
  }
  EXPECT_EQ(rx.reassembler().pending_messages(), 0u);
  EXPECT_TRUE(rx.replay_window().empty());
}

}  // namespace
}  // namespace lifeline::codec
