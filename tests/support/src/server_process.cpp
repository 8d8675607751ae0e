#include "lifeline/testing/server_process.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
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

ServerProcess::ServerProcess(std::string data_dir, std::vector<std::string> args)
    : data_dir_(std::move(data_dir)), args_(std::move(args)) {
  start();
}

ServerProcess::~ServerProcess() { stop(); }

void ServerProcess::start() {
  auto port_file = data_dir_ + "/ports.json";
  std::error_code ec;
  fs::remove(port_file, ec);
  log_path_ = data_dir_ + "/server.log";
  std::vector<std::string> argv = {binary("command/main/lifeline-command"), "--port", "0", "--router-port", "0",
                                   "--pub-port", "0", "--port-file", port_file, "--data-dir", data_dir_};
  argv.insert(argv.end(), args_.begin(), args_.end());
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    FILE* log = fopen(log_path_.c_str(), "a");
    if (log) {
      dup2(fileno(log), 1);
      dup2(fileno(log), 2);
    }
    std::vector<char*> cargv;
    for (auto& a : argv) cargv.push_back(a.data());
    cargv.push_back(nullptr);
    execv(cargv[0], cargv.data());
    _exit(127);
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    int status;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("lifeline-command exited at start; see " + log_path_);
    }
    std::ifstream in(port_file);
    if (in) {
      ports_ = nlohmann::json::parse(in, nullptr, false);
      if (!ports_.is_discarded() && http_port() > 0) return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  throw std::runtime_error("lifeline-command did not write its port file; see " + log_path_);
}

void ServerProcess::stop() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGTERM);
  int status;
  for (int i = 0; i < 500; ++i) {
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  kill9();
}

void ServerProcess::kill9() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

}  // namespace lifeline::testing
