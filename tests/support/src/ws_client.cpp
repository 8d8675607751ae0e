#include "lifeline/testing/ws_client.hpp"

#include <sys/socket.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <stdexcept>

namespace lifeline::testing {

namespace beast = boost::beast;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

struct WsClient::Impl {
  asio::io_context ioc;
  beast::websocket::stream<beast::tcp_stream> ws{ioc};
  bool open = false;
  // One read stays pending across timeouts (a cancelled websocket read would spoil the stream).
  bool reading = false, done = false;
  beast::error_code result;
  beast::flat_buffer buffer;
};

WsClient::WsClient(const std::string& host, int port) : impl_(std::make_unique<Impl>()) {
  tcp::resolver resolver(impl_->ioc);
  auto results = resolver.resolve(host, std::to_string(port));
  beast::get_lowest_layer(impl_->ws).connect(results);
  impl_->ws.set_option(beast::websocket::stream_base::timeout::suggested(beast::role_type::client));
  impl_->ws.read_message_max(64 << 20);
  impl_->ws.handshake(host, "/");
  impl_->open = true;
}

WsClient::~WsClient() {
  if (impl_->open) {
    beast::error_code ec;
    beast::get_lowest_layer(impl_->ws).socket().shutdown(tcp::socket::shutdown_both, ec);
  }
}

bool WsClient::is_open() const { return impl_->open && impl_->ws.is_open(); }
int WsClient::close_code() const { return impl_->ws.reason().code; }
std::string WsClient::close_reason() const {
  const auto& r = impl_->ws.reason().reason;
  return std::string(r.data(), r.size());
}

void WsClient::send_text(const std::string& text) {
  impl_->ws.text(true);
  impl_->ws.write(asio::buffer(text));
}

std::optional<json> WsClient::read_one(std::chrono::milliseconds timeout) {
  if (!is_open()) return std::nullopt;
  auto& i = *impl_;
  if (!i.reading) {
    i.reading = true;
    i.done = false;
    i.buffer.clear();
    i.ws.async_read(i.buffer, [&i](beast::error_code ec, size_t) {
      i.result = ec;
      i.done = true;
    });
  }
  i.ioc.restart();
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!i.done && std::chrono::steady_clock::now() < deadline) i.ioc.run_one_until(deadline);
  if (!i.done) return std::nullopt;
  i.reading = false;
  if (i.result) {
    i.open = false;
    return std::nullopt;
  }
  return json::parse(beast::buffers_to_string(i.buffer.data()));
}

std::optional<json> WsClient::next_frame(std::chrono::milliseconds timeout) {
  if (!pending_.empty()) {
    auto f = pending_.front();
    pending_.pop_front();
    return f;
  }
  return read_one(timeout);
}

std::optional<json> WsClient::next_of(const std::string& type, std::chrono::milliseconds timeout) {
  for (auto it = pending_.begin(); it != pending_.end(); ++it)
    if (it->value("type", "") == type) {
      auto f = *it;
      pending_.erase(it);
      return f;
    }
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    auto f = read_one(left);
    if (!f) return std::nullopt;
    if (f->value("type", "") == type) return f;
    pending_.push_back(*f);
  }
  return std::nullopt;
}

json WsClient::call(const std::string& op, const json& body, const std::string& realm) {
  std::string rid = "t" + std::to_string(next_rid_++);
  json frame = {{"type", "req"}, {"rid", rid}, {"op", op}, {"body", body}};
  if (realm != "live") frame["realm"] = realm;
  send(frame);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    auto f = read_one(left);
    if (!f) break;
    if (f->value("type", "") == "res" && f->value("rid", json()) == rid) return *f;
    pending_.push_back(*f);
  }
  throw std::runtime_error("no response to " + op);
}

json WsClient::ok(const std::string& op, const json& body, const std::string& realm) {
  auto res = call(op, body, realm);
  if (!res.value("ok", false)) throw std::runtime_error(op + " failed: " + res.dump());
  return res["result"];
}

json WsClient::login(const std::string& username, const std::string& password) {
  return ok("auth.login", {{"username", username}, {"password", password}});
}

}  // namespace lifeline::testing
