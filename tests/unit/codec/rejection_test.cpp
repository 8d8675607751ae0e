// Forged, altered, truncated, padded and replayed frames are rejected with a clear error and change
// nothing at the receiver (replay window, reassembler, dictionary).
#include <gtest/gtest.h>

#include "lifeline/codec/codec.hpp"
#include "lifeline/codec/link.hpp"
#include "test_link_dictionary.hpp"

namespace lifeline::codec {
namespace {

constexpr int64_t kT0 = 1755640800000;

Order sample_order() {
  Order o;
  o.precedence = Precedence::flash;
  o.to = "T053";
  o.incident = "INC-2026-0022";
  o.task = TaskType::deliver;
  o.place = Place{"", "青峰镇塘头村敬老院", GeoPoint{28.11356, 120.04849}};
  o.due_minutes = 15;
  o.resources = {{"drinking_water", 1}};
  o.note = "卸货后回报数量";
  o.sent_ms = kT0;
  return o;
}

std::vector<Message> samples() {
  return {sample_order(), Position{{28.1, 120.2}, kT0, Readiness::deployed, TaskStatus::en_route, 80},
          Receipt{5, DeliveryState::read, Answer::reject, RejectReason::unsafe},
          Report{"INC-2026-0001", 1, 2, 3, "滨海镇上坪村水位超警戒30厘米", kT0},
          Text{Precedence::immediate, "T001", "收到请回复", kT0},
          DictUpdate{kBuiltinVersion + 1, {{DictTable::incident, "INC-2026-0041", {}, {}}}}};
}

// Receiver state worth comparing before/after a rejected frame.
struct Snapshot {
  bool empty;
  uint16_t highest;
  size_t pending, bytes;
  uint32_t version;
  bool operator==(const Snapshot&) const = default;
};
Snapshot snap(const LinkReceiver& r) {
  return {r.replay_window().empty(), r.replay_window().highest(), r.reassembler().pending_messages(),
          r.reassembler().pending_bytes(), r.dictionary().version()};
}

TEST(CodecReject, WrongKeyAndWrongDictionaryVersionFailTheMac) {
  const auto dict = test::enrolment_dictionary();
  for (const auto& m : samples()) {
    auto frame = encode(m, 9, dict, test::test_key(7)).value();
    auto other_key = decode(frame, dict, test::test_key(8), kT0);
    ASSERT_FALSE(other_key.ok());
    EXPECT_EQ(other_key.error().code, "bad_mac");
    auto other_dict = dict;
    other_dict.set_version(dict.version() + 1);
    auto r = decode(frame, other_dict, test::test_key(7), kT0);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, "bad_mac");
  }
}

TEST(CodecReject, EveryTruncationEveryBitFlipAndTrailingGarbageAreRejectedAndChangeNothing) {
  const auto dict = test::enrolment_dictionary();
  const auto key = test::test_key();
  ManualClock clock(kT0);
  LinkReceiver rx(dict, key, clock);
  // Put some state in the receiver first so "changes nothing" is tested against a non-empty state.
  ASSERT_TRUE(rx.receive(encode(Text{Precedence::routine, "", "先到一条", kT0}, 3, dict, key).value()).ok());
  for (const auto& m : samples()) {
    const auto frame = encode(m, 10, dict, key).value();
    const Snapshot before = snap(rx);
    for (size_t len = 0; len < frame.size(); ++len) {
      auto r = rx.receive(std::span(frame).first(len));
      ASSERT_FALSE(r.ok()) << "truncated to " << len;
      EXPECT_TRUE(r.error().code == "bad_frame" || r.error().code == "bad_mac") << r.error().code;
      EXPECT_EQ(snap(rx), before);
    }
    for (size_t extra : {1u, 2u, 7u, 64u}) {
      auto longer = frame;
      longer.insert(longer.end(), extra, 0x00);
      auto r = rx.receive(longer);
      ASSERT_FALSE(r.ok()) << "trailing " << extra;
      EXPECT_EQ(snap(rx), before);
    }
    for (size_t bit = 0; bit < frame.size() * 8; ++bit) {
      auto flipped = frame;
      flipped[bit / 8] ^= static_cast<uint8_t>(0x80 >> (bit % 8));
      auto r = rx.receive(flipped);
      ASSERT_FALSE(r.ok()) << "bit " << bit;
      EXPECT_TRUE(r.error().code == "bad_frame" || r.error().code == "bad_mac") << r.error().code;
      EXPECT_EQ(snap(rx), before);
    }
  }
}

TEST(CodecReject, ReplayedSequenceIsRefusedOnce) {
  const auto dict = test::enrolment_dictionary();
  const auto key = test::test_key();
  ManualClock clock(kT0);
  LinkReceiver rx(dict, key, clock);
  const auto f = encode(sample_order(), 100, dict, key).value();
  ASSERT_TRUE(rx.receive(f).ok());
  auto again = rx.receive(f);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, "duplicate");
  // Out of order inside the window is fine; older than the window is refused.
  EXPECT_TRUE(rx.receive(encode(sample_order(), 99, dict, key).value()).ok());
  EXPECT_TRUE(rx.receive(encode(sample_order(), 200, dict, key).value()).ok());
  auto old = rx.receive(encode(sample_order(), 101, dict, key).value());
  ASSERT_FALSE(old.ok());
  EXPECT_EQ(old.error().code, "duplicate");
}

