// The IP link: one WebSocket to lifeline-command (schema/protocol.md), ws:// or wss:// (TLS with the
// CA pinned at enrolment), driven from the sync loop with explicit timeouts so a dead network never
// blocks the daemon. A link that goes silent without closing (a fading radio, a dead base
// station) is noticed by a read deadline: the server is pinged when nothing came for half of it.
#pragma once
#include <chrono>
#include <functional>
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
  // Nothing received for this long (pings unanswered included): the link is closed. Before connect().
  void set_read_deadline(std::chrono::milliseconds d) { read_deadline_ = d; }
  // Called about every 20 ms while a call waits on the network (connect, handshake, poll), so the
  // daemon's other link (the radio terminal) is served meanwhile. It must not use this link.
  void while_waiting(std::function<void()> f);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  uint64_t bytes_sent_ = 0;
  std::string error_code_;
  std::chrono::milliseconds read_deadline_{3000};
};

}  // namespace lifeline::field
