// Control API refusals, hello refusals, and a system-clock simulator that delivers on its own timer.
#include <gtest/gtest.h>

#include "lifeline/linkproto/beidou.hpp"
#include "sim_harness.hpp"

using simtest::Client;
using simtest::Control;
using simtest::Sim;

TEST(LinkSimControl, BadRequestsAreRefusedWithCatalogueErrors) {
  Sim sim(simtest::net("beidou"));
  Control ctl(sim.control_port());
  EXPECT_EQ(ctl.raw("{not json")["error"]["code"], "bad_json");
  EXPECT_EQ(ctl.call({{"nop", 1}})["error"]["code"], "missing_field");
  EXPECT_EQ(ctl.call({{"op", "explode"}})["error"]["code"], "unknown_op");
  auto r = ctl.call({{"op", "degrade"}, {"loss", 2}});
  EXPECT_EQ(r["error"]["code"], "bad_field");
  EXPECT_FALSE(r["error"]["message_zh"].get<std::string>().empty());
  EXPECT_EQ(ctl.call({{"op", "degrade"}, {"delay_ms", -1}})["error"]["code"], "bad_field");
  EXPECT_EQ(ctl.call({{"op", "advance_clock"}, {"ms", "x"}})["error"]["code"], "bad_field");
  // Refused requests changed nothing.
  auto st = ctl.call({{"op", "status"}});
  EXPECT_EQ(st["link"]["impairments"]["loss"], 0);
  EXPECT_EQ(st["link"]["cut"], false);
  EXPECT_EQ(st["clock_ms"], 1787187600000);
}

TEST(LinkSimControl, HelloRefusals) {
  Sim sim(simtest::net("beidou"));
  Client a(sim.port()), b(sim.port()), c(sim.port()), d(sim.port());
  EXPECT_EQ(a.hello("0000001"), "HELLO OK beidou\r\n");
  EXPECT_EQ(b.hello("0000001"), "HELLO ERROR id already connected\r\n");
  EXPECT_EQ(c.hello("12"), "HELLO ERROR BeiDou card number must be 7 digits\r\n");
  d.write("$CCICA,0,00*7B\r\n");
  EXPECT_EQ(d.read_until_contains("\r\n"), "HELLO ERROR expected HELLO <id>\r\n");
  Control ctl(sim.control_port());
  EXPECT_EQ(ctl.call({{"op", "status"}})["terminals"], nlohmann::json::array({"0000001"}));
}

TEST(LinkSimControl, PerTerminalCutAndSystemClock) {
  auto o = simtest::net("beidou");
  o.delay_ms = 50;
  o.interval_s = 0;
  Sim sim(o, 1, /*manual=*/false);
  Control ctl(sim.control_port());
  EXPECT_EQ(ctl.advance(10)["error"]["code"], "clock_not_manual");
  Client a(sim.port()), b(sim.port()), c(sim.port());
  a.hello("0000001");
  b.hello("0000002");
  c.hello("0000003");
  ctl.call({{"op", "cut"}, {"terminal", "0000002"}});
  using namespace lifeline::linkproto;
  auto send = [&](const std::string& to) {
    a.write(beidou::emit(beidou::SendRequest21{to, 1, beidou::Encoding21::code, "3132"}));
    a.read_until_contains("$BDFKI");
  };
  send("0000002");
  send("0000003");
  EXPECT_NE(c.read_until_contains("$BDTXR").find("$BDTXR"), std::string::npos);  // the timer delivers
  EXPECT_EQ(b.read_for(200), "");
  ctl.call({{"op", "restore"}, {"terminal", "0000002"}});
  send("0000002");
  EXPECT_NE(b.read_until_contains("$BDTXR").find("$BDTXR"), std::string::npos);
}
