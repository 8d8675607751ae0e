// Waiting for something another process does (a daemon's log line, a pushed frame, a file): poll a
// predicate until it holds or the time is up. For the servers' own time use the manual clock; this
// is only for real processes and sockets, with generous limits so a loaded machine does not fail.
#pragma once
#include <chrono>
#include <thread>

namespace lifeline::testing {

// True as soon as `pred()` is; false if it still is not after `timeout` (checked once more at the end).
template <class Pred>
bool eventually(Pred pred, std::chrono::milliseconds timeout = std::chrono::seconds(20),
                std::chrono::milliseconds poll = std::chrono::milliseconds(20)) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (pred()) return true;
    std::this_thread::sleep_for(poll);
  }
  return pred();
}
template <class Pred>
bool eventually(Pred pred, int timeout_ms) {
  return eventually(pred, std::chrono::milliseconds(timeout_ms));
}

}  // namespace lifeline::testing
