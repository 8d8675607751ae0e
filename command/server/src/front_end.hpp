// The WebSocket++ server behind WsServer, one implementation for both transports (wspp_front_end.hpp):
// plain HTTP/WebSocket (front_end_plain.cpp) and HTTPS/WSS (front_end_tls.cpp). Each transport is
// instantiated in its own translation unit, since WebSocket++ costs seconds to compile.
#pragma once
#include <boost/asio/io_context.hpp>
#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "lifeline/server/static_files.hpp"
#include "lifeline/server/ws_server.hpp"

namespace boost::asio::ssl {
class context;
}

namespace lifeline::server {

struct HttpRouteEntry {
  std::string method, prefix;
  HttpRoute route;
  int per_minute_per_address = 0;  // 0 = no limit
};

// What does not depend on the transport: the io loop, the handlers and routes set up before run().
struct FrontEndState {
  FrontEndState(const ServerConfig& c, app::Engine& e, app::Metrics& m)
      : config(c), engine(e), metrics(m), static_files(c.console_dir) {}
  const ServerConfig& config;
  app::Engine& engine;
  app::Metrics& metrics;
  boost::asio::io_context ioc;
  std::map<std::string, FrameHandler> frame_handlers;
  std::vector<PresenceHandler> presence_handlers;
  std::function<void(uint64_t)> heard_handler;
  std::atomic<int> subscribers{0};  // connections with at least one board subscription
  std::vector<HttpRouteEntry> http_routes;
  StaticFiles static_files;
};

// The transport-dependent part. Every call but listen() runs on the io thread.
class FrontEnd {
 public:
  virtual ~FrontEnd() = default;
  virtual uint16_t listen() = 0;
  virtual void close_all() = 0;  // stop listening and close every connection (server stopping)
  virtual void publish(const std::string& realm, const std::vector<store::Event>& events) = 0;
  virtual void send(uint64_t conn_id, const json& frame) = 0;
  virtual void send_text(uint64_t conn_id, const std::string& frame) = 0;
  virtual void close_user(const std::string& user_id, const std::string& reason) = 0;
};

std::unique_ptr<FrontEnd> make_plain_front_end(FrontEndState& state);
std::unique_ptr<FrontEnd> make_tls_front_end(FrontEndState& state, std::shared_ptr<boost::asio::ssl::context> tls);

}  // namespace lifeline::server
