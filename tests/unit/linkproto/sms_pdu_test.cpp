// SMS PDU mode against published PDUs (the classic "hellohello" SUBMIT and DELIVER examples of the
// GSM 03.40 tutorials), UCS2 Chinese, 8-bit data, concatenation and bad input.
#include <gtest/gtest.h>

#include "lifeline/linkproto/sms_pdu.hpp"

using namespace lifeline::linkproto;
using namespace lifeline::linkproto::sms;

TEST(LinkprotoSms, PublishedSubmitHelloHello) {
  // dreamfabric.com "SMS and the PDU format": SUBMIT to +46708251358, VP 0xAA (4 days), "hellohello".
  Submit m{"+46708251358", Coding::gsm7, "hellohello", std::nullopt, 0, false, 0xAA};
  auto pdu = encode_submit(m);
  ASSERT_TRUE(pdu) << pdu.error;
  EXPECT_EQ(pdu->hex, "0011000B916407281553F80000AA0AE8329BFD4697D9EC37");
  EXPECT_EQ(pdu->tpdu_length, 23);
  auto back = decode_submit(pdu->hex);
  ASSERT_TRUE(back) << back.error;
  EXPECT_EQ(back->destination, "+46708251358");
  EXPECT_EQ(back->user_data, "hellohello");
  EXPECT_EQ(back->validity, 0xAA);
}

TEST(LinkprotoSms, PublishedDeliverHelloHello) {
  // Same tutorial: DELIVER from 27838890001 via SMSC +27381000015, 1999-03-29 15:16:59 +02:00.
  auto d = decode_deliver("07917283010010F5040BC87238880900F10000993092516195800AE8329BFD4697D9EC37");
  ASSERT_TRUE(d) << d.error;
  EXPECT_EQ(d->originator, "27838890001");
  EXPECT_EQ(d->user_data, "hellohello");
  EXPECT_EQ(d->coding, Coding::gsm7);
  EXPECT_EQ(d->tz_quarters, 8);
  EXPECT_EQ(d->timestamp_ms, 922713419000);  // 1999-03-29T13:16:59Z
}

TEST(LinkprotoSms, Ucs2ChineseRoundTrip) {
  Deliver m{"+8613800000000", Coding::ucs2, "请立即前往石塘镇", std::nullopt, 1787187600000, 32};
  auto pdu = encode_deliver(m);
  ASSERT_TRUE(pdu) << pdu.error;
  // DCS 08 and the first character 请 = U+8BF7 as big-endian UTF-16 in the user data.
  EXPECT_NE(pdu->hex.find("0008"), std::string::npos);
  EXPECT_NE(pdu->hex.find("8BF7"), std::string::npos);
  auto back = decode_deliver(pdu->hex);
  ASSERT_TRUE(back) << back.error;
  EXPECT_EQ(back->user_data, m.user_data);
  EXPECT_EQ(back->originator, m.originator);
  EXPECT_EQ(back->timestamp_ms, m.timestamp_ms);
  EXPECT_EQ(back->tz_quarters, 32);
}

TEST(LinkprotoSms, GsmExtensionCharacters) {
  EXPECT_EQ(*gsm7_length("a{€}"), 7u);
  EXPECT_FALSE(gsm7_representable("你"));
  Submit m{"10086", Coding::gsm7, "[x]~€", std::nullopt, 3, false, 0xA7};
  auto back = decode_submit(encode_submit(m)->hex);
  ASSERT_TRUE(back) << back.error;
  EXPECT_EQ(back->user_data, "[x]~€");
  EXPECT_EQ(back->message_ref, 3);
}

