#include "lifeline/testing/ws_client.hpp"

#include <arpa/inet.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <sys/socket.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <stdexcept>
#include <variant>

namespace lifeline::testing {

namespace beast = boost::beast;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using PlainWs = beast::websocket::stream<beast::tcp_stream>;
using TlsWs = beast::websocket::stream<beast::ssl_stream<beast::tcp_stream>>;

struct WsClient::Impl {
  asio::io_context ioc;
  asio::ssl::context tls{asio::ssl::context::tls_client};
  std::variant<std::unique_ptr<PlainWs>, std::unique_ptr<TlsWs>> ws;
  bool open = false;
  // One read stays pending across timeouts (a cancelled websocket read would spoil the stream).
  bool reading = false, done = false;
  beast::error_code result;
  beast::flat_buffer buffer;

  template <class F>
  decltype(auto) with_ws(F&& f) {
    return std::visit([&](auto& p) -> decltype(auto) { return f(*p); }, ws);
  }
  template <class F>
  decltype(auto) with_ws(F&& f) const {
    return std::visit([&](const auto& p) -> decltype(auto) { return f(*p); }, ws);
  }

  template <class Ws>
  void handshake(Ws& ws, const std::string& host) {
    ws.set_option(beast::websocket::stream_base::timeout::suggested(beast::role_type::client));
    ws.read_message_max(64 << 20);
    ws.handshake(host, "/");
    open = true;
  }
};

WsClient::WsClient(const std::string& host, int port) : WsClient(host, port, std::vector<std::pair<std::string, std::string>>{}) {}

WsClient::WsClient(const std::string& host, int port, const std::vector<std::pair<std::string, std::string>>& headers)
    : impl_(std::make_unique<Impl>()) {
  tcp::resolver resolver(impl_->ioc);
  auto results = resolver.resolve(host, std::to_string(port));
  auto ws = std::make_unique<PlainWs>(impl_->ioc);
  if (!headers.empty())
    ws->set_option(beast::websocket::stream_base::decorator([headers](beast::websocket::request_type& req) {
      for (const auto& [name, value] : headers) req.set(name, value);
    }));
  beast::get_lowest_layer(*ws).connect(results);
  impl_->handshake(*ws, host);
  impl_->ws = std::move(ws);
}

WsClient::WsClient(const std::string& host, int port, const std::string& ca_file) : impl_(std::make_unique<Impl>()) {
  auto& i = *impl_;
  i.tls.load_verify_file(ca_file);
  i.tls.set_verify_mode(asio::ssl::verify_peer);
  tcp::resolver resolver(i.ioc);
  auto results = resolver.resolve(host, std::to_string(port));
  auto ws = std::make_unique<TlsWs>(i.ioc, i.tls);
  SSL* ssl = ws->next_layer().native_handle();
  unsigned char ip[16];
  if (inet_pton(AF_INET, host.c_str(), ip) == 1) X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host.c_str());
  else SSL_set1_host(ssl, host.c_str());
  beast::get_lowest_layer(*ws).connect(results);
  ws->next_layer().handshake(asio::ssl::stream_base::client);
  impl_->handshake(*ws, host);
  impl_->ws = std::move(ws);
}

WsClient::~WsClient() {
  if (impl_->open)
    impl_->with_ws([](auto& ws) {
      beast::error_code ec;
      beast::get_lowest_layer(ws).socket().shutdown(tcp::socket::shutdown_both, ec);
    });
}

bool WsClient::is_open() const {
  return impl_->open && impl_->with_ws([](const auto& ws) { return ws.is_open(); });
}
int WsClient::close_code() const {
  return impl_->with_ws([](const auto& ws) { return static_cast<int>(ws.reason().code); });
}
std::string WsClient::close_reason() const {
  return impl_->with_ws([](const auto& ws) {
    const auto& r = ws.reason().reason;
    return std::string(r.data(), r.size());
  });
}

void WsClient::send_text(const std::string& text) {
  impl_->with_ws([&](auto& ws) {
    ws.text(true);
    ws.write(asio::buffer(text));
  });
}

std::optional<json> WsClient::read_one(std::chrono::milliseconds timeout) {
  if (!is_open()) return std::nullopt;
  auto& i = *impl_;
  if (!i.reading) {
    i.reading = true;
    i.done = false;
    i.buffer.clear();
    i.with_ws([&i](auto& ws) {
      ws.async_read(i.buffer, [&i](beast::error_code ec, size_t) {
        i.result = ec;
        i.done = true;
      });
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
