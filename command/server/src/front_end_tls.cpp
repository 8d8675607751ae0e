// HTTPS/WSS: the same front end over OpenSSL (WebSocket++'s asio_tls config); the TLS settings are
// made once in tls_context.cpp and shared by every connection.
#include <websocketpp/config/asio.hpp>

#include "wspp_front_end.hpp"

namespace lifeline::server {

std::unique_ptr<FrontEnd> make_tls_front_end(FrontEndState& state, std::shared_ptr<boost::asio::ssl::context> tls) {
  auto front_end = std::make_unique<WsppFrontEnd<wspp_detail::SaysWhy<websocketpp::config::asio_tls>>>(state, true);
  front_end->server().set_tls_init_handler([tls](websocketpp::connection_hdl) { return tls; });
  return front_end;
}

}  // namespace lifeline::server
