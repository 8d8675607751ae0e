// Login throttling: failed logins counted per user name and per remote address on the server's
// clock. Too many within the window refuse that name or address for a while; after a lockout each
// further failure locks it again for twice as long, until the key has been quiet for a window.
// State thread only. Kept in memory: a restart forgets it (the auth_log keeps the record).
#pragma once
#include <cstdint>
#include <deque>
#include <string>
#include <unordered_map>

namespace lifeline::app {

struct LoginThrottleConfig {
  int max_user_failures = 5;            // per user name within the window (guessing one password)
  int max_address_failures = 50;        // per address within the window (trying many names)
  int64_t window_ms = 15 * 60 * 1000;
  int64_t first_lock_ms = 60 * 1000;    // doubles with each further lockout of the same key
  int64_t max_lock_ms = 60 * 60 * 1000;
  size_t max_keys = 100000;             // memory bound: beyond it the oldest records are dropped
};

class LoginThrottle {
 public:
  explicit LoginThrottle(LoginThrottleConfig config = {}) : config_(config) {}
  // Milliseconds until a login for `username` from `remote` may be tried (0: now).
  int64_t retry_after(const std::string& username, const std::string& remote, int64_t now);
  void failed(const std::string& username, const std::string& remote, int64_t now);
  // A successful login clears the user name's record (not the address's).
  void succeeded(const std::string& username);

 private:
  struct Record {
    std::deque<int64_t> failures;  // within the window
    int64_t locked_until = 0;
    int lockouts = 0;              // consecutive, while the record lives
    int64_t last = 0;
  };
  int64_t wait(const std::string& key, int64_t now);
  void fail(const std::string& key, int limit, int64_t now);
  void prune(int64_t now);
  LoginThrottleConfig config_;
  std::unordered_map<std::string, Record> records_;
};

// The address part of a remote endpoint ("[::ffff:127.0.0.1]:52114" → "[::ffff:127.0.0.1]",
// "1.2.3.4:80" → "1.2.3.4"); other forms (zmq:<identity>) as they are.
std::string remote_address(const std::string& remote);

}  // namespace lifeline::app
