#include "lifeline/node/gateway_hub.hpp"

#include <zmq.hpp>
#include <zmq_addon.hpp>

#include "lifeline/api_error.hpp"
#include "lifeline/delivery/delivery_service.hpp"
#include "lifeline/log.hpp"
#include "lifeline/time_format.hpp"
#include "lifeline/untrusted_json.hpp"

namespace lifeline::node {

using nlohmann::json;

struct GatewayHub::Impl {
  zmq::context_t ctx{1};
  zmq::socket_t router{ctx, zmq::socket_type::router};
  zmq::socket_t pub{ctx, zmq::socket_type::xpub};  // XPUB: we see subscriptions, so no one means no work
};

GatewayHub::GatewayHub(app::Engine& engine, Clock& clock, std::string listen, int router_port, int pub_port)
    : engine_(engine), clock_(clock), listen_(std::move(listen)), router_port_(router_port), pub_port_(pub_port),
      impl_(std::make_unique<Impl>()) {}

GatewayHub::~GatewayHub() { stop(); }

namespace {
int bind_port(zmq::socket_t& s, const std::string& host, int port) {
  s.set(zmq::sockopt::linger, 0);
  s.bind("tcp://" + host + ":" + (port == 0 ? std::string("*") : std::to_string(port)));
  std::string endpoint = s.get(zmq::sockopt::last_endpoint);
  return std::stoi(endpoint.substr(endpoint.rfind(':') + 1));
}
}  // namespace

std::pair<int, int> GatewayHub::start() {
  impl_->router.set(zmq::sockopt::router_mandatory, 1);
  impl_->router.set(zmq::sockopt::maxmsgsize, static_cast<int64_t>(1 << 20));  // oversized frames are dropped by ZeroMQ
  router_port_ = bind_port(impl_->router, listen_, router_port_);
  pub_port_ = bind_port(impl_->pub, listen_, pub_port_);
  running_ = true;
  thread_ = std::thread([this] { loop(); });
  return {router_port_, pub_port_};
}

void GatewayHub::stop() {
  if (!running_.exchange(false)) return;
  if (thread_.joinable()) thread_.join();
}

bool GatewayHub::up(const std::string& channel) const {
  std::lock_guard lock(mutex_);
  auto it = gateways_.find(channel);
  return it != gateways_.end() && clock_.now_ms() - it->second.last_heard <= kGatewayWindowMs &&
         it->second.health.value("up", true);
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
  for (const auto& e : events) feed_.push_back(realm + " " + e.kind + " " + e.to_json().dump());
}

void GatewayHub::loop() {
  while (running_) {
    zmq::pollitem_t items[] = {{impl_->router.handle(), 0, ZMQ_POLLIN, 0}, {impl_->pub.handle(), 0, ZMQ_POLLIN, 0}};
    zmq::poll(items, 2, std::chrono::milliseconds(5));
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
          handle(parts[0].to_string(), msg);
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

void GatewayHub::handle(const std::string& identity, const json& msg) {
  const std::string type = msg["type"];
  int64_t now = clock_.now_ms();
  if (type == "req") return handle_request(identity, msg);
  std::string channel;
  {
    std::lock_guard lock(mutex_);
    if (type == "hello") {
      channel = msg.value("as", msg.value("link", ""));
      static const char* known[] = {"pdt", "beidou", "iridium", "tiantong", "sms"};
      bool ok = false;
      for (auto* k : known) ok |= channel == k;
      if (!ok) throw std::runtime_error("hello for unknown channel '" + channel + "'");
      gateways_[channel] = Gateway{identity, now, json{{"up", true}}};
      outbox_.emplace_back(identity, json{{"type", "welcome"}, {"channel", channel}}.dump());
      log_info("gateway_hub", "gateway registered", {{"channel", channel}, {"link", msg.value("link", "")}});
      engine_.wake();
      return;
    }
    for (auto& [ch, g] : gateways_)
      if (g.identity == identity) channel = ch;
    if (channel.empty()) {
      // E.g. the command restarted: ask the gateway to introduce itself again.
      outbox_.emplace_back(identity, json{{"type", "reset"}}.dump());
      return;
    }
    auto& g = gateways_[channel];
    g.last_heard = now;
    if (type == "hb" || type == "health") {
      if (type == "health") g.health = msg;
      return;
    }
  }
  if (!delivery_) return;
  if (type == "heard") {
    std::string address = msg.at("address");
    int64_t at = now;
    engine_.post([this, channel, address, at] { delivery_->heard(channel, address, at); });
  } else if (type == "uplink") {
    std::string address = msg.at("address");
    const auto& body = msg.at("message");
    engine_.post([this, channel, address, at = now] { delivery_->heard(channel, address, at); });
    if (body.value("kind", "") == "receipt") {
      std::string id = body.at("id"), level = body.value("level", "device"), answer = body.value("answer", "");
      engine_.post([this, channel, address, id, level, answer] { delivery_->gateway_ack(channel, address, id, level, answer); });
    } else {
      engine_.post([this, channel, address, body] { delivery_->gateway_uplink(channel, address, body); });
    }
  } else if (type == "sent") {
    if (!msg.value("ok", false))
      log_warn("gateway_hub", "gateway could not send", {{"channel", channel}, {"ref", msg.value("ref", "")}, {"error", msg.value("error", "")}});
  } else {
    throw std::runtime_error("unknown gateway frame type '" + type + "'");
  }
}

// Partner systems (and tools) use the same operations as the WebSocket API over ZeroMQ:
// {"type":"req","rid","op","token"?,"realm"?,"body"} → {"type":"res",...}. A token from auth.login is
// remembered per ZeroMQ identity, like a WebSocket connection's.
void GatewayHub::handle_request(const std::string& identity, const json& msg) {
  json rid = msg.value("rid", json());
  auto refuse = [&](const char* code, const std::string& detail) {
    std::lock_guard lock(mutex_);
    outbox_.emplace_back(identity, json{{"type", "res"}, {"rid", rid}, {"ok", false}, {"error", ApiError(code, detail).to_json()}}.dump());
  };
  app::Request r;
  try {
    app::decode_request_frame(msg, 64u << 10, r, rid);
  } catch (const ApiError& e) {
    return refuse(e.code().c_str(), e.detail());
  }
  r.channel = "ip";
  r.remote = "zmq:" + identity;
  {
    std::lock_guard lock(mutex_);
    auto t = tokens_.find(identity);
    if (r.token.empty() && t != tokens_.end()) r.token = t->second;
  }
  std::string op = r.op;
  r.reply = [this, identity, rid, op](json res) {
    res["rid"] = rid;
    std::lock_guard lock(mutex_);
    if (op == "auth.login" && res.value("ok", false)) tokens_[identity] = res["result"].value("token", "");
    if (op == "auth.logout" && res.value("ok", false)) tokens_.erase(identity);
    outbox_.emplace_back(identity, res.dump());
  };
  engine_.submit(std::move(r));
}

}  // namespace lifeline::node
