// The IP link: one WebSocket to lifeline-command (schema/protocol.md), ws:// or wss:// (TLS with the
// CA pinned at enrolment), driven from the sync loop with explicit timeouts so a dead network never
// blocks the daemon.
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
  // wss:// trusts only this CA (PEM; empty: the system's trust store). Before connect().
  void set_trusted_ca(std::string ca_pem);
  // ws://HOST:PORT[/] or wss://HOST:PORT[/]. Returns false (with `error`, and error_code()) when the
  // server cannot be reached in time or is refused.
  bool connect(const std::string& url, std::chrono::milliseconds timeout, std::string& error);
  // After a failed connect: "bad_url", "tls_bad_ca", "tls_untrusted", "tls_host_mismatch", "tls_failed",
  // or "" (the network: unreachable, refused, timed out).
  const std::string& error_code() const { return error_code_; }
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
  std::string error_code_;
};

}  // namespace lifeline::field
