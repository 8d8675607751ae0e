// Iridium AT/SBD: the host-side parser on realistic modem output (echo, SBDRING mid-response, the
// binary phases), the +SBDIX result, the SBD checksum vector ("hello" -> 02 14), and the modem-side
// reader the simulator uses.
#include <gtest/gtest.h>

#include <vector>

#include "lifeline/linkproto/at_host.hpp"
#include "lifeline/linkproto/at_modem.hpp"

using namespace lifeline::linkproto::at;

static std::vector<Event> drain(HostParser& p) {
  std::vector<Event> out;
  Event e;
  while (p.next(e)) out.push_back(e);
  return out;
}

TEST(LinkprotoAt, SbdChecksumVector) {
  EXPECT_EQ(sbd_checksum("hello"), 0x0214);
  EXPECT_EQ(sbd_with_checksum("hello"), std::string("hello\x02\x14", 7));
  std::string big(340, '\xFF');
  EXPECT_EQ(sbd_checksum(big), (340 * 255) & 0xFFFF);
}

TEST(LinkprotoAt, WriteBinaryExchange) {
  HostParser p;
  p.begin("AT+SBDWB=5");
  p.feed("AT+SBDWB=5\r\nREADY\r\n");
  auto ev = drain(p);
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev[0].kind, EventKind::echo);
  EXPECT_EQ(ev[1].kind, EventKind::ready);
  p.feed("0\r\n\r\nOK\r\n");
  ev = drain(p);
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev[0].kind, EventKind::info);
  EXPECT_EQ(ev[0].line, "0");
  EXPECT_EQ(ev[1].kind, EventKind::ok);
  EXPECT_FALSE(p.command_running());
}

TEST(LinkprotoAt, SbdringInTheMiddleOfSbdix) {
  HostParser p;
  p.begin("AT+SBDIX");
  p.feed("AT+SBDIX\r\r\nSBD");
  p.feed("RING\r\n+SBDIX: 0, 12, 1, 3, 5, 2\r\n\r\nOK\r\n");
  auto ev = drain(p);
  ASSERT_EQ(ev.size(), 4u);
  EXPECT_EQ(ev[0].kind, EventKind::echo);
  EXPECT_EQ(ev[1].kind, EventKind::unsolicited);
  EXPECT_EQ(ev[1].line, "SBDRING");
  EXPECT_EQ(ev[2].kind, EventKind::info);
  SbdixResult r;
  ASSERT_TRUE(parse_sbdix(ev[2].line, r));
  EXPECT_TRUE(r.mo_ok());
  EXPECT_EQ(r.momsn, 12);
  EXPECT_EQ(r.mt_status, 1);
  EXPECT_EQ(r.mtmsn, 3);
  EXPECT_EQ(r.mt_length, 5);
  EXPECT_EQ(r.mt_queued, 2);
  EXPECT_EQ(ev[3].kind, EventKind::ok);
}

TEST(LinkprotoAt, SbdixParsing) {
  SbdixResult r;
  ASSERT_TRUE(parse_sbdix("+SBDIX:32,7,0,-1,0,0", r));
  EXPECT_FALSE(r.mo_ok());
  EXPECT_EQ(r.mo_status, 32);
  EXPECT_EQ(format_sbdix(SbdixResult{35, 1, 0, 0, 0, 0}), "+SBDIX: 35, 1, 0, 0, 0, 0");
  ASSERT_TRUE(parse_sbdix(format_sbdix(SbdixResult{2, 65535, 1, 9, 270, 4}), r));
  EXPECT_EQ(r.mt_length, 270);
  EXPECT_FALSE(parse_sbdix("+SBDIX: 0, 1, 0, 0, 0", r));
  EXPECT_FALSE(parse_sbdix("+SBDIX: 0, 1, 0, 0, 0, 0, 0", r));
  EXPECT_FALSE(parse_sbdix("+SBDIX: a, 1, 0, 0, 0, 0", r));
  EXPECT_FALSE(parse_sbdix("+SBDIX: 0, 70000, 0, 0, 0, 0", r));
  EXPECT_FALSE(parse_sbdix("+SBDSX: 0, 1, 0, 0, 0, 0", r));
}

