// Starts a real lifeline-command on 127.0.0.1 with free ports and a temporary data directory, and
// stops it (SIGTERM, or SIGKILL for crash tests). Used by integration and fault tests.
#pragma once
#include <sys/types.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace lifeline::testing {

// A fresh directory under the build tree's tmp, removed by the destructor.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

class ServerProcess {
 public:
  // `args` are extra flags (e.g. --demo, --clock manual). The data dir persists across restart().
  explicit ServerProcess(std::string data_dir, std::vector<std::string> args = {"--demo"});
  ~ServerProcess();
  void start();
  void stop();        // SIGTERM and wait
  void kill9();       // SIGKILL and wait: a crash
  void restart() { stop(); start(); }
  int http_port() const { return ports_.value("http", 0); }
  int router_port() const { return ports_.value("router", 0); }
  const std::string& data_dir() const { return data_dir_; }
  pid_t pid() const { return pid_; }
  const std::string& log_path() const { return log_path_; }

 private:
  std::string data_dir_;
  std::vector<std::string> args_;
  pid_t pid_ = -1;
  nlohmann::json ports_;
  std::string log_path_;
};

// Path of a built program: LIFELINE_BINARY_DIR/<relative>.
std::string binary(const std::string& relative);

}  // namespace lifeline::testing
