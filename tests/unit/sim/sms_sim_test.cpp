// SMS and Tiantong simulators: AT+CMGS in PDU mode with a Chinese UCS2 message split in parts,
// +CMT delivery decoded and reassembled by the receiver, a wrong length refused, Tiantong's delay.
#include <gtest/gtest.h>

#include "lifeline/linkproto/at_host.hpp"
#include "lifeline/linkproto/sms_pdu.hpp"
#include "sim_harness.hpp"

using namespace lifeline::linkproto;
using simtest::Client;
using simtest::Control;
using simtest::Sim;

namespace {
std::string send_pdu(Client& c, const sms::Pdu& pdu) {
  c.write("AT+CMGS=" + std::to_string(pdu.tpdu_length) + "\r");
  c.read_until_contains("> ");
  c.write(pdu.hex + "\x1A");
  return c.read_until([](const std::string& b) { return b.find("OK\r\n") != std::string::npos ||
                                                        b.find("ERROR") != std::string::npos; });
}

std::vector<sms::Deliver> received(Client& c, size_t n, int timeout_ms = 3000) {
  at::HostParser p;
  std::vector<sms::Deliver> out;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (out.size() < n && std::chrono::steady_clock::now() < deadline) {
    p.feed(c.read_until([](const std::string& b) { return !b.empty(); }, 100));
    at::Event e;
    while (p.next(e))
      if (e.kind == at::EventKind::unsolicited && e.line.rfind("+CMT:", 0) == 0) {
        auto d = sms::decode_deliver(e.data);
        EXPECT_TRUE(d) << d.error;
        if (d) out.push_back(*d);
      }
  }
  return out;
}
}  // namespace

TEST(LinkSimSms, ConcatenatedChineseTextArrivesWhole) {
  Sim sim(simtest::net("sms"));
  Control ctl(sim.control_port());
  Client a(sim.port()), b(sim.port());
  EXPECT_EQ(a.hello("8613800000001"), "HELLO OK sms\r\n");
  b.hello("8613800000002");
  std::string text;
  for (int i = 0; i < 12; ++i) text += "石塘镇东堤出现管涌险情，";  // 144 characters: 3 parts
  auto parts = sms::split_text("+8613800000002", text, 9);
  ASSERT_TRUE(parts);
  ASSERT_EQ(parts->size(), 3u);
  for (const auto& s : *parts) EXPECT_NE(send_pdu(a, *sms::encode_submit(s)).find("+CMGS: "), std::string::npos);
  ctl.advance(3000);
  auto got = received(b, 3);
  ASSERT_EQ(got.size(), 3u);
  sms::ConcatAssembler assembler;
  std::optional<sms::Deliver> whole;
  for (auto& d : got) {
    EXPECT_EQ(d.originator, "+8613800000001");
    if (auto w = assembler.add(d)) whole = w;
  }
  ASSERT_TRUE(whole);
  EXPECT_EQ(whole->user_data, text);
}

TEST(LinkSimSms, WrongLengthAndCutRefused) {
  Sim sim(simtest::net("sms"));
  Control ctl(sim.control_port());
  Client a(sim.port());
  a.hello("8613800000001");
  auto pdu = *sms::encode_submit(sms::Submit{"+8613800000002", sms::Coding::gsm7, "hi", std::nullopt, 0, false, 0xA7});
  pdu.tpdu_length += 1;
  EXPECT_NE(send_pdu(a, pdu).find("+CMS ERROR: 304"), std::string::npos);
  pdu.tpdu_length -= 1;
  ctl.call({{"op", "cut"}});
  EXPECT_NE(send_pdu(a, pdu).find("+CMS ERROR: 331"), std::string::npos);
  a.write("AT+CMGF=1\r");
  EXPECT_NE(a.read_until_contains("ERROR").find("ERROR"), std::string::npos);
}

TEST(LinkSimTiantong, SecondsOfGeoDelay) {
  Sim sim(simtest::net("tiantong"));
  Control ctl(sim.control_port());
  Client a(sim.port()), b(sim.port());
  EXPECT_EQ(a.hello("17400000001"), "HELLO OK tiantong\r\n");
  b.hello("17400000002");
  auto pdu = *sms::encode_submit(sms::Submit{"+17400000002", sms::Coding::ucs2, "收到", std::nullopt, 0, false, 0xA7});
  send_pdu(a, pdu);
  ctl.advance(7000);
  EXPECT_TRUE(received(b, 1, 100).empty());
  ctl.advance(1000);
  auto got = received(b, 1);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].user_data, "收到");
}
