// The IP link: one WebSocket to lifeline-command (schema/protocol.md), driven from the sync loop
// with explicit timeouts so a dead network never blocks the daemon.
#pragma once
#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace lifeline::field {

class WsLink {
 public:
  WsLink();
  ~WsLink();
  // ws://HOST:PORT[/]. Returns false (with `error`) when the server cannot be reached in time.
  bool connect(const std::string& url, std::chrono::milliseconds timeout, std::string& error);
  bool is_open() const;
  bool send(const nlohmann::json& frame);
  // Next frame, or nullopt on timeout (check is_open() to tell a closed link).
  std::optional<nlohmann::json> poll(std::chrono::milliseconds timeout);
  void close();
  uint64_t bytes_sent() const { return bytes_sent_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  uint64_t bytes_sent_ = 0;
};

}  // namespace lifeline::field
