// lifeline-sim as a process: --port 0 and --port-file, manual clock, a terminal and the control port.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "sim_harness.hpp"

TEST(LinkSimProcess, PortFileHelloAndControl) {
  auto dir = std::filesystem::temp_directory_path() / ("lifeline-sim-test-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::string port_file = (dir / "ports.json").string();
  std::string bin = std::string(LIFELINE_BINARY_DIR) + "/comms/sim/lifeline-sim";
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    execl(bin.c_str(), bin.c_str(), "--net=iridium", "--port=0", "--control-port=0", "--clock=manual",
          "--clock-start=2026-08-20T01:00:00.000Z", ("--port-file=" + port_file).c_str(), nullptr);
    _exit(127);
  }
  nlohmann::json ports;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline && !std::filesystem::exists(port_file))
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  ASSERT_TRUE(std::filesystem::exists(port_file));
  std::ifstream(port_file) >> ports;
  simtest::Client modem(ports["terminals"].get<int>());
  EXPECT_EQ(modem.hello("3000001"), "HELLO OK iridium\r\n");
  modem.write("AT\r");
  EXPECT_EQ(modem.read_until_contains("OK\r\n"), "AT\r\r\nOK\r\n");
  simtest::Control ctl(ports["control"].get<int>());
  auto st = ctl.advance(1000);
  EXPECT_EQ(st["ok"], true);
  EXPECT_EQ(st["clock_ms"], 1787187601000);
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  std::filesystem::remove_all(dir);
}
