// Round-trip property: 100,000 seeded random messages of every kind decode to what was encoded
// (up to the documented quantisation of points and battery).
#include <gtest/gtest.h>

#include <cmath>

#include "lifeline/codec/codec.hpp"
#include "lifeline/codec/json.hpp"
#include "random_messages.hpp"
#include "test_link_dictionary.hpp"

namespace lifeline::codec {
namespace test {

GeoPoint quantized(const GeoPoint& p) {
  GeoPoint q;
  const double lat_units = std::min(std::round((p.lat + 90.0) / 180.0 * (1 << 24)), double((1 << 24) - 1));
  const auto lon_units = static_cast<uint32_t>(std::llround((p.lon + 180.0) / 360.0 * (1 << 25))) & ((1u << 25) - 1);
  q.lat = lat_units * 180.0 / (1 << 24) - 90.0;
  q.lon = lon_units * 360.0 / (1 << 25) - 180.0;
  return q;
}

Message expected_after_round_trip(Message m) {
  if (auto* o = std::get_if<Order>(&m)) {
    if (o->place.ref.empty() && o->place.point) o->place.point = quantized(*o->place.point);
  } else if (auto* p = std::get_if<Position>(&m)) {
    p->point = quantized(p->point);
    p->battery = ((p->battery * 31 + 50) / 100 * 100 + 15) / 31;
  } else if (auto* u = std::get_if<DictUpdate>(&m)) {
    for (auto& e : u->entries)
      if (e.point) e.point = quantized(*e.point);
  } else if (auto* r = std::get_if<Receipt>(&m)) {
    if (r->answer != Answer::reject) r->reason = RejectReason::none;
  }
  return m;
}

}  // namespace test
namespace {

TEST(CodecProperty, HundredThousandRandomMessagesRoundTrip) {
  const auto dict = test::enrolment_dictionary();
  const auto key = test::test_key();
  test::RandomMessages gen(dict, 20261124);
  std::mt19937_64 rng(7);
  size_t bytes = 0;
  int failures = 0;
  for (int i = 0; i < 100'000 && failures < 5; ++i) {
    const int64_t t = 1'700'000'000'000 + static_cast<int64_t>(rng() % 1'000'000'000) * 1000;
    const Message m = gen.next(t);
    const auto seq = static_cast<uint16_t>(rng());
    auto frame = encode(m, seq, dict, key);
    ASSERT_TRUE(frame.ok()) << frame.error().code << " " << frame.error().detail << " "
                            << to_json(m).dump();
    bytes += frame->size();
    // The receiver's clock may be up to 300 s behind or 3795 s ahead of the sender's.
    const int64_t ref = t + (static_cast<int64_t>(rng() % 4096) - 300) * 1000;
    auto back = decode(*frame, dict, key, ref);
    ASSERT_TRUE(back.ok()) << back.error().code << " " << back.error().detail << " " << to_json(m).dump();
    const Message want = test::expected_after_round_trip(m);
    if (!(back->message == want)) {
      ++failures;
      ADD_FAILURE() << "sent " << to_json(want).dump() << "\n got " << to_json(back->message).dump();
    }
    if (!std::holds_alternative<Receipt>(m)) EXPECT_EQ(back->seq, seq);
  }
  EXPECT_EQ(failures, 0);
  std::printf("codec property: 100000 messages, %zu bytes in total\n", bytes);
}

TEST(CodecProperty, TextPicksTheShorterCharset) {
  const auto key = test::test_key();
  Dictionary empty;
  empty.add_team("T1").value();
  empty.add_incident("I1").value();
  auto size_of = [&](const std::string& text) {
    return encode(Text{Precedence::routine, "", text, 0}, 1, empty, key).value().size();
  };
  // 10 Chinese characters: 20 bytes in GB18030, 30 in UTF-8.
  EXPECT_LE(size_of("滨海镇上坪村敬老院旁"), 3 + 4 + 3 + 20 + 3u);
  // Latin letters with diacritics are 2 bytes in UTF-8 but 4 in GB18030: UTF-8 wins.
  EXPECT_LE(size_of("éèàùâêîôûç"), 3 + 4 + 3 + 20 + 3u);
}

}  // namespace
}  // namespace lifeline::codec
