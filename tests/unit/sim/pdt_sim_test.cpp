// PDT model simulator: data frame to another radio with air time on a shared ~1 kbit/s channel, its
// ACK back, a damaged frame answered with a crc_failed ACK, a spoofed source dropped.
#include <gtest/gtest.h>

#include "lifeline/linkproto/pdt.hpp"
#include "sim_harness.hpp"

using namespace lifeline::linkproto;
using namespace lifeline::linkproto::pdt;
using simtest::Client;
using simtest::Control;
using simtest::Sim;

namespace {
Frame read_frame(Client& c) {
  FrameReader r;
  FrameReader::Item item;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  while (std::chrono::steady_clock::now() < deadline) {
    r.feed(c.read_until([](const std::string& b) { return !b.empty(); }, 100));
    if (r.next(item)) {
      EXPECT_TRUE(item.frame) << item.frame.error;
      if (item.frame) return *item.frame;
    }
  }
  ADD_FAILURE() << "no frame";
  return AckFrame{};
}
}  // namespace

TEST(LinkSimPdt, DataThenAckWithAirTime) {
  Sim sim(simtest::net("pdt"));
  Control ctl(sim.control_port());
  Client a(sim.port()), b(sim.port());
  EXPECT_EQ(a.hello("100"), "HELLO OK pdt\r\n");
  b.hello("200");
  std::string payload(100, 'p');  // 6 blocks: 12 + 108 = 120 bytes = 960 ms at 1 kbit/s
  a.write(*encode(DataFrame{200, 100, 5, payload}));
  a.write(*encode(DataFrame{200, 100, 6, "second"}));  // queues behind the first on the channel
  ctl.advance(300 + 959);
  EXPECT_EQ(b.read_for(50), "");
  ctl.advance(1);
  auto f = std::get<DataFrame>(read_frame(b));
  EXPECT_EQ(f.payload, payload);
  EXPECT_EQ(f.sequence, 5);
  ctl.advance(240);  // 30 bytes of air time after the first
  EXPECT_EQ(std::get<DataFrame>(read_frame(b)).sequence, 6);
  b.write(*encode(AckFrame{100, 200, 5, AckStatus::received}));
  ctl.advance(396);
  auto ack = std::get<AckFrame>(read_frame(a));
  EXPECT_EQ(ack.sequence, 5);
  EXPECT_EQ(ack.source, 200u);
}

TEST(LinkSimPdt, DamagedAndSpoofedFrames) {
  Sim sim(simtest::net("pdt"));
  Control ctl(sim.control_port());
  Client a(sim.port()), b(sim.port());
  a.hello("100");
  b.hello("200");
  std::string wire = *encode(DataFrame{200, 100, 9, "hello"});
  wire[kHeaderBytes + 1] ^= 0x40;
  a.write(wire);
  auto nak = std::get<AckFrame>(read_frame(a));
  EXPECT_EQ(nak.status, AckStatus::crc_failed);
  EXPECT_EQ(nak.sequence, 9);
  a.write(*encode(DataFrame{200, 101, 1, "not me"}));
  ctl.advance(5000);
  EXPECT_EQ(b.read_for(100), "");
  auto st = ctl.call({{"op", "status"}});
  EXPECT_EQ(st["network"]["spoofed"], 1);
  EXPECT_EQ(st["network"]["bad_frames"], 1);
}