TEST(CodecReject, ReplayWindowSurvivesWrapAround) {
  ReplayWindow w;
  w.record(65530);
  for (uint16_t s : {65531, 65535, 0, 1, 40}) {
    EXPECT_TRUE(w.acceptable(s)) << s;
    w.record(s);
    EXPECT_FALSE(w.acceptable(s)) << s;
  }
  EXPECT_FALSE(w.acceptable(65531));
  EXPECT_TRUE(w.acceptable(65532));  // inside the window, never seen
  EXPECT_EQ(w.highest(), 40);
  w.record(200);
  EXPECT_FALSE(w.acceptable(65532));  // now too old
}

TEST(CodecReject, UnknownIdsAndBadValuesAreEncodeErrors) {
  const auto dict = test::enrolment_dictionary();
  const auto key = test::test_key();
  auto o = sample_order();
  o.to = "T999";
  auto r = encode(o, 1, dict, key);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "not_found");
  o = sample_order();
  o.note = std::string("\xff\xfe", 2);
  EXPECT_EQ(encode(o, 1, dict, key).error().code, "bad_field");
  o = sample_order();
  o.place.point = GeoPoint{91, 0};
  EXPECT_EQ(encode(o, 1, dict, key).error().code, "bad_field");
  Position p{{0, 0}, 0, Readiness::available, std::nullopt, 101};
  EXPECT_EQ(encode(p, 1, dict, key).error().code, "bad_field");
}

TEST(CodecReject, DictionaryUpdateInBandThenNewIdsDecode) {
  const auto dict = test::enrolment_dictionary();
  const auto key = test::test_key();
  ManualClock clock(kT0);
  LinkSender tx(dict, key, 1);
  LinkReceiver rx(dict, key, clock);
  DictUpdate u{dict.version() + 1,
               {{DictTable::incident, "INC-2026-0099", {}, {}},
                {DictTable::place, "P9001", "鹰嘴岩临时安置点", GeoPoint{28.2, 120.3}}}};
  auto sent = tx.send(u, 70);
  ASSERT_TRUE(sent.ok()) << sent.error().detail;
  for (const auto& f : sent->frames) ASSERT_TRUE(rx.receive(f).ok());
  EXPECT_EQ(rx.dictionary().version(), dict.version() + 1);
  auto o = sample_order();
  o.incident = "INC-2026-0099";
  o.place = Place{"P9001", {}, {}};
  auto s2 = tx.send(o, 70);
  ASSERT_TRUE(s2.ok());
  auto got = rx.receive(s2->frames[0]);
  ASSERT_TRUE(got.ok()) << got.error().code;
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ(std::get<Order>((*got)->message).incident, "INC-2026-0099");
  EXPECT_EQ(std::get<Order>((*got)->message).place.ref, "P9001");
  // An old-version frame (encoded before the update) no longer authenticates.
  auto stale = encode(sample_order(), 500, dict, key).value();
  EXPECT_EQ(rx.receive(stale).error().code, "bad_mac");
}

}  // namespace
}  // namespace lifeline::codec
