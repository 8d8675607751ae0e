#include "lifeline/node/zap_handler.hpp"

#include <zmq_addon.hpp>

#include "lifeline/log.hpp"

namespace lifeline::node {

ZapHandler::ZapHandler(zmq::context_t& ctx, const PeerRegistry& peers) : peers_(peers), socket_(ctx, zmq::socket_type::rep) {
  socket_.set(zmq::sockopt::linger, 0);
  socket_.bind("inproc://zeromq.zap.01");
}

void ZapHandler::serve() {
  for (;;) {
    std::vector<zmq::message_t> req;
    if (!zmq::recv_multipart(socket_, std::back_inserter(req), zmq::recv_flags::dontwait)) return;
    // version, request_id, domain, address, routing id, mechanism, credentials...
    std::string request_id = req.size() > 1 ? req[1].to_string() : "";
    std::string status = "400", text = "no enrolled key", user_id;
    if (req.size() == 7 && req[0].to_string_view() == "1.0" && req[5].to_string_view() == "CURVE" && req[6].size() == 32) {
      char z85[41];
      zmq_z85_encode(z85, static_cast<const uint8_t*>(req[6].data()), 32);
      auto domain = req[2].to_string();
      auto peer = peers_.by_key(z85);
      bool allowed = peer && (domain == kRouterDomain || (domain == kFeedDomain && peer->kind == "partner"));
      if (allowed) {
        status = "200";
        text = "OK";
        user_id = peer->id;
      } else {
        // Refusals are logged, never answered with a reason the peer could probe with.
        log_warn("zap", "ZeroMQ peer refused", {{"address", req[3].to_string()}, {"domain", domain},
                                                {"reason", peer ? "not allowed on this socket" : "key not enrolled or revoked"}});
      }
    } else {
      text = "CURVE only";
      log_warn("zap", "ZeroMQ peer refused", {{"reason", "not a CURVE handshake"}, {"parts", req.size()}});
    }
    std::array<zmq::const_buffer, 6> reply = {zmq::str_buffer("1.0"), zmq::buffer(request_id), zmq::buffer(status),
                                              zmq::buffer(text), zmq::buffer(user_id), zmq::str_buffer("")};
    zmq::send_multipart(socket_, reply);
  }
}

}  // namespace lifeline::node
