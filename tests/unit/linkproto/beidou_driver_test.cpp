// BeidouTerminalDriver, byte for byte against published sentences: card query, send pacing from the
// card's frequency, the terminal's own refusal and wait, reception, and a feedback timeout.
#include <gtest/gtest.h>

#include "lifeline/linkproto/beidou_driver.hpp"

using namespace lifeline::linkproto;
using namespace lifeline::linkproto::beidou;

namespace {
std::vector<DriverEvent> events(TerminalDriver& d) {
  std::vector<DriverEvent> out;
  DriverEvent e;
  while (d.next_event(e)) out.push_back(e);
  return out;
}
}  // namespace

TEST(LinkprotoBeidouDriver, CardSendPaceReceive) {
  TerminalDriver d(DriverOptions{});
  d.start();
  EXPECT_EQ(d.take_output(), "$CCICA,0,00*7B\r\n");
  EXPECT_FALSE(d.send("0247718", to_bytes("x"), 0));  // card not known yet
  d.on_bytes("$BDICI,0242286,00242286,0000011,6,60,3,N,0*38\r\n", 0);
  auto ev = events(d);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].kind, DriverEvent::Kind::card);
  EXPECT_EQ(d.card(), "0242286");

  Bytes gbk = {0x31, 0x32, 0x33, 0xC4, 0xE3, 0xBA, 0xC3, 0xD5, 0xE2, 0xCA, 0xC7, 0xB2, 0xE2, 0xCA, 0xD4};
  ASSERT_TRUE(d.send("0000000", gbk, 1000));
  EXPECT_EQ(d.take_output(), "$CCTXA,0000000,1,2,A4313233C4E3BAC3D5E2CAC7B2E2CAD4*7F\r\n");  // published vector
  EXPECT_FALSE(d.send("0000000", gbk, 1001));  // awaiting feedback
  d.on_bytes(nmea_frame("BDFKI,TXA,Y,Y,0,0"), 1200);
  ev = events(d);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].kind, DriverEvent::Kind::sent);
  EXPECT_EQ(d.next_send_at(), 61200);
  EXPECT_FALSE(d.send("0000000", gbk, 61199));
  ASSERT_TRUE(d.send("0000000", gbk, 61200));
  d.take_output();
  d.on_bytes(nmea_frame("BDFKI,TXA,N,N,0,30"), 61300);
  ev = events(d);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].kind, DriverEvent::Kind::refused);
  EXPECT_EQ(ev[0].wait_s, 30);
  EXPECT_EQ(d.next_send_at(), 91300);

  d.on_bytes("noise$BDTXR,1,4207733,1,2337,90000000000065C1FAF4B2E2CAD4*3F\r\n", 62000);
  ev = events(d);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].kind, DriverEvent::Kind::received);
  EXPECT_EQ(ev[0].card, "4207733");
  EXPECT_EQ(hex_encode(ev[0].payload), "90000000000065C1FAF4B2E2CAD4");
}

TEST(LinkprotoBeidouDriver, Bd3AndTimeout) {
  TerminalDriver d(DriverOptions{true, 70, 5000, 60});
  d.start();
  EXPECT_EQ(d.take_output(), nmea_frame("CCICR,0,00"));
  d.on_bytes(nmea_frame("BDICP,4204986"), 0);
  events(d);
  EXPECT_FALSE(d.send("4204990", Bytes(71, 0), 0));
  ASSERT_TRUE(d.send("4204990", {0x01, 0x02}, 0));
  EXPECT_EQ(d.take_output(), nmea_frame("CCTCQ,4204990,2,1,3,A40102,0"));
  d.tick(4999);
  EXPECT_TRUE(events(d).empty());
  d.tick(5000);
  auto ev = events(d);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].kind, DriverEvent::Kind::refused);
  EXPECT_FALSE(d.busy());
  d.on_bytes("$BDTCI,4204986,4204990,2,142204,2,0,3A642B500000000000000A01F35B41EC036542EE74F5*40\r\n", 6000);
  ev = events(d);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].kind, DriverEvent::Kind::received);
  EXPECT_EQ(ev[0].payload.size(), 22u);
  d.on_bytes("$BDTXR,1,4207733,1,2337,900*00\r\n", 6000);
  ev = events(d);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].kind, DriverEvent::Kind::bad_input);
}
