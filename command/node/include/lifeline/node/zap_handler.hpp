/**
 * The command's ZAP handler (ZeroMQ RFC 27, inproc://zeromq.zap.01): admits a CURVE client only
 * when its public key belongs to a live enrolled peer allowed on that socket, and names the
 * connection with the peer's id as ZAP User-Id, which every frame then carries.
 *
 * Domains: kRouterDomain (gateways and partner systems) and kFeedDomain (partner systems only).
 *
 * Concurrency: not thread-safe; the hub thread polls socket() and calls serve().
 */
#pragma once
#include <zmq.hpp>

#include "lifeline/node/peer_registry.hpp"

namespace lifeline::node {

class ZapHandler {
 public:
  static constexpr const char* kRouterDomain = "lifeline.router";
  static constexpr const char* kFeedDomain = "lifeline.feed";

  // Binds the handler's socket in `ctx`: from then on every CURVE handshake in `ctx` asks it.
  ZapHandler(zmq::context_t& ctx, const PeerRegistry& peers);
  zmq::socket_t& socket() { return socket_; }
  // Answers every request waiting, without blocking.
  void serve();

 private:
  const PeerRegistry& peers_;
  zmq::socket_t socket_;
};

}  // namespace lifeline::node
