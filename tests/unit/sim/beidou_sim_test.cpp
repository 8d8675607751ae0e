// BeiDou simulator over real TCP: card query, send/receive, the per-card interval ($BDFKI with the
// wait), the size cap, cut/restore, BeiDou-3 TCQ/TCI, and loss that replays exactly with a seed.
#include <gtest/gtest.h>

#include "lifeline/linkproto/beidou.hpp"
#include "lifeline/linkproto/nmea.hpp"
#include "sim_harness.hpp"

using namespace lifeline::linkproto;
using namespace lifeline::linkproto::beidou;
using simtest::Client;
using simtest::Control;
using simtest::Sim;

namespace {
// Reads sentences until one of the wanted type arrives; parses it with the real parser.
Message read_msg(Client& c, const std::string& address) {
  std::string wire = c.read_until_contains("$" + address);
  SentenceSplitter sp;
  sp.feed(wire);
  std::string line;
  while (sp.next(line))
    if (line.compare(1, 5, address) == 0) {
      auto m = parse(line);
      EXPECT_TRUE(m) << m.error;
      if (m) return *m;
    }
  ADD_FAILURE() << "no $" << address << " in " << wire;
  return CardQuery{};
}
std::string txa(const std::string& to, const std::string& payload) {
  return emit(SendRequest21{to, 1, Encoding21::mixed, content_for_bytes(to_bytes(payload), true)});
}
}  // namespace

TEST(LinkSimBeidou, CardQuerySendAndIntervalEnforced) {
  Sim sim(simtest::net("beidou"));
  Control ctl(sim.control_port());
  Client a(sim.port()), b(sim.port());
  EXPECT_EQ(a.hello("0000001"), "HELLO OK beidou\r\n");
  EXPECT_EQ(b.hello("0000002"), "HELLO OK beidou\r\n");

  a.write("$CCICA,0,00*7B\r\n");
  auto ici = std::get<CardInfo>(read_msg(a, "BDICI"));
  EXPECT_EQ(ici.address, "0000001");
  EXPECT_EQ(ici.frequency_s, 60);

  a.write(txa("0000002", "order-1"));
  EXPECT_TRUE(std::get<Feedback21>(read_msg(a, "BDFKI")).executed);
  EXPECT_EQ(b.read_for(50), "");  // not before the link's delay
  ctl.advance(1500);
  auto txr = std::get<Received21>(read_msg(b, "BDTXR"));
  EXPECT_EQ(txr.sender, "0000001");
  EXPECT_EQ(to_string(*bytes_of_content(txr.content, false, true)), "order-1");

  // 1.5 s after the first send: refused, 59 s still to wait; nothing is carried.
  a.write(txa("0000002", "order-2"));
  auto early = std::get<Feedback21>(read_msg(a, "BDFKI"));
  EXPECT_FALSE(early.executed);
  EXPECT_FALSE(early.frequency_ok);
  EXPECT_EQ(early.wait_s, 59);
  ctl.advance(58000);
  a.write(txa("0000002", "order-2"));
  EXPECT_EQ(std::get<Feedback21>(read_msg(a, "BDFKI")).wait_s, 1);
  ctl.advance(500);
  a.write(txa("0000002", "order-2"));
  EXPECT_TRUE(std::get<Feedback21>(read_msg(a, "BDFKI")).executed);
  ctl.advance(1500);
  EXPECT_EQ(to_string(*bytes_of_content(std::get<Received21>(read_msg(b, "BDTXR")).content, false, true)), "order-2");
  auto st = ctl.call({{"op", "status"}});
  EXPECT_EQ(st["network"]["rejected_interval"], 2);
}

TEST(LinkSimBeidou, SizeCapAndBadSentences) {
  auto o = simtest::net("beidou");
  o.interval_s = 0;
  Sim sim(o);
  Control ctl(sim.control_port());
  Client a(sim.port());
  a.hello("0000001");
  a.write(txa("0000002", std::string(211, 'x')));
  EXPECT_FALSE(std::get<Feedback21>(read_msg(a, "BDFKI")).executed);
  a.write("garbage$CCTXA,0000002,1,1,31*00\r\n");  // checksum wrong: ignored, no feedback
  EXPECT_EQ(a.read_for(100), "");
  auto st = ctl.call({{"op", "status"}});
  EXPECT_EQ(st["network"]["rejected_size"], 1);
  EXPECT_EQ(st["network"]["rejected_bad"], 1);
}

