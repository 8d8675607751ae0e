#include "lifeline/testing/server_process.hpp"

#include "lifeline/time_format.hpp"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace lifeline::testing {

namespace fs = std::filesystem;

std::string binary(const std::string& relative) { return std::string(LIFELINE_BINARY_DIR) + "/" + relative; }

TempDir::TempDir() {
  std::random_device rd;
  auto base = fs::path(LIFELINE_BINARY_DIR) / "tmp";
  fs::create_directories(base);
  path_ = (base / ("t-" + std::to_string(getpid()) + "-" + std::to_string(rd()))).string();
  fs::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  if (!getenv("LIFELINE_KEEP_TMP")) fs::remove_all(path_, ec);
}

namespace {
int64_t steady_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}
}  // namespace

ServerProcess::ServerProcess(std::string data_dir, std::vector<std::string> args)
    : data_dir_(std::move(data_dir)), args_(std::move(args)), created_steady_ms_(steady_ms()) {
  start();
}

ServerProcess::~ServerProcess() { stop(); }

pid_t spawn_and_wait(const std::vector<std::string>& argv, const std::string& log_path, const std::string& port_file,
                     nlohmann::json* ports) {
  std::error_code ec;
  if (!port_file.empty()) fs::remove(port_file, ec);
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    // If the test dies (an assertion abort, a sanitizer report), its servers die with it.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    FILE* log = fopen(log_path.c_str(), "a");
    if (log) {
      dup2(fileno(log), 1);
      dup2(fileno(log), 2);
    }
    std::vector<std::string> copy = argv;
    std::vector<char*> cargv;
    for (auto& a : copy) cargv.push_back(a.data());
    cargv.push_back(nullptr);
    execv(cargv[0], cargv.data());
    _exit(127);
  }
  if (port_file.empty()) return pid;
  // A server under valgrind (LIFELINE_SERVER_WRAPPER) starts tens of times slower.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(getenv("LIFELINE_SERVER_WRAPPER") ? 900 : 60);
  while (std::chrono::steady_clock::now() < deadline) {
    int status;
    if (waitpid(pid, &status, WNOHANG) == pid) throw std::runtime_error(argv[0] + " exited at start; see " + log_path);
    std::ifstream in(port_file);
    if (in) {
      auto j = nlohmann::json::parse(in, nullptr, false);
      if (!j.is_discarded() && j.is_object()) {
        if (ports) *ports = j;
        return pid;
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  stop_process(pid, SIGKILL);
  throw std::runtime_error(argv[0] + " did not write its port file; see " + log_path);
}

void stop_process(pid_t& pid, int signal_number) {
  if (pid <= 0) return;
  ::kill(pid, signal_number);
  int status;
  for (int i = 0; i < 500; ++i) {
    if (waitpid(pid, &status, WNOHANG) == pid) {
      pid = -1;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ::kill(pid, SIGKILL);
  waitpid(pid, &status, 0);
  pid = -1;
}

void ServerProcess::start() {
  auto port_file = data_dir_ + "/ports.json";
  log_path_ = data_dir_ + "/server.log";
  // A restarted server binds the ports it had, as a real one would: clients and gateways reconnect.
  auto port = [&](const char* name) { return std::to_string(ports_.is_object() ? ports_.value(name, 0) : 0); };
  std::vector<std::string> argv = {binary("command/main/lifeline-command"), "--port", port("http"), "--router-port",
                                   port("router"), "--pub-port", port("pub"), "--port-file", port_file, "--data-dir", data_dir_};
  argv.insert(argv.end(), args_.begin(), args_.end());
  // The demo's users are hashed at argon2id's cheapest cost unless a test asks for the real one:
  // at the interactive cost the 16 demo passwords took 4 of a server's 4.4 s to start, and every
  // test login another 0.25 s; only the login-throttling tests depend on what a hash costs.
  if (std::find(args_.begin(), args_.end(), "--password-cost") == args_.end())
    argv.insert(argv.end(), {"--password-cost", "min"});
  if (std::find(args_.begin(), args_.end(), "--clock") == args_.end())
    argv.insert(argv.end(), {"--clock", "simulated", "--clock-start",
                             format_rfc3339_ms(kTestClockStartMs + steady_ms() - created_steady_ms_)});
  // Benchmarks pin the server to its own core (DECISIONS: server and load on different cores).
  if (const char* cpu = getenv("LIFELINE_SERVER_CPU")) argv.insert(argv.begin(), {"/usr/bin/taskset", "-c", cpu});
  // Benchmarks that count instructions run the server under a tool, e.g.
  // LIFELINE_SERVER_WRAPPER="/usr/bin/valgrind --tool=callgrind --instr-atstart=no" (tests/bench/bus/instructions.sh).
  if (const char* wrapper = getenv("LIFELINE_SERVER_WRAPPER")) {
    std::istringstream words(wrapper);
    std::vector<std::string> prefix{std::istream_iterator<std::string>(words), std::istream_iterator<std::string>()};
    argv.insert(argv.begin(), prefix.begin(), prefix.end());
  }
  pid_ = spawn_and_wait(argv, log_path_, port_file, &ports_);
}

void ServerProcess::stop() { stop_process(pid_, SIGTERM); }

void ServerProcess::kill9() { stop_process(pid_, SIGKILL); }

std::vector<std::string> demo_gateway_flags(const std::string& dir, const std::string& channel) {
  return {"--key-file", dir + "/demo-peers/gateway-" + channel + ".key", "--server-key", dir + "/zmq-curve.pub"};
}

GatewayProcess::GatewayProcess(const std::string& dir, int router_port, const std::string& channel, std::vector<std::string> extra) {
  auto port_file = dir + "/gateway-" + channel + ".json";
  std::vector<std::string> argv = {binary("comms/gateways/lifeline-gateway"), "--link", "loopback", "--as", channel,
                                   "--command", "tcp://127.0.0.1:" + std::to_string(router_port), "--port-file", port_file};
  for (auto& f : demo_gateway_flags(dir, channel)) argv.push_back(f);
  argv.insert(argv.end(), extra.begin(), extra.end());
  pid_ = spawn_and_wait(argv, dir + "/gateway-" + channel + ".log", port_file, &ports_);
}

GatewayProcess::~GatewayProcess() { stop_process(pid_, SIGTERM); }

int connect_loopback(int port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    throw std::runtime_error("nothing listens on 127.0.0.1:" + std::to_string(port));
  }
  return fd;
}

LoopbackTerminal::LoopbackTerminal(int port, const std::string& address) {
  fd_ = connect_loopback(port);
  send({{"type", "hello"}, {"address", address}});
}

LoopbackTerminal::~LoopbackTerminal() {
  if (fd_ >= 0) close(fd_);
}

void LoopbackTerminal::send(const nlohmann::json& frame) {
  auto line = frame.dump() + "\n";
  if (::write(fd_, line.data(), line.size()) != static_cast<ssize_t>(line.size())) throw std::runtime_error("terminal write failed");
}

nlohmann::json LoopbackTerminal::next(int timeout_ms) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    auto nl = buffer_.find('\n');
    if (nl != std::string::npos) {
      auto line = buffer_.substr(0, nl);
      buffer_.erase(0, nl + 1);
      return nlohmann::json::parse(line, nullptr, false);
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
    pollfd p{fd_, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(std::max<int64_t>(left, 0))) <= 0) return nullptr;
    char buf[65536];
    auto n = ::read(fd_, buf, sizeof buf);
    if (n <= 0) return nullptr;
    buffer_.append(buf, static_cast<size_t>(n));
  }
}

}  // namespace lifeline::testing
