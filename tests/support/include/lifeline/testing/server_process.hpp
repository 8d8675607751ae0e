// Starts a real lifeline-command on 127.0.0.1 with free ports and a temporary data directory, and
// stops it (SIGTERM, or SIGKILL for crash tests). Used by integration and fault tests.
#pragma once
#include <sys/types.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace lifeline::testing {

// A fresh directory under the build tree's tmp, removed by the destructor.
// A TCP connection to 127.0.0.1:port (blocking fd); throws when nothing listens there.
int connect_loopback(int port);

class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Where a test server's clock starts when the test names no --clock: Thursday 2026-08-20, 09:00 in
// Shanghai. No report period begins, no deadline of the demo falls due and no daily rule fires for
// hours after it, whatever the wall clock reads (tests are hermetic with respect to time).
constexpr int64_t kTestClockStartMs = 1787187600000;  // 2026-08-20T01:00:00.000Z

class ServerProcess {
 public:
  // `args` are extra flags (e.g. --demo, --clock manual). Without a --clock flag the server runs a
  // simulated clock from kTestClockStartMs at real speed, continued across restart(). The data dir
  // persists across restart().
  explicit ServerProcess(std::string data_dir, std::vector<std::string> args = {"--demo"});
  ~ServerProcess();
  void start();
  void stop();        // SIGTERM and wait
  void kill9();       // SIGKILL and wait: a crash
  void restart() { stop(); start(); }
  int http_port() const { return ports_.value("http", 0); }
  int router_port() const { return ports_.value("router", 0); }
  int pub_port() const { return ports_.value("pub", 0); }
  // The command's CURVE public key (Z85), from the port file.
  std::string curve_public_key() const { return ports_.value("curve_public_key", ""); }
  const std::string& data_dir() const { return data_dir_; }
  pid_t pid() const { return pid_; }
  const std::string& log_path() const { return log_path_; }

 private:
  std::string data_dir_;
  std::vector<std::string> args_;
  pid_t pid_ = -1;
  nlohmann::json ports_;
  std::string log_path_;
  int64_t created_steady_ms_;  // the simulated clock of a restarted server goes on from here
};

// Path of a built program: LIFELINE_BINARY_DIR/<relative>.
std::string binary(const std::string& relative);

// Starts `argv` with stdout/stderr appended to `log_path`; waits until `port_file` holds a JSON
// object (when given). Returns the pid; throws if the program exits first or never writes it.
pid_t spawn_and_wait(const std::vector<std::string>& argv, const std::string& log_path, const std::string& port_file,
                     nlohmann::json* ports);
void stop_process(pid_t& pid, int signal_number);

// The lifeline-gateway flags of a --demo command's simulated `channel` gateway: its key pair (which
// the demo enrolled) and the command's public key, both in the command's data dir `dir`.
std::vector<std::string> demo_gateway_flags(const std::string& dir, const std::string& channel);

// A lifeline-gateway with the loopback driver serving `channel`, connected to a running command.
// `dir` is that command's data dir: a --demo command enrolled its simulated gateways there
// (demo-peers/gateway-<channel>.key, zmq-curve.pub), and the gateway uses those keys.
class GatewayProcess {
 public:
  GatewayProcess(const std::string& dir, int router_port, const std::string& channel, std::vector<std::string> extra = {});
  ~GatewayProcess();
  int terminal_port() const { return ports_.value("terminals", 0); }
  void kill9() { stop_process(pid_, 9); }

 private:
  pid_t pid_ = -1;
  nlohmann::json ports_;
};

// A terminal on the loopback link: JSON lines over TCP (schema/gateway-protocol.md §loopback).
class LoopbackTerminal {
 public:
  LoopbackTerminal(int port, const std::string& address);
  ~LoopbackTerminal();
  void send(const nlohmann::json& frame);
  // Next line as JSON, or null after the timeout.
  nlohmann::json next(int timeout_ms = 5000);
  void uplink(const nlohmann::json& message) { send({{"type", "uplink"}, {"message", message}}); }

 private:
  int fd_ = -1;
  std::string buffer_;
};

}  // namespace lifeline::testing
