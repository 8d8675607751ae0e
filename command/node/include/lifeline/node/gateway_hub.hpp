/**
 * The command's ZeroMQ side (schema/gateway-protocol.md): a ROUTER socket for gateway processes
 * (one per link kind, DEALER) and a PUB socket for partner systems' event feed.
 *
 * Operation: one hub thread polls the ROUTER and the ZAP handler; downlinks queued by send() are
 * written from the same thread (ZeroMQ sockets are not thread-safe). Gateway reports (hello, heard,
 * uplink acks, positions) are posted to the state thread, which alone changes state.
 *
 * Security: both sockets are CURVE servers. Only enrolled, unrevoked peers get through the
 * handshake (ZapHandler), and every frame is attributed by its ZAP User-Id, never by what it says:
 * a gateway speaks only for its enrolled channel, a partner only as its department, and each is
 * audited as gateway:<name> / partner:<name>. A revoked peer's next frame is dropped, and the
 * partner feed's subscribers are made to handshake again.
 *
 * Concurrency: send(), up() and publish() are thread-safe.
 */
#pragma once
#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "lifeline/app/engine.hpp"
#include "lifeline/gateway/curve_keys.hpp"
#include "lifeline/node/peer_registry.hpp"

namespace lifeline::delivery {
class DeliveryService;
}

namespace lifeline::node {

class GatewayHub {
 public:
  // `listen` is the ZeroMQ address (--zmq-listen), `keys` the command's CURVE key pair.
  GatewayHub(app::Engine& engine, Clock& clock, const PeerRegistry& peers, gateway::CurveKeyPair keys, std::string listen,
             int router_port, int pub_port);
  ~GatewayHub();
  void set_delivery(delivery::DeliveryService* d) { delivery_ = d; }
  // Binds both sockets and starts the hub thread; returns the bound (router, pub) ports.
  std::pair<int, int> start();
  void stop();
  bool up(const std::string& channel) const;
  // Every gateway that said hello: {channel, up, last_heard, failed_sends, unreachable, and what its
  // own health report says (terminals, queued_frames, sent, refused, heard, bad_frames, signal…)}.
  nlohmann::json status() const;
  bool send(const std::string& channel, const nlohmann::json& downlink);
  void publish(const std::string& realm, const std::vector<store::Event>& events);
  bool has_feed_subscribers() const { return feed_subscribers_.load(std::memory_order_relaxed) > 0; }

  // A gateway is down when not heard for this long (it heartbeats every second).
  static constexpr int64_t kGatewayWindowMs = 3000;

 private:
  void loop();
  void handle(const std::string& identity, const Peer& peer, const nlohmann::json& msg);
  void handle_request(const std::string& identity, const Peer& peer, const nlohmann::json& msg);
  void refuse_gateway(const std::string& identity, const std::string& code, const std::string& en, const std::string& zh);
  // Closes the feed's connections (they reconnect and handshake again): a revoked key is cut.
  void rebind_feed();

  app::Engine& engine_;
  Clock& clock_;
  const PeerRegistry& peers_;
  gateway::CurveKeyPair keys_;
  uint64_t revocations_seen_ = 0;
  std::string listen_;
  int router_port_, pub_port_;
  delivery::DeliveryService* delivery_ = nullptr;
  struct Impl;
  std::unique_ptr<Impl> impl_;
  mutable std::mutex mutex_;
  struct Gateway {
    std::string identity;
    std::string peer_id;  // the enrolled peer that said hello on this identity
    int64_t last_heard = 0;
    nlohmann::json health = nlohmann::json::object();  // the gateway's report, known numeric fields only
    uint64_t failed_sends = 0, unreachable = 0;          // sent ok:false, and of those the terminal out of reach
  };
  // The metrics of one gateway (called under mutex_).
  void export_metrics(const std::string& channel, const Gateway& g);
  std::map<std::string, Gateway> gateways_;  // channel → gateway
  std::vector<std::pair<std::string, std::string>> outbox_;  // (identity, frame)
  std::vector<std::string> feed_;                            // partner feed messages
  std::atomic<bool> running_{false};
  std::atomic<int> feed_subscribers_{0};
  std::thread thread_;
};

}  // namespace lifeline::node
