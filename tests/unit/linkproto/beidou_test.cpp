// Typed BeiDou sentences: the published vectors decode to the right fields, our emitters reproduce
// them byte for byte, GBK content and the two $BDFKI layouts.
#include <gtest/gtest.h>

#include "lifeline/linkproto/beidou.hpp"
#include "lifeline/linkproto/gbk.hpp"

using namespace lifeline::linkproto;
using namespace lifeline::linkproto::beidou;

TEST(LinkprotoBeidou, CardInfoVector) {
  const std::string wire = "$BDICI,0242286,00242286,0000011,6,60,3,N,0*38\r\n";
  auto m = parse(wire);
  ASSERT_TRUE(m) << m.error;
  const auto& ici = std::get<CardInfo>(*m);
  EXPECT_EQ(ici.address, "0242286");
  EXPECT_EQ(ici.frequency_s, 60);
  EXPECT_EQ(ici.level, 3);
  EXPECT_EQ(ici.user_type, 6);
  EXPECT_EQ(emit(ici), wire);
  auto none = parse("$BDICI,0000000,00000000,0000000,0,0,0,N,0*0B\r\n");
  ASSERT_TRUE(none);
  EXPECT_EQ(std::get<CardInfo>(*none).address, "0000000");
}

TEST(LinkprotoBeidou, CardQueryAcceptsEveryWidth) {
  for (const char* w : {"$CCICA,0,00*7B\r\n", "$CCICA,0,0*4B\r\n"}) {
    auto m = parse(w);
    ASSERT_TRUE(m) << w << m.error;
    EXPECT_EQ(emit(*m), w);
  }
  auto m = parse(nmea_frame("CCICA,0,000"));
  ASSERT_TRUE(m);
  EXPECT_EQ(std::get<CardQuery>(*m).frame, "000");
}

TEST(LinkprotoBeidou, SendRequestVectors) {
  auto code = parse("$CCTXA,0247718,1,1,3132333435*70\r\n");
  ASSERT_TRUE(code) << code.error;
  const auto& txa = std::get<SendRequest21>(*code);
  EXPECT_EQ(txa.destination, "0247718");
  EXPECT_EQ(txa.encoding, Encoding21::code);
  EXPECT_EQ(to_string(*bytes_of_content(txa.content, false, false)), "12345");

  const std::string mixed_wire = "$CCTXA,0000000,1,2,A4313233C4E3BAC3D5E2CAC7B2E2CAD4*7F\r\n";
  auto mixed = parse(mixed_wire);
  ASSERT_TRUE(mixed) << mixed.error;
  const auto& m2 = std::get<SendRequest21>(*mixed);
  auto bytes = bytes_of_content(m2.content, false, true);
  ASSERT_TRUE(bytes);
  EXPECT_EQ(*gbk_to_utf8(to_string(*bytes)), "123你好这是测试");
  // Our emitter, from the UTF-8 text, gives the published sentence byte for byte.
  SendRequest21 ours{"0000000", 1, Encoding21::mixed, content_for_bytes(to_bytes(*utf8_to_gbk("123你好这是测试")), true)};
  EXPECT_EQ(emit(ours), mixed_wire);
}

TEST(LinkprotoBeidou, ReceivedVectors) {
  auto txr = parse("$BDTXR,1,4207733,1,2337,90000000000065C1FAF4B2E2CAD4*3F\r\n");
  ASSERT_TRUE(txr) << txr.error;
  const auto& r = std::get<Received21>(*txr);
  EXPECT_EQ(r.info_class, 1);
  EXPECT_EQ(r.sender, "4207733");
  EXPECT_EQ(r.send_time, "2337");
  EXPECT_EQ(emit(r), "$BDTXR,1,4207733,1,2337,90000000000065C1FAF4B2E2CAD4*3F\r\n");

  const std::string tci_wire =
      "$BDTCI,4204986,4204990,2,142204,2,0,3A642B500000000000000A01F35B41EC036542EE74F5*40\r\n";
  auto tci = parse(tci_wire);
  ASSERT_TRUE(tci) << tci.error;
  const auto& t = std::get<Received3>(*tci);
  EXPECT_EQ(t.sender, "4204986");
  EXPECT_EQ(t.receiver, "4204990");
  EXPECT_EQ(t.time, "142204");
  EXPECT_EQ(t.encoding, Encoding3::code);
  EXPECT_EQ(emit(t), tci_wire);
}

