// Drives real lifeline-field processes for the field client's tests: one-shot CLI commands
// (captured stdout, exit code) and the sync daemon (`run`) as a child process.
#pragma once
#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "lifeline/testing/server_process.hpp"

namespace lifeline::testing {

struct ProgramResult {
  int rc = -1;
  std::string out, err;
};

// Runs argv to completion (killed after timeout_ms). `file_size_limit` > 0 sets RLIMIT_FSIZE in
// the child, the way a full disk looks to a process (writes fail with EFBIG).
inline ProgramResult run_program(const std::vector<std::string>& argv, int timeout_ms = 30000, long file_size_limit = 0) {
  int out_pipe[2], err_pipe[2];
  if (pipe(out_pipe) != 0 || pipe(err_pipe) != 0) throw std::runtime_error("pipe");
  pid_t pid = fork();
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    dup2(out_pipe[1], 1);
    dup2(err_pipe[1], 2);
    close(out_pipe[0]);
    close(err_pipe[0]);
    if (file_size_limit > 0) {
      signal(SIGXFSZ, SIG_IGN);
      rlimit lim{static_cast<rlim_t>(file_size_limit), static_cast<rlim_t>(file_size_limit)};
      setrlimit(RLIMIT_FSIZE, &lim);
    }
    std::vector<std::string> copy = argv;
    std::vector<char*> cargv;
    for (auto& a : copy) cargv.push_back(a.data());
    cargv.push_back(nullptr);
    execv(cargv[0], cargv.data());
    _exit(127);
  }
  close(out_pipe[1]);
  close(err_pipe[1]);
  ProgramResult r;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  bool out_open = true, err_open = true;
  while ((out_open || err_open) && std::chrono::steady_clock::now() < deadline) {
    pollfd p[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
    if (poll(p, 2, 100) <= 0) continue;
    char buf[65536];
    for (int i = 0; i < 2; ++i)
      if (p[i].revents) {
        auto n = read(p[i].fd, buf, sizeof buf);
        if (n <= 0) (i == 0 ? out_open : err_open) = false;
        else (i == 0 ? r.out : r.err).append(buf, static_cast<size_t>(n));
      }
  }
  if (out_open || err_open) kill(pid, SIGKILL);
  close(out_pipe[0]);
  close(err_pipe[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  r.rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

class FieldClient {
 public:
  FieldClient(std::string dir, std::string name = "field") : dir_(std::move(dir)), db_(dir_ + "/" + name + ".db"), log_(dir_ + "/" + name + ".log") {}
  ~FieldClient() { stop(); }
  const std::string& db() const { return db_; }
  const std::string& log() const { return log_; }
  static std::string program() { return binary("clients/field/lifeline-field"); }

  ProgramResult run(std::vector<std::string> args, int timeout_ms = 30000, long file_size_limit = 0) const {
    std::vector<std::string> argv = {program(), "--db", db_, "--lang", "en"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_program(argv, timeout_ms, file_size_limit);
  }
  // Runs and parses stdout's first line as JSON; throws with stderr when the command fails.
  nlohmann::json json_of(std::vector<std::string> args) const {
    auto r = run(std::move(args));
    if (r.rc != 0) throw std::runtime_error("lifeline-field failed (" + std::to_string(r.rc) + "): " + r.err);
    return nlohmann::json::parse(r.out.substr(0, r.out.find('\n')));
  }
  void start(std::vector<std::string> extra = {}) {
    stop();
    std::vector<std::string> argv = {program(), "--db", db_, "--lang", "en", "run"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    pid_ = spawn_and_wait(argv, log_, "", nullptr);
  }
  void stop() {
    if (pid_ > 0) stop_process(pid_, SIGTERM);
  }
  void kill9() {
    if (pid_ > 0) stop_process(pid_, SIGKILL);
  }
  // Exit code once the daemon ends by itself (or -1 after the timeout).
  int wait_exit(int timeout_ms) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (pid_ > 0 && std::chrono::steady_clock::now() < deadline) {
      int status;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return -1;
  }
  pid_t pid() const { return pid_; }

 private:
  std::string dir_, db_, log_;
  pid_t pid_ = -1;
};

}  // namespace lifeline::testing
