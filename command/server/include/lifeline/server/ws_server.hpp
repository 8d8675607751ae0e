/**
 * HTTP + WebSocket front end (WebSocket++ on Boost.Asio), one port.
 *
 * Operation: each WebSocket text frame is checked (size, rate, JSON shape) and turned into a
 * Request for the engine; the engine's reply is posted back here and written to the connection.
 * Committed events are pushed to connections subscribed to their realm (board.subscribe).
 *
 * Concurrency: all connection state lives on the io thread (run()). publish(), send_to() and the
 * engine's replies may come from any thread: they post to the io thread. WebSocket++ keeps its own
 * per-connection write queue, so writes never interleave.
 */
#pragma once
#include <boost/asio/io_context.hpp>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "lifeline/app/engine.hpp"
#include "lifeline/server/server_config.hpp"

namespace lifeline::server {

using nlohmann::json;

// What the front end knows about a connection's user once it has logged in.
struct ConnUser {
  std::string user_id, role, unit_id;
};
// Handler for a frame type other than req (e.g. the bus's ack): runs on the io thread.
using FrameHandler = std::function<void(uint64_t conn_id, const ConnUser& user, const std::string& token, json frame)>;
// Told when a connection logs in or closes (the bus tracks who is reachable over IP).
using PresenceHandler = std::function<void(uint64_t conn_id, const ConnUser& user, bool online)>;
// An HTTP route outside the built-ins (/health, /metrics, static files). It may answer later
// (after a commit) from any thread by calling `respond` once.
struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
};
using HttpRoute = std::function<void(const std::string& path, const std::string& body, const std::string& auth_header,
                                     std::function<void(HttpResponse)> respond)>;

class WsServer {
 public:
  WsServer(const ServerConfig& config, app::Engine& engine, app::Metrics& metrics);
  ~WsServer();

  // Binds the listening socket; returns the bound port.
  uint16_t listen();
  // Runs the io loop in this thread until stop().
  void run();
  void stop();
  boost::asio::io_context& io();

  // Thread-safe.
  void publish(const std::string& realm, const std::vector<store::Event>& events);
  bool has_board_subscribers() const;  // any connection subscribed to a board (publish sends nothing otherwise)
  void send_to(uint64_t conn_id, json frame);
  void send_text_to(uint64_t conn_id, std::string frame);  // an already serialized frame
  // Closes every connection logged in as `user_id` (WebSocket status 4001, "session ended: <reason>")
  // and unbinds its token first, so a frame racing the close is refused unauthenticated.
  void close_user(const std::string& user_id, const std::string& reason);

  // Set-up, before run().
  void on_frame(const std::string& type, FrameHandler handler);
  void on_presence(PresenceHandler handler);
  // Called on the io thread for every frame a connection sends (link health: it was heard).
  void on_heard(std::function<void(uint64_t conn_id)> handler);
  // Requests whose method matches and whose path starts with `prefix` go to `route`. With
  // `per_minute_per_address` > 0, one client address may make that many such requests a minute;
  // beyond, 429 rate_limited with Retry-After, before the route runs.
  void add_http_route(const std::string& method, const std::string& prefix, HttpRoute route, int per_minute_per_address = 0);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lifeline::server