TEST(LinkprotoBeidou, FeedbackLayoutsToldApart) {
  auto bd3 = parse("$BDFKI,000000,TCQ,Y,5,0*74\r\n");
  ASSERT_TRUE(bd3) << bd3.error;
  const auto& f3 = std::get<Feedback3>(*bd3);
  EXPECT_EQ(f3.request, "TCQ");
  EXPECT_EQ(f3.reason, 5);
  Feedback21 early{"TXA", false, false, 0, 42};
  std::string wire = emit(early);
  EXPECT_EQ(wire, nmea_frame("BDFKI,TXA,N,N,0,42"));
  auto back = parse(wire);
  ASSERT_TRUE(back);
  const auto& f21 = std::get<Feedback21>(*back);
  EXPECT_FALSE(f21.executed);
  EXPECT_FALSE(f21.frequency_ok);
  EXPECT_EQ(f21.wait_s, 42);
}

TEST(LinkprotoBeidou, ChineseModeChecksumRunsOverGbkBytes) {
  std::string gbk = *utf8_to_gbk("你好");
  ASSERT_EQ(gbk, "\xC4\xE3\xBA\xC3");
  SendRequest21 m{"0247718", 1, Encoding21::chinese, gbk};
  std::string wire = emit(m);
  auto back = parse(wire);
  ASSERT_TRUE(back) << back.error;
  EXPECT_EQ(std::get<SendRequest21>(*back).content, gbk);
  EXPECT_EQ(wire, nmea_frame("CCTXA,0247718,1,0," + gbk));
}

TEST(LinkprotoBeidou, SendRequest3RoundTrip) {
  SendRequest3 m{"4204990", 2, 1, Encoding3::mixed, content_for_bytes({0x01, 0xFF}, true), 0};
  std::string wire = emit(m);
  EXPECT_EQ(wire, nmea_frame("CCTCQ,4204990,2,1,3,A401FF,0"));
  auto back = parse(wire);
  ASSERT_TRUE(back) << back.error;
  EXPECT_EQ(std::get<SendRequest3>(*back).content, "A401FF");
}

TEST(LinkprotoBeidou, BadFieldsRefused) {
  EXPECT_FALSE(parse(nmea_frame("CCTXA,024771,1,1,31")));        // 6-digit address
  EXPECT_FALSE(parse(nmea_frame("CCTXA,0247718,1,1,3")));        // odd hex
  EXPECT_FALSE(parse(nmea_frame("CCTXA,0247718,1,2,3132")));     // mixed without A4
  EXPECT_FALSE(parse(nmea_frame("CCTXA,0247718,7,1,31")));       // class
  EXPECT_FALSE(parse(nmea_frame("CCTXA,0247718,1,1")));          // missing content
  EXPECT_FALSE(parse(nmea_frame("BDICI,0242286,00242286,0000011,6,60,9,N,0")));  // level 9
  EXPECT_FALSE(parse(nmea_frame("BDFKI,TXA,X,Y,0,0")));
  EXPECT_FALSE(parse(nmea_frame("CCTCQ,4204990,9,1,3,A401,0")));
  EXPECT_FALSE(parse(nmea_frame("GPGGA,1,2,3")));                // not ours
}

TEST(LinkprotoBeidou, GbkRejectsInvalid) {
  EXPECT_FALSE(gbk_to_utf8("\xFF\xFF"));
  EXPECT_FALSE(utf8_to_gbk("\xC3"));
  EXPECT_EQ(*gbk_to_utf8(*utf8_to_gbk("应急救援")), "应急救援");
}