TEST(LinkprotoSms, ConcatenatedChineseTextReassembles) {
  std::string text;
  for (int i = 0; i < 30; ++i) text += "应急救援队集结";  // 210 characters -> 4 UCS2 parts of <= 67
  auto parts = split_text("+8613900000000", text, 42);
  ASSERT_TRUE(parts) << parts.error;
  ASSERT_EQ(parts->size(), 4u);
  ConcatAssembler asm_;
  std::optional<Deliver> whole;
  // Deliver the parts out of order, as the network may.
  for (int idx : {2, 0, 3, 1}) {
    const Submit& s = (*parts)[static_cast<size_t>(idx)];
    ASSERT_EQ(s.coding, Coding::ucs2);
    auto sub = decode_submit(encode_submit(s)->hex);
    ASSERT_TRUE(sub) << sub.error;
    ASSERT_TRUE(sub->concat);
    EXPECT_EQ(sub->concat->ref, 42);
    EXPECT_EQ(sub->concat->total, 4);
    Deliver d{"+8613700000000", sub->coding, sub->user_data, sub->concat, 0, 0};
    auto got = decode_deliver(encode_deliver(d)->hex);
    ASSERT_TRUE(got) << got.error;
    EXPECT_FALSE(whole);
    whole = asm_.add(*got);
  }
  ASSERT_TRUE(whole);
  EXPECT_EQ(whole->user_data, text);
  EXPECT_EQ(asm_.pending(), 0u);
}

TEST(LinkprotoSms, ConcatenatedGsmTextUsesFillBits) {
  std::string text(300, 'x');
  text[0] = 'A';
  text[299] = 'Z';
  auto parts = split_text("12345", text, 7);
  ASSERT_TRUE(parts);
  ASSERT_EQ(parts->size(), 2u);  // 153 + 147
  std::string joined;
  for (const auto& s : *parts) {
    auto back = decode_submit(encode_submit(s)->hex);
    ASSERT_TRUE(back) << back.error;
    joined += back->user_data;
  }
  EXPECT_EQ(joined, text);
}

TEST(LinkprotoSms, BinaryDataSplitsAt134) {
  std::string data(300, '\0');
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>(i * 7);
  auto parts = split_data("+8613800000000", data, 1);
  ASSERT_TRUE(parts);
  ASSERT_EQ(parts->size(), 3u);
  std::string joined;
  for (const auto& s : *parts) {
    auto pdu = encode_submit(s);
    ASSERT_TRUE(pdu) << pdu.error;
    EXPECT_LE(pdu->tpdu_length, 140 + 15);
    joined += decode_submit(pdu->hex)->user_data;
  }
  EXPECT_EQ(joined, data);
  auto one = split_data("+8613800000000", std::string(140, 'a'), 1);
  EXPECT_EQ(one->size(), 1u);
  EXPECT_FALSE((*one)[0].concat);
}

TEST(LinkprotoSms, BadInputRefused) {
  EXPECT_FALSE(decode_deliver(""));
  EXPECT_FALSE(decode_deliver("0"));
  EXPECT_FALSE(decode_deliver("zz"));
  EXPECT_FALSE(decode_deliver("0011000B916407281553F80000AA0AE8329BFD4697D9EC37"));  // a SUBMIT
  EXPECT_FALSE(decode_submit("07917283010010F5040BC87238880900F10000993092516195800AE8329BFD4697D9EC37"));
  // UDL larger than the data present.
  EXPECT_FALSE(decode_deliver("07917283010010F5040BC87238880900F10000993092516195800BE8329BFD4697D9EC37"));
  // Bad time stamp (month 13).
  EXPECT_FALSE(decode_deliver("07917283010010F5040BC87238880900F10000993192516195800AE8329BFD4697D9EC37"));
  EXPECT_FALSE(encode_submit(Submit{"+86abc", Coding::gsm7, "x", std::nullopt, 0, false, 0xA7}));
  EXPECT_FALSE(encode_submit(Submit{"123", Coding::gsm7, std::string(161, 'a'), std::nullopt, 0, false, 0xA7}));
  EXPECT_FALSE(encode_submit(Submit{"123", Coding::gsm7, "你", std::nullopt, 0, false, 0xA7}));
  EXPECT_FALSE(encode_submit(Submit{"123", Coding::ucs2, "\xFF", std::nullopt, 0, false, 0xA7}));
}
