// Iridium SBD simulator driven the way a host drives a 9603, with the host-side parser reading the
// modem's bytes: +SBDWB with checksum, +SBDIX results, SBDRING, +SBDRB, caps and a cut.
#include <gtest/gtest.h>

#include "lifeline/linkproto/at_host.hpp"
#include "sim_harness.hpp"

using namespace lifeline::linkproto::at;
using simtest::Client;
using simtest::Control;
using simtest::Sim;

namespace {
// Runs one command; returns the parsed events up to the final OK/ERROR.
struct Modem {
  Client c;
  HostParser p;
  std::vector<Event> unsolicited;
  explicit Modem(int port) : c(port) {}

  std::vector<Event> run(const std::string& cmd, const std::string& after_ready = {}) {
    p.begin(cmd);
    c.write(cmd + "\r");
    std::vector<Event> out;
    bool done = false;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
    while (!done && std::chrono::steady_clock::now() < deadline) {
      p.feed(c.read_until([](const std::string& b) { return !b.empty(); }, 200));
      Event e;
      while (p.next(e)) {
        if (e.kind == EventKind::unsolicited) {
          unsolicited.push_back(e);
          continue;
        }
        if (e.kind == EventKind::ready) c.write(after_ready);
        if (e.kind == EventKind::ok || e.kind == EventKind::error) done = true;
        out.push_back(e);
      }
    }
    EXPECT_TRUE(done) << cmd;
    return out;
  }
  SbdixResult sbdix() {
    for (const auto& e : run("AT+SBDIX")) {
      SbdixResult r;
      if (e.kind == EventKind::info && parse_sbdix(e.line, r)) return r;
    }
    ADD_FAILURE() << "no +SBDIX";
    return {};
  }
  std::string info(const std::vector<Event>& ev) {
    for (const auto& e : ev)
      if (e.kind == EventKind::info) return e.line;
    return {};
  }
};
}  // namespace

TEST(LinkSimIridium, MoToMtWithRingAndReadBinary) {
  Sim sim(simtest::net("iridium"));
  Control ctl(sim.control_port());
  Modem a(sim.port()), b(sim.port());
  EXPECT_EQ(a.c.hello("3000001"), "HELLO OK iridium\r\n");
  EXPECT_EQ(b.c.hello("3000002"), "HELLO OK iridium\r\n");
  std::string msg = "RB3000002" + std::string("hello\r\n\x00\xFF", 9);
  auto ev = a.run("AT+SBDWB=" + std::to_string(msg.size()), sbd_with_checksum(msg));
  EXPECT_EQ(ev[0].kind, EventKind::echo);
  EXPECT_EQ(ev[1].kind, EventKind::ready);
  EXPECT_EQ(a.info(ev), "0");
  auto r = a.sbdix();
  EXPECT_EQ(r.mo_status, 0);
  EXPECT_EQ(r.momsn, 1);
  EXPECT_EQ(r.mt_status, 0);

  ctl.advance(5000);
  b.p.feed(b.c.read_until_contains("SBDRING\r\n"));
  Event ring;
  ASSERT_TRUE(b.p.next(ring));
  EXPECT_EQ(ring.line, "SBDRING");
  auto rb = b.sbdix();
  EXPECT_EQ(rb.mt_status, 1);
  EXPECT_EQ(rb.mt_length, 9);
  EXPECT_EQ(rb.mt_queued, 0);
  auto read = b.run("AT+SBDRB");
  ASSERT_EQ(read.size(), 3u);
  EXPECT_EQ(read[1].kind, EventKind::binary);
  EXPECT_TRUE(read[1].checksum_ok);
  EXPECT_EQ(read[1].data, msg.substr(9));
}

TEST(LinkSimIridium, ChecksumSizeAndCutResults) {
  Sim sim(simtest::net("iridium"));
  Control ctl(sim.control_port());
  Modem a(sim.port());
  a.c.hello("3000001");
  std::string bad = sbd_with_checksum("hello");
  bad.back() ^= 1;
  EXPECT_EQ(a.info(a.run("AT+SBDWB=5", bad)), "2");
  EXPECT_EQ(a.info(a.run("AT+SBDWB=341")), "3");
  EXPECT_EQ(a.info(a.run("AT+SBDWB=340", sbd_with_checksum(std::string(340, 'x')))), "0");
  ctl.call({{"op", "cut"}});
  auto r = a.sbdix();
  EXPECT_EQ(r.mo_status, 32);
  EXPECT_FALSE(r.mo_ok());
  EXPECT_EQ(a.info(a.run("AT-MSSTM")), "-MSSTM: no network service");
  EXPECT_EQ(a.info(a.run("AT+CSQ")), "+CSQ:0");
  ctl.call({{"op", "restore"}});
  EXPECT_EQ(a.info(a.run("AT+CSQ")), "+CSQ:5");
  EXPECT_TRUE(a.sbdix().mo_ok());
  EXPECT_EQ(a.run("AT+BOGUS").back().kind, EventKind::error);
}

TEST(LinkSimIridium, QueuedMtCountsDown) {
  Sim sim(simtest::net("iridium"));
  Control ctl(sim.control_port());
  Modem a(sim.port()), b(sim.port());
  a.c.hello("3000001");
  b.c.hello("3000002");
  b.run("AT+SBDMTA=0");
  for (int i = 0; i < 3; ++i) {
    std::string msg = "RB3000002#" + std::to_string(i);
    a.run("AT+SBDWB=" + std::to_string(msg.size()), sbd_with_checksum(msg));
    EXPECT_TRUE(a.sbdix().mo_ok());
  }
  ctl.advance(5000);
  EXPECT_EQ(b.c.read_for(50), "");  // ring alerts off
  auto r = b.sbdix();
  EXPECT_EQ(r.mt_queued, 2);
  EXPECT_EQ(b.sbdix().mt_queued, 1);
  EXPECT_EQ(b.sbdix().mt_queued, 0);
  EXPECT_EQ(b.run("AT+SBDRB")[1].data, "#2");
}

TEST(LinkSimIridium, WriteTimeoutAndInjectedBusy) {
  Sim sim(simtest::net("iridium"));
  Control ctl(sim.control_port());
  Modem a(sim.port());
  a.c.hello("3000001");
  a.p.begin("AT+SBDWB=5");
  a.c.write("AT+SBDWB=5\r");
  a.c.read_until_contains("READY\r\n");
  a.c.write("he");  // the host stalls mid-message
  ctl.advance(59999);
  EXPECT_EQ(a.c.read_for(50), "");
  ctl.advance(1);
  EXPECT_EQ(a.c.read_until_contains("OK\r\n"), "1\r\n\r\nOK\r\n");
  EXPECT_EQ(a.run("AT").back().kind, EventKind::ok);  // back to command mode

  EXPECT_EQ(ctl.call({{"op", "inject"}, {"terminal", "3000009"}, {"mo_status", {35}}})["error"]["code"], "bad_field");
  EXPECT_EQ(ctl.call({{"op", "inject"}, {"terminal", "3000001"}, {"mo_status", {2}}})["error"]["code"], "bad_field");
  EXPECT_TRUE(ctl.call({{"op", "inject"}, {"terminal", "3000001"}, {"mo_status", {35, 17}}})["ok"]);
  EXPECT_EQ(a.sbdix().mo_status, 35);
  EXPECT_EQ(a.sbdix().mo_status, 17);
  EXPECT_EQ(a.sbdix().mo_status, 0);
}
