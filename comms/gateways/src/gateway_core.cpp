#include "lifeline/gateway/gateway_core.hpp"

#include <zmq.hpp>

#include "lifeline/log.hpp"
#include "lifeline/untrusted_json.hpp"

namespace lifeline::gateway {

struct GatewayCore::Zmq {
  zmq::context_t ctx{1};
  zmq::socket_t dealer{ctx, zmq::socket_type::dealer};
};

GatewayCore::GatewayCore(boost::asio::io_context& io, Clock& clock, GatewayOptions options, LinkDriver& driver)
    : clock_(clock), options_(std::move(options)), driver_(driver), queue_(options_.interval_ms), timer_(io),
      zmq_(std::make_unique<Zmq>()) {}

GatewayCore::~GatewayCore() = default;

void GatewayCore::start() {
  zmq_->dealer.set(zmq::sockopt::linger, 0);
  zmq_->dealer.set(zmq::sockopt::routing_id, options_.gateway_id);
  zmq_->dealer.set(zmq::sockopt::maxmsgsize, static_cast<int64_t>(1 << 20));
  // The command admits only enrolled keys; the server key makes sure this is the real command.
  zmq_->dealer.set(zmq::sockopt::curve_serverkey, options_.server_public_key);
  zmq_->dealer.set(zmq::sockopt::curve_publickey, options_.keys.public_key);
  zmq_->dealer.set(zmq::sockopt::curve_secretkey, options_.keys.secret_key);
  zmq_->dealer.connect(options_.command);
  driver_.start(*this);
  poll();
}

void GatewayCore::to_command(const json& msg) {
  auto text = msg.dump();
  zmq_->dealer.send(zmq::buffer(text), zmq::send_flags::dontwait);
}

void GatewayCore::poll() {
  int64_t now = clock_.now_ms();
  // Steady time for heartbeats: they keep the command's view of this gateway fresh even when a
  // manual clock stands still.
  int64_t wall = SystemClock().now_ms();
  if (!welcomed_ && wall - last_hello_ >= 500) {
    to_command({{"type", "hello"}, {"link", options_.link}, {"as", options_.channel}, {"gateway_id", options_.gateway_id}});
    last_hello_ = wall;
  }
  if (wall - last_hb_ >= 1000) {
    auto h = driver_.health();
    h["type"] = "health";
    h["queue_depth"] = queue_.depth();
    to_command(h);
    last_hb_ = wall;
  }
  for (int i = 0; i < 1000; ++i) {
    zmq::message_t msg;
    auto got = zmq_->dealer.recv(msg, zmq::recv_flags::dontwait);
    if (!got) break;
    json j;
    if (parse_untrusted_json(msg.to_string_view(), j) != JsonParse::ok || !j.is_object()) {
      log_warn("gateway", "malformed frame from the command dropped");
      continue;
    }
    on_command(j);
  }
  for (auto& d : queue_.due(now)) driver_.send(d);
  timer_.expires_after(std::chrono::milliseconds(5));
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) poll();
  });
}

void GatewayCore::on_command(const json& msg) {
  const std::string type = msg.value("type", "");
  if (type == "welcome") {
    if (!welcomed_) log_info("gateway", "registered with the command", {{"channel", options_.channel}});
    welcomed_ = true;
  } else if (type == "reset") {
    welcomed_ = false;  // the command does not know us (it restarted): hello again
    last_hello_ = 0;
  } else if (type == "error") {
    // E.g. hello for a channel this gateway is not enrolled for: say so, keep trying (the admin may fix it).
    log_error("gateway", "the command refused this gateway", {{"error", msg.value("error", json::object())}});
  } else if (type == "downlink") {
    Downlink d;
    d.ref = msg.value("ref", "");
    d.address = msg.value("address", "");
    d.precedence = msg.value("precedence", "routine");
    d.envelope = msg.value("envelope", json::object());
    if (d.ref.empty() || d.address.empty()) {
      log_warn("gateway", "downlink without ref or address dropped");
      return;
    }
    queue_.push(std::move(d), clock_.now_ms());
  } else {
    log_warn("gateway", "unknown frame from the command", {{"type", type}});
  }
}

void GatewayCore::heard(const std::string& address) { to_command({{"type", "heard"}, {"address", address}}); }

void GatewayCore::uplink(const std::string& address, const json& message) {
  to_command({{"type", "uplink"}, {"address", address}, {"message", message}});
}

void GatewayCore::sent(const std::string& ref, bool ok, const std::string& error) {
  json m = {{"type", "sent"}, {"ref", ref}, {"ok", ok}};
  if (!error.empty()) m["error"] = error;
  to_command(m);
}

void GatewayCore::unreachable(const std::string& ref, const std::string& why) {
  to_command({{"type", "sent"}, {"ref", ref}, {"ok", false}, {"error", why}, {"unreachable", true}});
}

}  // namespace lifeline::gateway
