// Plain HTTP/WebSocket: loopback (the demo, tests, behind a reverse proxy) or --insecure-http.
#include <websocketpp/config/asio_no_tls.hpp>

#include "wspp_front_end.hpp"

namespace lifeline::server {

std::unique_ptr<FrontEnd> make_plain_front_end(FrontEndState& state) {
  return std::make_unique<WsppFrontEnd<wspp_detail::SaysWhy<websocketpp::config::asio>>>(state, false);
}

}  // namespace lifeline::server
