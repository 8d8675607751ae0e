#include "lifeline/domain/scope.hpp"
#include "lifeline/node/gateway_hub.hpp"

#include <zmq.hpp>
#include <zmq_addon.hpp>

#include "lifeline/api_error.hpp"
#include "lifeline/delivery/delivery_service.hpp"
#include "lifeline/log.hpp"
#include "lifeline/node/zap_handler.hpp"
#include "lifeline/time_format.hpp"
#include "lifeline/untrusted_json.hpp"

namespace lifeline::node {

using nlohmann::json;

struct GatewayHub::Impl {
  zmq::context_t ctx{1};
  std::unique_ptr<ZapHandler> zap;  // bound before the sockets: no handshake ever goes unchecked
  zmq::socket_t router{ctx, zmq::socket_type::router};
  zmq::socket_t pub{ctx, zmq::socket_type::xpub};  // XPUB: we see subscriptions, so no one means no work
  std::string pub_endpoint;
};

GatewayHub::GatewayHub(app::Engine& engine, Clock& clock, const PeerRegistry& peers, gateway::CurveKeyPair keys,
                       std::string listen, int router_port, int pub_port)
    : engine_(engine), clock_(clock), peers_(peers), keys_(std::move(keys)), listen_(std::move(listen)),
      router_port_(router_port), pub_port_(pub_port), impl_(std::make_unique<Impl>()) {}

GatewayHub::~GatewayHub() { stop(); }

namespace {
// CURVE server with the command's key; the ZAP handler decides who may connect in `domain`.
void make_curve_server(zmq::socket_t& s, const gateway::CurveKeyPair& keys, const char* domain) {
  s.set(zmq::sockopt::curve_server, 1);
  s.set(zmq::sockopt::curve_secretkey, keys.secret_key);
  s.set(zmq::sockopt::zap_domain, domain);
}

int bind_port(zmq::socket_t& s, const std::string& host, int port) {
  s.set(zmq::sockopt::linger, 0);
  s.bind("tcp://" + host + ":" + (port == 0 ? std::string("*") : std::to_string(port)));
  std::string endpoint = s.get(zmq::sockopt::last_endpoint);
  return std::stoi(endpoint.substr(endpoint.rfind(':') + 1));
}
}  // namespace

std::pair<int, int> GatewayHub::start() {
  revocations_seen_ = peers_.revocations();
  impl_->zap = std::make_unique<ZapHandler>(impl_->ctx, peers_);
  make_curve_server(impl_->router, keys_, ZapHandler::kRouterDomain);
  make_curve_server(impl_->pub, keys_, ZapHandler::kFeedDomain);
  impl_->router.set(zmq::sockopt::router_mandatory, 1);
  impl_->router.set(zmq::sockopt::maxmsgsize, static_cast<int64_t>(1 << 20));  // oversized frames are dropped by ZeroMQ
  router_port_ = bind_port(impl_->router, listen_, router_port_);
  pub_port_ = bind_port(impl_->pub, listen_, pub_port_);
  impl_->pub_endpoint = impl_->pub.get(zmq::sockopt::last_endpoint);
  running_ = true;
  thread_ = std::thread([this] { loop(); });
  return {router_port_, pub_port_};
}

void GatewayHub::stop() {
  if (!running_.exchange(false)) return;
  if (thread_.joinable()) thread_.join();
}

namespace {

// What a gateway's health report may say (gateway-protocol.md): a number or a flag each. Anything
// else in the frame is dropped, so a confused or hostile gateway cannot put text in the API.
json checked_health(const json& report) {
  static const char* const kCounts[] = {"terminals", "queued_frames", "sent", "refused", "heard", "bad_frames", "failed_sessions", "signal"};
  json h = json::object();
  if (report.contains("up") && report["up"].is_boolean()) h["up"] = report["up"];
  for (const char* key : kCounts)
    if (report.contains(key) && report[key].is_number() && report[key].get<double>() >= 0) h[key] = report[key];
  return h;
}

}  // namespace

bool GatewayHub::up(const std::string& channel) const {
  std::lock_guard lock(mutex_);
  auto it = gateways_.find(channel);
  return it != gateways_.end() && clock_.now_ms() - it->second.last_heard <= kGatewayWindowMs && it->second.health.value("up", true);
}

json GatewayHub::status() const {
  std::lock_guard lock(mutex_);
  json out = json::array();
  int64_t now = clock_.now_ms();
  for (const auto& [channel, g] : gateways_) {
    json row = g.health;
    row["channel"] = channel;
    row["up"] = now - g.last_heard <= kGatewayWindowMs && g.health.value("up", true);
    row["last_heard"] = g.last_heard;
    row["failed_sends"] = g.failed_sends;
    row["unreachable"] = g.unreachable;
    out.push_back(std::move(row));
  }
  return out;
}

void GatewayHub::export_metrics(const std::string& channel, const Gateway& g) {
  auto& m = engine_.metrics();
  m.set_gauge("lifeline_gateway_up", "channel", channel, g.health.value("up", true) ? 1 : 0);
  m.set_gauge("lifeline_gateway_failed_sends", "channel", channel, static_cast<double>(g.failed_sends));
  for (const char* key : {"queued_frames", "bad_frames", "refused", "terminals"})
    if (g.health.contains(key)) m.set_gauge(std::string("lifeline_gateway_") + key, "channel", channel, g.health[key].get<double>());
}

bool GatewayHub::send(const std::string& channel, const json& downlink) {
  std::lock_guard lock(mutex_);
  auto it = gateways_.find(channel);
  if (it == gateways_.end()) return false;
  outbox_.emplace_back(it->second.identity, downlink.dump());
  return true;
}

void GatewayHub::publish(const std::string& realm, const std::vector<store::Event>& events) {
  if (feed_subscribers_.load(std::memory_order_relaxed) <= 0) return;
  std::lock_guard lock(mutex_);
  // A PUB socket cannot tell its subscribers apart, so the feed carries only what every user may
  // see (warnings, rules, duty, units, items, drills, link health). What is a partner's own
  // department's it asks for on the ROUTER, where the scope applies (schema/gateway-protocol.md).
  for (const auto& e : events)
    if (e.audience.count(domain::Scope::kEveryone)) feed_.push_back(realm + " " + e.kind + " " + e.to_json().dump());
}

void GatewayHub::loop() {
  while (running_) {
    zmq::pollitem_t items[] = {{impl_->router.handle(), 0, ZMQ_POLLIN, 0},
                               {impl_->pub.handle(), 0, ZMQ_POLLIN, 0},
                               {impl_->zap->socket().handle(), 0, ZMQ_POLLIN, 0}};
    zmq::poll(items, 3, std::chrono::milliseconds(5));
    if (items[2].revents & ZMQ_POLLIN) impl_->zap->serve();
    if (uint64_t r = peers_.revocations(); r != revocations_seen_) {
      revocations_seen_ = r;
      rebind_feed();
    }
    if (items[1].revents & ZMQ_POLLIN) {
      // Partner feed subscriptions: first byte 1 = subscribe, 0 = unsubscribe.
      zmq::message_t sub;
      while (impl_->pub.recv(sub, zmq::recv_flags::dontwait))
        if (sub.size() > 0) feed_subscribers_ += static_cast<const uint8_t*>(sub.data())[0] == 1 ? 1 : -1;
    }
    if (items[0].revents & ZMQ_POLLIN) {
      for (int n = 0; n < 1000; ++n) {
        std::vector<zmq::message_t> parts;
        auto got = zmq::recv_multipart(impl_->router, std::back_inserter(parts), zmq::recv_flags::dontwait);
        if (!got) break;
        if (parts.size() != 2) {
          log_warn("gateway_hub", "frame with wrong part count dropped", {{"parts", parts.size()}});
          continue;
        }
        // Who sent it: the enrolled peer the ZAP handler named, looked up again now so that a
        // revocation holds from the very next frame.
        const char* user_id = zmq_msg_gets(parts[1].handle(), "User-Id");
        auto peer = user_id ? peers_.by_id(user_id) : std::nullopt;
        std::string identity = parts[0].to_string();
        if (!peer) {
          log_warn("gateway_hub", "frame from a revoked or unknown peer dropped", {{"user_id", user_id ? user_id : ""}});
          std::lock_guard lock(mutex_);
          for (auto it = gateways_.begin(); it != gateways_.end();)
            it = it->second.identity == identity ? gateways_.erase(it) : std::next(it);
          continue;
        }
        {
          // Routing ids are the client's choice: a registration whose id now speaks with another
          // key is void, so downlinks never follow a taken-over id.
          std::lock_guard lock(mutex_);
          for (auto it = gateways_.begin(); it != gateways_.end();)
            it = it->second.identity == identity && it->second.peer_id != peer->id ? gateways_.erase(it) : std::next(it);
        }
        json msg;
        auto parsed = parse_untrusted_json(parts[1].to_string_view(), msg);
        if (parsed == JsonParse::too_deep) {
          log_warn("gateway_hub", "frame nested too deep dropped", {{"limit", kMaxJsonDepth}});
          continue;
        }
        if (parsed != JsonParse::ok || !msg.is_object() || !msg.contains("type") || !msg["type"].is_string()) {
          log_warn("gateway_hub", "malformed gateway frame dropped");
          continue;
        }
        try {
          handle(identity, *peer, msg);
        } catch (const std::exception& e) {
          log_warn("gateway_hub", "gateway frame refused", {{"error", e.what()}});
        }
      }
    }
    std::vector<std::pair<std::string, std::string>> out;
    std::vector<std::string> feed;
    {
      std::lock_guard lock(mutex_);
      out.swap(outbox_);
      feed.swap(feed_);
    }
    for (auto& [identity, frame] : out) {
      try {
        impl_->router.send(zmq::buffer(identity), zmq::send_flags::sndmore);
        impl_->router.send(zmq::buffer(frame), zmq::send_flags::dontwait);
      } catch (const zmq::error_t& e) {
        log_warn("gateway_hub", "downlink not sent", {{"error", e.what()}});  // the ack timeout re-routes it
      }
    }
    for (auto& f : feed) impl_->pub.send(zmq::buffer(f), zmq::send_flags::dontwait);
  }
}

void GatewayHub::refuse_gateway(const std::string& identity, const std::string& code, const std::string& en,
                                const std::string& zh) {
  std::lock_guard lock(mutex_);
  outbox_.emplace_back(identity, json{{"type", "error"}, {"error", ApiError(code, en, zh).to_json()}}.dump());
}

void GatewayHub::handle(const std::string& identity, const Peer& peer, const json& msg) {
  const std::string type = msg["type"];
  int64_t now = clock_.now_ms();
  if (type == "req") return handle_request(identity, peer, msg);
  if (peer.kind != "gateway") {
    refuse_gateway(identity, "forbidden", "only enrolled gateways send gateway frames", "只有已登记的网关可发送网关帧");
    throw std::runtime_error("gateway frame from partner " + peer.name);
  }
  std::string channel;
  {
    std::lock_guard lock(mutex_);
    if (type == "hello") {
      // The channel is the enrolled one; the frame may only confirm it.
      auto asked = msg.contains("as") && msg["as"].is_string() ? msg["as"].get<std::string>() : peer.channel;
      if (asked != peer.channel) {
        outbox_.emplace_back(identity, json{{"type", "error"},
                                            {"error", ApiError("forbidden", "gateway " + peer.name + " is enrolled for " + peer.channel + ", not " + asked,
                                                               "网关 " + peer.name + " 登记的信道是 " + peer.channel + "，不是 " + asked).to_json()}}.dump());
        throw std::runtime_error("gateway " + peer.name + " (" + peer.channel + ") said hello as '" + asked + "'");
      }
      channel = peer.channel;
      gateways_[channel] = Gateway{identity, peer.id, now, json{{"up", true}}};
      export_metrics(channel, gateways_[channel]);
      outbox_.emplace_back(identity, json{{"type", "welcome"}, {"channel", channel}}.dump());
      log_info("gateway_hub", "gateway registered", {{"channel", channel}, {"peer", peer.ref()}});
      engine_.wake();
      return;
    }
    for (auto& [ch, g] : gateways_)
      if (g.identity == identity && g.peer_id == peer.id) channel = ch;
    if (channel.empty()) {
      // E.g. the command restarted: ask the gateway to introduce itself again.
      outbox_.emplace_back(identity, json{{"type", "reset"}}.dump());
      return;
    }
    auto& g = gateways_[channel];
    g.last_heard = now;
    if (type == "hb" || type == "health") {
      if (type == "health") {
        g.health = checked_health(msg);
        export_metrics(channel, g);
      }
      return;
    }
    if (type == "sent" && !(msg.contains("ok") && msg["ok"] == true)) {
      ++g.failed_sends;
      if (msg.contains("unreachable") && msg["unreachable"] == true) ++g.unreachable;
      export_metrics(channel, g);
    }
  }
  if (!delivery_) return;
  // Terminals are looked up on the gateway's own channel only: it cannot speak for others'.
  const std::string via = peer.ref();
  if (type == "heard") {
    std::string address = msg.at("address");
    int64_t at = now;
    engine_.post([this, channel, address, at, via] { delivery_->heard(channel, address, at, via); });
  } else if (type == "uplink") {
    std::string address = msg.at("address");
    const auto& body = msg.at("message");
    engine_.post([this, channel, address, at = now, via] { delivery_->heard(channel, address, at, via); });
    if (body.value("kind", "") == "receipt") {
      std::string id = body.at("id"), level = body.value("level", "device"), answer = body.value("answer", "");
      engine_.post([this, channel, address, id, level, answer, via] { delivery_->gateway_ack(channel, address, id, level, answer, via); });
    } else {
      engine_.post([this, channel, address, body, via] { delivery_->gateway_uplink(channel, address, body, via); });
    }
  } else if (type == "sent") {
    auto text = [&](const char* key) { return msg.contains(key) && msg[key].is_string() ? msg[key].get<std::string>() : std::string(); };
    if (!msg.contains("ok") || msg["ok"] != true) {
      std::string ref = text("ref"), error = text("error");
      log_warn("gateway_hub", "gateway could not send", {{"channel", channel}, {"ref", ref}, {"error", error}});
      // Only a terminal out of reach changes routing; anything else waits for the ack timeout.
      if (msg.contains("unreachable") && msg["unreachable"] == true)
        engine_.post([this, channel, ref, error, via] { delivery_->terminal_unreachable(channel, ref, error, via); });
    }
  } else {
    throw std::runtime_error("unknown gateway frame type '" + type + "'");
  }
}

// Partner systems use the same operations as the WebSocket API over ZeroMQ:
// {"type":"req","rid","op","realm"?,"body"} → {"type":"res",...}. They act as their enrolled
// department, identified by their CURVE key: no login, and a token in the frame is refused.
void GatewayHub::handle_request(const std::string& identity, const Peer& peer, const json& msg) {
  json rid = msg.value("rid", json());
  auto refuse = [&](const char* code, const std::string& detail, const std::string& detail_zh = {}) {
    std::lock_guard lock(mutex_);
    outbox_.emplace_back(identity, json{{"type", "res"}, {"rid", rid}, {"ok", false}, {"error", ApiError(code, detail, detail_zh).to_json()}}.dump());
  };
  app::Request r;
  try {
    app::decode_request_frame(msg, 64u << 10, r, rid);
  } catch (const ApiError& e) {
    return refuse(e.code().c_str(), e.detail());
  }
  if (peer.kind != "partner")
    return refuse("forbidden", "gateways send gateway frames, not requests", "网关只发送网关帧，不发请求");
  if (!r.token.empty() || r.op.rfind("auth.", 0) == 0)
    return refuse("forbidden", "a partner system acts as its enrolled department: no login or token over ZeroMQ",
                  "合作系统以其登记的部门身份操作：ZeroMQ 上不登录、不带令牌");
  r.channel = "ip";
  r.remote = "zmq:" + peer.ref();
  r.peer = domain::Actor{"", peer.ref(), "department", peer.unit_id, "", peer.ref()};
  r.reply = [this, identity, rid](json res) {
    res["rid"] = rid;
    std::lock_guard lock(mutex_);
    outbox_.emplace_back(identity, res.dump());
  };
  engine_.submit(std::move(r));
}

}  // namespace lifeline::node

namespace lifeline::node {

void GatewayHub::rebind_feed() {
  // Unbinding ends every connection accepted on the endpoint; subscribers reconnect by themselves
  // and the ZAP handler refuses the revoked key. The port may take a moment to be free again.
  try {
    impl_->pub.unbind(impl_->pub_endpoint);
  } catch (const zmq::error_t& e) {
    log_warn("gateway_hub", "feed unbind failed", {{"error", e.what()}});
    return;
  }
  for (int attempt = 0; attempt < 100; ++attempt) {
    try {
      impl_->pub.bind(impl_->pub_endpoint);
      log_info("gateway_hub", "partner feed re-bound after a revocation");
      return;
    } catch (const zmq::error_t&) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  log_error("gateway_hub", "partner feed could not be re-bound", {{"endpoint", impl_->pub_endpoint}});
}

}  // namespace lifeline::node
