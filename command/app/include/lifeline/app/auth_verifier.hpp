// Verifies passwords off the state thread: argon2id takes tens of milliseconds and 64 MiB by design,
// which must not stall every other request of the tick.
#pragma once
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace lifeline::app {

class AuthVerifier {
 public:
  using Done = std::function<void(bool ok)>;
  // At most `max_pending` verifications wait: a flood of logins is refused (auth_busy) at once
  // rather than delaying a real login behind it without bound.
  explicit AuthVerifier(size_t max_pending = 16);
  ~AuthVerifier();
  // An empty hash still costs one verification (against a fixed dummy hash) so that an unknown
  // user name cannot be told from a wrong password by timing. False (and `done` never called)
  // when the queue is full.
  bool verify(std::string hash, std::string password, Done done);

 private:
  struct Job {
    std::string hash, password;
    Done done;
  };
  void run();
  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<Job> jobs_;
  size_t max_pending_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace lifeline::app
