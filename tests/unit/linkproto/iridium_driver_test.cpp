// IridiumDriver against scripted 9603 output: the full send sequence byte for byte, a refused
// session, a ring that fetches the MT message, and a modem that stops answering.
#include <gtest/gtest.h>

#include "lifeline/linkproto/iridium_driver.hpp"

using namespace lifeline::linkproto::at;

namespace {
std::vector<IridiumEvent> events(IridiumDriver& d) {
  std::vector<IridiumEvent> out;
  IridiumEvent e;
  while (d.next_event(e)) out.push_back(e);
  return out;
}
}  // namespace

TEST(LinkprotoIridiumDriver, SendSequence) {
  IridiumDriver d;
  d.start(0);
  EXPECT_EQ(d.take_output(), "ATE1\r");
  d.on_bytes("ATE1\r\r\nOK\r\n", 0);
  EXPECT_EQ(d.take_output(), "AT+SBDMTA=1\r");
  d.on_bytes("AT+SBDMTA=1\r\r\nOK\r\n", 0);
  ASSERT_TRUE(d.send("hello", 0));
  EXPECT_FALSE(d.send("again", 0));
  EXPECT_EQ(d.take_output(), "AT+SBDWB=5\r");
  d.on_bytes("AT+SBDWB=5\rREADY\r\n", 0);
  EXPECT_EQ(d.take_output(), std::string("hello\x02\x14", 7));
  d.on_bytes("0\r\n\r\nOK\r\n", 0);
  EXPECT_EQ(d.take_output(), "AT+SBDIX\r");
  d.on_bytes("AT+SBDIX\r\r\n+SBDIX: 0, 7, 0, 0, 0, 0\r\n\r\nOK\r\n", 0);
  EXPECT_EQ(d.take_output(), "AT+SBDD0\r");
  auto ev = events(d);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].kind, IridiumEvent::Kind::sent);
  EXPECT_EQ(ev[0].momsn, 7);
  d.on_bytes("AT+SBDD0\r\r\n0\r\n\r\nOK\r\n", 0);
  EXPECT_FALSE(d.busy());
}

TEST(LinkprotoIridiumDriver, FailedSessionAndRing) {
  IridiumDriver d;
  ASSERT_TRUE(d.send("x", 0));
  d.take_output();
  d.on_bytes("AT+SBDWB=1\rREADY\r\n0\r\n\r\nOK\r\n", 0);
  EXPECT_EQ(d.take_output(), std::string("x\x00\x78", 3) + "AT+SBDIX\r");
  d.on_bytes("AT+SBDIX\r\r\nSBDRING\r\n+SBDIX: 32, 7, 2, 0, 0, 1\r\n\r\nOK\r\n", 0);
  auto ev = events(d);
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev[0].kind, IridiumEvent::Kind::ring);
  EXPECT_EQ(ev[1].kind, IridiumEvent::Kind::send_failed);
  EXPECT_EQ(ev[1].mo_status, 32);
  // Clear the MO buffer first, then one mailbox check (ring and MT queued ask for only one).
  EXPECT_EQ(d.take_output(), "AT+SBDD0\r");
  d.on_bytes("AT+SBDD0\r\r\n0\r\n\r\nOK\r\n", 0);
  EXPECT_EQ(d.take_output(), "AT+SBDIX\r");
  d.on_bytes("AT+SBDIX\r\r\n+SBDIX: 0, 7, 1, 4, 3, 0\r\n\r\nOK\r\n", 0);
  EXPECT_EQ(d.take_output(), "AT+SBDRB\r");
  d.on_bytes(std::string("AT+SBDRB\r\x00\x03" "abc\x01\x26\r\nOK\r\n", 22), 0);
  ev = events(d);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].kind, IridiumEvent::Kind::received);
  EXPECT_EQ(ev[0].data, "abc");
  EXPECT_FALSE(d.busy());
}

TEST(LinkprotoIridiumDriver, RefusedWriteAndTimeout) {
  IridiumDriver d;
  EXPECT_FALSE(d.send(std::string(341, 'x'), 0));
  ASSERT_TRUE(d.send("hello", 0));
  d.take_output();
  d.on_bytes("AT+SBDWB=5\rREADY\r\n", 0);
  d.take_output();
  d.on_bytes("2\r\n\r\nOK\r\n", 0);
  auto ev = events(d);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].kind, IridiumEvent::Kind::send_failed);
  EXPECT_EQ(d.take_output(), "");  // no +SBDIX after a refused write
  ASSERT_TRUE(d.send("hello", 1000));
  d.tick(1000 + 89999);
  EXPECT_TRUE(events(d).empty());
  d.tick(1000 + 90000);
  ev = events(d);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].detail, "modem timeout");
  EXPECT_FALSE(d.busy());
  EXPECT_TRUE(d.send("hello", 100000));
}

TEST(LinkprotoIridiumDriver, SignalBars) {
  IridiumDriver d;
  d.query_signal(0);
  d.query_signal(0);  // one query at a time
  EXPECT_EQ(d.take_output(), "AT+CSQ\r");
  d.on_bytes("AT+CSQ\r\r\n+CSQ:4\r\n\r\nOK\r\n", 0);
  auto ev = events(d);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].kind, IridiumEvent::Kind::signal);
  EXPECT_EQ(ev[0].signal, 4);
  EXPECT_EQ(d.take_output(), "");
  // Out of range, or a modem without +CSQ: signal unknown.
  d.query_signal(0);
  d.take_output();
  d.on_bytes("AT+CSQ\r\r\n+CSQ:9\r\n\r\nOK\r\n", 0);
  ev = events(d);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].signal, -1);
  d.query_signal(0);
  d.take_output();
  d.on_bytes("AT+CSQ\r\r\nERROR\r\n", 0);
  ev = events(d);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].signal, -1);
  EXPECT_FALSE(d.busy());
}

// A second ring during a session queues another mailbox check; the MT buffer the first session
// filled must be read before that check replaces it.
TEST(LinkprotoIridiumDriver, RingDuringSessionReadsEachMtOnce) {
  IridiumDriver d;
  d.on_bytes("SBDRING\r\n", 0);
  EXPECT_EQ(d.take_output(), "AT+SBDIX\r");
  d.on_bytes("AT+SBDIX\r\r\nSBDRING\r\n", 0);  // the second message's ring, mid-session
  d.on_bytes("+SBDIX: 0, 0, 1, 1, 3, 1\r\n\r\nOK\r\n", 0);
  EXPECT_EQ(d.take_output(), "AT+SBDRB\r");
  d.on_bytes(std::string("AT+SBDRB\r\x00\x03" "abc\x01\x26\r\nOK\r\n", 22), 0);
  EXPECT_EQ(d.take_output(), "AT+SBDIX\r");
  d.on_bytes("AT+SBDIX\r\r\n+SBDIX: 0, 0, 1, 2, 3, 0\r\n\r\nOK\r\n", 0);
  EXPECT_EQ(d.take_output(), "AT+SBDRB\r");
  d.on_bytes(std::string("AT+SBDRB\r\x00\x03" "xyz\x01\x6b\r\nOK\r\n", 22), 0);
  std::vector<std::string> got;
  for (const auto& e : events(d))
    if (e.kind == IridiumEvent::Kind::received) got.push_back(e.data);
  EXPECT_EQ(got, (std::vector<std::string>{"abc", "xyz"}));
  EXPECT_EQ(d.take_output(), "");  // no third session: MT queued reached 0
  EXPECT_FALSE(d.busy());
}
