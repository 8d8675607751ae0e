// A synchronous WebSocket JSON client for tests (Boost.Beast). call() sends a req and waits for
// the res with the same rid; push/env frames that arrive meanwhile are kept for next_frame().
// Speaks ws:// or, given a CA file, wss:// (the server's certificate checked against it and the host).
#pragma once
#include <chrono>
#include <deque>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace lifeline::testing {

using nlohmann::json;

class WsClient {
 public:
  WsClient(const std::string& host, int port);
  // ws:// with extra headers in the upgrade request (e.g. X-Forwarded-For).
  WsClient(const std::string& host, int port, const std::vector<std::pair<std::string, std::string>>& headers);
  // wss://: TLS, trusting only `ca_file` (PEM); throws when the handshake fails.
  WsClient(const std::string& host, int port, const std::string& ca_file);
  ~WsClient();
  // Sends raw text (for bad-input tests).
  void send_text(const std::string& text);
  void send(const json& frame) { send_text(frame.dump()); }
  // Next frame of any type; nullopt on timeout or closed connection.
  std::optional<json> next_frame(std::chrono::milliseconds timeout = std::chrono::milliseconds(5000));
  // Next frame of `type` (others are kept in order for later).
  std::optional<json> next_of(const std::string& type, std::chrono::milliseconds timeout = std::chrono::milliseconds(5000));
  // Sends {type:req, rid, op, body[, realm]} and returns the matching res (throws on timeout).
  json call(const std::string& op, const json& body = json::object(), const std::string& realm = "live");
  // call() that throws unless ok; returns result.
  json ok(const std::string& op, const json& body = json::object(), const std::string& realm = "live");
  // auth.login; returns the result (token, user).
  json login(const std::string& username, const std::string& password = "lifeline-demo");
  bool is_open() const;
  // After the server closed the connection: its close status and reason (0 and "" before).
  int close_code() const;
  std::string close_reason() const;

 private:
  std::optional<json> read_one(std::chrono::milliseconds timeout);
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::deque<json> pending_;
  uint64_t next_rid_ = 1;
};

}  // namespace lifeline::testing
