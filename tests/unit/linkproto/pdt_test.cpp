// PDT short-data MODEL frames: layout, CRCs (standard check values), round trips, the stream reader's
// resynchronisation and damaged frames.
#include <gtest/gtest.h>

#include "lifeline/linkproto/pdt.hpp"

using namespace lifeline::linkproto;
using namespace lifeline::linkproto::pdt;

TEST(LinkprotoPdt, CrcCheckValues) {
  const std::string check = "123456789";
  auto p = reinterpret_cast<const uint8_t*>(check.data());
  EXPECT_EQ(crc16_ccitt(p, check.size()), 0x29B1);   // CRC-16/CCITT-FALSE check value
  EXPECT_EQ(crc32_ieee(p, check.size()), 0xCBF43926u);  // CRC-32 check value
}

TEST(LinkprotoPdt, DataFrameLayout) {
  DataFrame d{0x123456, 0x00ABCD, 9, "hello"};
  auto wire = encode(d);
  ASSERT_TRUE(wire) << wire.error;
  ASSERT_EQ(wire->size(), kHeaderBytes + kBlockBytes);  // 5 + 4 CRC bytes fit one 18-byte block
  EXPECT_EQ(hex_encode(wire->substr(0, 10)), "4C12345600ABCD010909");
  auto back = decode(*wire);
  ASSERT_TRUE(back) << back.error;
  const auto& got = std::get<DataFrame>(*back);
  EXPECT_EQ(got.destination, 0x123456u);
  EXPECT_EQ(got.source, 0xABCDu);
  EXPECT_EQ(got.sequence, 9);
  EXPECT_EQ(got.payload, "hello");
}

TEST(LinkprotoPdt, SizesAndLimits) {
  EXPECT_EQ(blocks_for(0), 1u);
  EXPECT_EQ(blocks_for(14), 1u);
  EXPECT_EQ(blocks_for(15), 2u);
  EXPECT_EQ(blocks_for(kMaxPayload), kMaxBlocks);
  auto max = encode(DataFrame{1, 2, 0, std::string(kMaxPayload, 'x')});
  ASSERT_TRUE(max);
  EXPECT_EQ(std::get<DataFrame>(*decode(*max)).payload.size(), kMaxPayload);
  EXPECT_FALSE(encode(DataFrame{1, 2, 0, std::string(kMaxPayload + 1, 'x')}));
  EXPECT_FALSE(encode(DataFrame{0x1000000, 2, 0, "x"}));
}

TEST(LinkprotoPdt, AckRoundTrip) {
  auto wire = encode(AckFrame{7, 8, 200, AckStatus::crc_failed});
  ASSERT_TRUE(wire);
  EXPECT_EQ(wire->size(), kHeaderBytes);
  auto back = decode(*wire);
  ASSERT_TRUE(back);
  const auto& a = std::get<AckFrame>(*back);
  EXPECT_EQ(a.sequence, 200);
  EXPECT_EQ(a.status, AckStatus::crc_failed);
}

TEST(LinkprotoPdt, DamagedFramesRefused) {
  std::string wire = *encode(DataFrame{1, 2, 3, std::string(40, 'q')});
  for (size_t i : {size_t{0}, size_t{5}, size_t{11}, size_t{20}, wire.size() - 1}) {
    std::string bad = wire;
    bad[i] ^= 0x10;
    EXPECT_FALSE(decode(bad)) << "flip at " << i;
  }
  EXPECT_FALSE(decode(wire.substr(0, wire.size() - 1)));
  EXPECT_FALSE(decode(""));
}

TEST(LinkprotoPdt, ReaderResyncsAndReportsCrcFailures) {
  std::string a = *encode(DataFrame{1, 2, 1, "first"});
  std::string b = *encode(DataFrame{1, 2, 2, "second message, two blocks"});
  std::string c = *encode(AckFrame{2, 1, 1, AckStatus::received});
  std::string damaged = b;
  damaged[kHeaderBytes + 3] ^= 0x01;  // data CRC fails, header still valid
  FrameReader r;
  std::string stream = std::string("\xFF\x00noise", 7) + a + damaged + b + c;
  for (size_t i = 0; i < stream.size(); i += 5) r.feed(std::string_view(stream).substr(i, 5));
  FrameReader::Item item;
  ASSERT_TRUE(r.next(item));
  ASSERT_TRUE(item.frame) << item.frame.error;
  EXPECT_EQ(std::get<DataFrame>(*item.frame).payload, "first");
  ASSERT_TRUE(r.next(item));
  EXPECT_FALSE(item.frame);
  EXPECT_EQ(item.frame.error, "data CRC mismatch");
  EXPECT_EQ(item.sequence, 2);
  EXPECT_EQ(item.source, 2u);
  ASSERT_TRUE(r.next(item));
  EXPECT_EQ(std::get<DataFrame>(*item.frame).payload, "second message, two blocks");
  ASSERT_TRUE(r.next(item));
  EXPECT_TRUE(std::holds_alternative<AckFrame>(*item.frame));
  EXPECT_FALSE(r.next(item));
  EXPECT_EQ(r.skipped_bytes(), 7u);
}