TEST(LinkSimBeidou, CutRefusesAndDropsInFlightRestoreHeals) {
  auto o = simtest::net("beidou");
  o.interval_s = 0;
  Sim sim(o);
  Control ctl(sim.control_port());
  Client a(sim.port()), b(sim.port());
  a.hello("0000001");
  b.hello("0000002");
  a.write(txa("0000002", "in-flight"));
  read_msg(a, "BDFKI");
  EXPECT_TRUE(ctl.call({{"op", "cut"}})["ok"]);
  ctl.advance(2000);
  EXPECT_EQ(b.read_for(100), "");  // the message in the air when the link was cut is lost
  a.write(txa("0000002", "during-cut"));
  auto fki = std::get<Feedback21>(read_msg(a, "BDFKI"));
  EXPECT_FALSE(fki.executed);
  EXPECT_EQ(fki.inhibit, 1);
  EXPECT_TRUE(ctl.call({{"op", "restore"}})["ok"]);
  a.write(txa("0000002", "after"));
  EXPECT_TRUE(std::get<Feedback21>(read_msg(a, "BDFKI")).executed);
  ctl.advance(2000);
  EXPECT_EQ(to_string(*bytes_of_content(std::get<Received21>(read_msg(b, "BDTXR")).content, false, true)), "after");
}

TEST(LinkSimBeidou, Bd3SendAndReceive) {
  Sim sim(simtest::net("beidou"));
  Control ctl(sim.control_port());
  Client a(sim.port()), b(sim.port());
  a.hello("4204986");
  b.hello("4204990");
  a.write(nmea_frame("CCICR,0,00"));
  EXPECT_EQ(std::get<CardInfo3>(read_msg(a, "BDICP")).user_id, "4204986");
  a.write(emit(SendRequest3{"4204990", 2, 1, Encoding3::mixed, content_for_bytes(to_bytes("bd3"), true), 0}));
  auto fki = std::get<Feedback3>(read_msg(a, "BDFKI"));
  EXPECT_TRUE(fki.ok);
  ctl.advance(1500);
  auto tci = std::get<Received3>(read_msg(b, "BDTCI"));
  EXPECT_EQ(tci.sender, "4204986");
  EXPECT_EQ(tci.receiver, "4204990");
  // Global cap: 70 bytes.
  ctl.advance(60000);
  a.write(emit(SendRequest3{"4204990", 2, 1, Encoding3::mixed, content_for_bytes(Bytes(71, 1), true), 0}));
  auto big = std::get<Feedback3>(read_msg(a, "BDFKI"));
  EXPECT_FALSE(big.ok);
  EXPECT_EQ(big.reason, 2);
  // Too early after the first send: reason 1 with the wait.
  ctl.advance(1);
  a.write(emit(SendRequest3{"4204990", 2, 1, Encoding3::mixed, content_for_bytes(to_bytes("x"), true), 0}));
  EXPECT_TRUE(std::get<Feedback3>(read_msg(a, "BDFKI")).ok);
  a.write(emit(SendRequest3{"4204990", 2, 1, Encoding3::mixed, content_for_bytes(to_bytes("y"), true), 0}));
  auto early = std::get<Feedback3>(read_msg(a, "BDFKI"));
  EXPECT_EQ(early.reason, 1);
  EXPECT_EQ(early.wait_s, 60);
}

namespace {
// Sends 40 messages through a lossy, reordering link; returns what arrived, in arrival order.
std::vector<std::string> lossy_run(uint64_t seed) {
  auto o = simtest::net("beidou");
  o.interval_s = 0;
  Sim sim(o, seed);
  Control ctl(sim.control_port());
  Client a(sim.port()), b(sim.port());
  a.hello("0000001");
  b.hello("0000002");
  EXPECT_TRUE(ctl.call({{"op", "degrade"}, {"loss", 0.3}, {"dup", 0.1}, {"reorder", 0.2}})["ok"]);
  for (int i = 0; i < 40; ++i) {
    a.write(txa("0000002", "m" + std::to_string(i)));
    read_msg(a, "BDFKI");
  }
  ctl.advance(10000);
  auto st = ctl.call({{"op", "status"}});
  size_t expected = st["link"]["counters"]["delivered"];
  std::vector<std::string> got;
  SentenceSplitter sp;
  sp.feed(b.read_until([&](const std::string& buf) {
    size_t n = 0;
    for (size_t p = buf.find("$BDTXR"); p != std::string::npos; p = buf.find("$BDTXR", p + 1)) ++n;
    return n >= expected && buf.size() > 2 && buf.substr(buf.size() - 2) == "\r\n";
  }));
  std::string line;
  while (sp.next(line))
    got.push_back(to_string(*bytes_of_content(std::get<Received21>(*parse(line)).content, false, true)));
  return got;
}
}  // namespace

TEST(LinkSimBeidou, LossDupReorderReplayWithTheSameSeed) {
  auto first = lossy_run(7), again = lossy_run(7), other = lossy_run(8);
  EXPECT_EQ(first, again);
  EXPECT_NE(first, other);
  EXPECT_GT(first.size(), 15u);
  EXPECT_LT(first.size(), 40u);
  std::vector<std::string> sorted = first;
  std::sort(sorted.begin(), sorted.end(), [](const std::string& x, const std::string& y) {
    return std::stoi(x.substr(1)) < std::stoi(y.substr(1));
  });
  EXPECT_NE(first, sorted);  // some overtook others
}