TEST(LinkprotoAt, ReadBinaryAfterEcho) {
  HostParser p;
  p.begin("AT+SBDRB");
  // The message holds CR and LF bytes: the binary phase must not treat them as line ends.
  std::string msg = "a\r\nb";
  p.feed("AT+SBDRB\r" + sbdrb_output(msg) + "\r\nOK\r\n");
  auto ev = drain(p);
  ASSERT_EQ(ev.size(), 3u);
  EXPECT_EQ(ev[0].kind, EventKind::echo);
  EXPECT_EQ(ev[1].kind, EventKind::binary);
  EXPECT_EQ(ev[1].data, msg);
  EXPECT_TRUE(ev[1].checksum_ok);
  EXPECT_EQ(ev[2].kind, EventKind::ok);
}

TEST(LinkprotoAt, ReadBinaryEchoOffAndBadChecksum) {
  HostParser p;
  p.begin("AT+SBDRB", false);
  std::string out = sbdrb_output("hello");
  out.back() ^= 1;
  for (char c : out + "\r\nOK\r\n") p.feed(std::string_view(&c, 1));
  auto ev = drain(p);
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev[0].kind, EventKind::binary);
  EXPECT_FALSE(ev[0].checksum_ok);
  EXPECT_EQ(ev[1].kind, EventKind::ok);
}

TEST(LinkprotoAt, EmptyMtBufferReadsAsZeroes) {
  HostParser p;
  p.begin("AT+SBDRB");
  p.feed(std::string("AT+SBDRB\r\0\0\0\0\r\nOK\r\n", 19));
  auto ev = drain(p);
  ASSERT_EQ(ev.size(), 3u);
  EXPECT_EQ(ev[1].data, "");
  EXPECT_TRUE(ev[1].checksum_ok);
}

TEST(LinkprotoAt, CmgsPromptAndCmtUnsolicited) {
  HostParser p;
  p.begin("AT+CMGS=18");
  p.feed("AT+CMGS=18\r\r\n> ");
  auto ev = drain(p);
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev[1].kind, EventKind::prompt);
  p.feed("\r\n+CMT: ,24\r\n0004...\r\n+CMGS: 7\r\n\r\nOK\r\n");
  ev = drain(p);
  ASSERT_EQ(ev.size(), 3u);
  EXPECT_EQ(ev[0].kind, EventKind::unsolicited);
  EXPECT_EQ(ev[0].line, "+CMT: ,24");
  EXPECT_EQ(ev[0].data, "0004...");
  EXPECT_EQ(ev[1].line, "+CMGS: 7");
  EXPECT_EQ(ev[2].kind, EventKind::ok);
}

TEST(LinkprotoAt, ErrorsAndStrayLines) {
  HostParser p;
  p.feed("hello\r\n");
  Event e;
  ASSERT_TRUE(p.next(e));
  EXPECT_EQ(e.kind, EventKind::garbage);
  p.begin("AT+CMGS=5");
  p.feed("+CMS ERROR: 304\r\n");
  ASSERT_TRUE(p.next(e));
  EXPECT_EQ(e.kind, EventKind::error);
  EXPECT_EQ(e.line, "+CMS ERROR: 304");
}

TEST(LinkprotoAt, ModemReaderSwitchesToBinaryAfterCommand) {
  ModemReader r;
  r.feed("ATE1\rAT+SBDWB=5\r" + sbd_with_checksum("hello") + "AT+SBDIX\r");
  ModemInput in;
  ASSERT_TRUE(r.next(in));
  EXPECT_EQ(in.data, "ATE1");
  ASSERT_TRUE(r.next(in));
  EXPECT_EQ(in.data, "AT+SBDWB=5");
  r.expect_binary(7);
  ASSERT_TRUE(r.next(in));
  EXPECT_EQ(in.kind, ModemInputKind::binary);
  EXPECT_EQ(in.data, sbd_with_checksum("hello"));
  ASSERT_TRUE(r.next(in));
  EXPECT_EQ(in.data, "AT+SBDIX");
  EXPECT_FALSE(r.next(in));
}

TEST(LinkprotoAt, ModemReaderTextBlockAndCancel) {
  ModemReader r;
  r.feed("AT+CMGS=3\r");
  ModemInput in;
  ASSERT_TRUE(r.next(in));
  r.expect_text_block();
  r.feed("0011\x1A" "AT+CMGS=3\r");
  ASSERT_TRUE(r.next(in));
  EXPECT_EQ(in.kind, ModemInputKind::text_block);
  EXPECT_EQ(in.data, "0011");
  ASSERT_TRUE(r.next(in));
  r.expect_text_block();
  r.feed("00\x1B");
  ASSERT_TRUE(r.next(in));
  EXPECT_EQ(in.kind, ModemInputKind::text_cancelled);
}
