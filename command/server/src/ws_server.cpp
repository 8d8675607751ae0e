#include "lifeline/server/ws_server.hpp"

#include <boost/asio/post.hpp>

#include "front_end.hpp"
#include "tls_context.hpp"

namespace lifeline::server {

struct WsServer::Impl {
  FrontEndState state;
  std::unique_ptr<FrontEnd> front_end;

  Impl(const ServerConfig& c, app::Engine& e, app::Metrics& m) : state(c, e, m) {
    c.check_transport();  // before anything opens: a refused transport stops the server at start
    front_end = c.tls() ? make_tls_front_end(state, make_server_tls_context(c.tls_cert, c.tls_key))
                        : make_plain_front_end(state);
  }
};

WsServer::WsServer(const ServerConfig& config, app::Engine& engine, app::Metrics& metrics)
    : impl_(std::make_unique<Impl>(config, engine, metrics)) {}

WsServer::~WsServer() = default;

uint16_t WsServer::listen() { return impl_->front_end->listen(); }

void WsServer::run() { impl_->state.ioc.run(); }

void WsServer::stop() {
  boost::asio::post(impl_->state.ioc, [this] {
    impl_->front_end->close_all();
    impl_->state.ioc.stop();
  });
}

boost::asio::io_context& WsServer::io() { return impl_->state.ioc; }

bool WsServer::has_board_subscribers() const { return impl_->state.subscribers.load(std::memory_order_relaxed) > 0; }

void WsServer::publish(const std::string& realm, const std::vector<store::Event>& events) {
  if (impl_->state.subscribers.load(std::memory_order_relaxed) == 0) return;  // nobody watches a board
  boost::asio::post(impl_->state.ioc, [this, realm, events] { impl_->front_end->publish(realm, events); });
}

void WsServer::send_to(uint64_t conn_id, json frame) {
  boost::asio::post(impl_->state.ioc, [this, conn_id, frame = std::move(frame)] { impl_->front_end->send(conn_id, frame); });
}

void WsServer::send_text_to(uint64_t conn_id, std::string frame) {
  boost::asio::post(impl_->state.ioc, [this, conn_id, frame = std::move(frame)] { impl_->front_end->send_text(conn_id, frame); });
}

void WsServer::close_user(const std::string& user_id, const std::string& reason) {
  boost::asio::post(impl_->state.ioc, [this, user_id, reason] { impl_->front_end->close_user(user_id, reason); });
}

void WsServer::on_frame(const std::string& type, FrameHandler handler) { impl_->state.frame_handlers[type] = std::move(handler); }
void WsServer::on_presence(PresenceHandler handler) { impl_->state.presence_handlers.push_back(std::move(handler)); }
void WsServer::on_heard(std::function<void(uint64_t)> handler) { impl_->state.heard_handler = std::move(handler); }
void WsServer::add_http_route(const std::string& method, const std::string& prefix, HttpRoute route, int per_minute_per_address) {
  impl_->state.http_routes.push_back({method, prefix, std::move(route), per_minute_per_address});
}

}  // namespace lifeline::server
