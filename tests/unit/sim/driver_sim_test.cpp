// The gateway-side pure drivers (linkproto) driving terminals of the simulator over TCP: what a
// gateway will do against a real modem, end to end through lifeline-sim.
#include <gtest/gtest.h>

#include "lifeline/linkproto/beidou_driver.hpp"
#include "lifeline/linkproto/iridium_driver.hpp"
#include "sim_harness.hpp"

using namespace lifeline::linkproto;
using simtest::Client;
using simtest::Control;
using simtest::Sim;

namespace {
// Moves bytes between a driver and its socket until `done` or 3 s pass.
template <class Driver, class Event>
std::vector<Event> pump(Client& c, Driver& d, int64_t now, const std::function<bool(const std::vector<Event>&)>& done) {
  std::vector<Event> out;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  while (!done(out) && std::chrono::steady_clock::now() < deadline) {
    if (auto w = d.take_output(); !w.empty()) c.write(w);
    d.on_bytes(c.read_until([](const std::string& b) { return !b.empty(); }, 20), now);
    Event e;
    while (d.next_event(e)) out.push_back(e);
  }
  return out;
}
}  // namespace

TEST(LinkSimDrivers, BeidouDriverToDriver) {
  Sim sim(simtest::net("beidou"));
  Control ctl(sim.control_port());
  Client ca(sim.port()), cb(sim.port());
  ca.hello("0000001");
  cb.hello("0000002");
  beidou::TerminalDriver a(beidou::DriverOptions{}), b(beidou::DriverOptions{});
  a.start();
  b.start();
  using E = beidou::DriverEvent;
  auto has = [](E::Kind k) { return [k](const std::vector<E>& v) { return !v.empty() && v.back().kind == k; }; };
  pump<beidou::TerminalDriver, E>(ca, a, 0, has(E::Kind::card));
  pump<beidou::TerminalDriver, E>(cb, b, 0, has(E::Kind::card));
  ASSERT_EQ(a.card(), "0000001");
  ASSERT_TRUE(a.send("0000002", {0xD7, 0x00, 0x24, 0x2A}, 0));  // bytes that are `$` and `*` in ASCII
  auto sent = pump<beidou::TerminalDriver, E>(ca, a, 0, has(E::Kind::sent));
  ASSERT_FALSE(sent.empty());
  EXPECT_EQ(sent.back().kind, E::Kind::sent);
  ctl.advance(1500);
  auto got = pump<beidou::TerminalDriver, E>(cb, b, 1500, has(E::Kind::received));
  ASSERT_FALSE(got.empty());
  EXPECT_EQ(got.back().card, "0000001");
  EXPECT_EQ(got.back().payload, (Bytes{0xD7, 0x00, 0x24, 0x2A}));
}

TEST(LinkSimDrivers, IridiumDriverToDriver) {
  Sim sim(simtest::net("iridium"));
  Control ctl(sim.control_port());
  Client ca(sim.port()), cb(sim.port());
  ca.hello("3000001");
  cb.hello("3000002");
  at::IridiumDriver a, b;
  a.start(0);
  b.start(0);
  using E = at::IridiumEvent;
  auto idle = [](at::IridiumDriver& d) { return [&d](const std::vector<E>&) { return !d.busy(); }; };
  pump<at::IridiumDriver, E>(ca, a, 0, idle(a));
  pump<at::IridiumDriver, E>(cb, b, 0, idle(b));
  std::string payload(260, '\x7E');
  ASSERT_TRUE(a.send("RB3000002" + payload, 0));
  auto sent = pump<at::IridiumDriver, E>(ca, a, 0, [](const std::vector<E>& v) { return !v.empty(); });
  ASSERT_FALSE(sent.empty());
  EXPECT_EQ(sent[0].kind, E::Kind::sent);
  ctl.advance(5000);
  auto got = pump<at::IridiumDriver, E>(cb, b, 5000, [](const std::vector<E>& v) {
    return !v.empty() && v.back().kind == E::Kind::received;
  });
  ASSERT_GE(got.size(), 2u);
  EXPECT_EQ(got.front().kind, E::Kind::ring);
  EXPECT_EQ(got.back().data, payload);
}
