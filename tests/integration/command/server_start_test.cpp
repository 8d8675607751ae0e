// How a server comes up: `--port 0` asks for free ports for everything it binds (two servers
// started that way, as tests and a user's second server are, both come up, on different ZeroMQ
// ports too), and which clock it runs on.
#include <gtest/gtest.h>

#include <signal.h>

#include "lifeline/testing/server_process.hpp"
#include "lifeline/testing/ws_client.hpp"

using namespace lifeline::testing;
using nlohmann::json;

TEST(ServerPorts, TwoServersWithPortZeroBindDifferentFreePorts) {
  TempDir a, b;
  nlohmann::json ports_a, ports_b;
  auto start = [](const TempDir& dir, nlohmann::json& ports) {
    return spawn_and_wait({binary("command/main/lifeline-command"), "--port", "0", "--data-dir", dir.path() + "/data",
                           "--port-file", dir.path() + "/ports.json", "--clock", "simulated", "--clock-start",
                           "2026-08-20T01:00:00.000Z"},
                          dir.path() + "/server.log", dir.path() + "/ports.json", &ports);
  };
  pid_t first = start(a, ports_a);
  pid_t second = -1;
  EXPECT_NO_THROW(second = start(b, ports_b));
  for (const char* name : {"http", "router", "pub"}) {
    EXPECT_GT(ports_a.value(name, 0), 0) << name;
    EXPECT_NE(ports_a.value(name, 0), ports_b.value(name, 0)) << name;
  }
  // A free port is never the fixed default.
  EXPECT_NE(ports_a.value("router", 0), 5560);
  EXPECT_NE(ports_a.value("pub", 0), 5561);
  stop_process(first, SIGTERM);
  stop_process(second, SIGTERM);
}

// On the wall clock (a real deployment) nobody moves time: clock.advance is refused. Only the
// answer's code is checked, so the test holds at any hour.
TEST(ClockModes, SystemClockRefusesClockAdvanceSimulatedTakesIt) {
  TempDir system_dir, simulated_dir;
  ServerProcess system_server(system_dir.path(), {"--demo", "--clock", "system"});
  WsClient admin("127.0.0.1", system_server.http_port());
  admin.login("admin");
  EXPECT_EQ(admin.ok("server.info")["clock"], "system");
  EXPECT_EQ(admin.call("clock.advance", {{"ms", 1000}})["error"]["code"], "clock_not_manual");

  ServerProcess simulated(simulated_dir.path());  // the tests' default: a simulated clock
  WsClient admin2("127.0.0.1", simulated.http_port());
  admin2.login("admin");
  auto info = admin2.ok("server.info");
  EXPECT_EQ(info["clock"], "simulated");
  EXPECT_EQ(info["now"].get<std::string>().substr(0, 10), "2026-08-20");
  auto moved = admin2.ok("clock.advance", {{"to", "2026-08-21T01:00:00.000Z"}});
  EXPECT_EQ(moved["now"].get<std::string>().substr(0, 13), "2026-08-21T01");
}
