#include "lifeline/field/ws_link.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include "lifeline/untrusted_json.hpp"

namespace lifeline::field {

namespace beast = boost::beast;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

struct WsLink::Impl {
  asio::io_context ioc;
  std::unique_ptr<beast::websocket::stream<beast::tcp_stream>> ws;
  bool open = false;
  // One read stays pending across poll timeouts (cancelling a websocket read spoils the stream).
  bool reading = false, done = false;
  beast::error_code result;
  beast::flat_buffer buffer;

  // Runs the io_context until `flag` or the deadline.
  bool run_until(bool& flag, std::chrono::steady_clock::time_point deadline) {
    ioc.restart();
    while (!flag && std::chrono::steady_clock::now() < deadline)
      if (ioc.run_one_until(deadline) == 0 && ioc.stopped()) ioc.restart();
    return flag;
  }
};

WsLink::WsLink() : impl_(std::make_unique<Impl>()) {}
WsLink::~WsLink() { close(); }

bool WsLink::connect(const std::string& url, std::chrono::milliseconds timeout, std::string& error) {
  close();
  std::string rest = url.rfind("ws://", 0) == 0 ? url.substr(5) : url;
  auto slash = rest.find('/');
  std::string hostport = rest.substr(0, slash), path = slash == std::string::npos ? "/" : rest.substr(slash);
  auto colon = hostport.rfind(':');
  if (colon == std::string::npos) {
    error = "server address must be ws://HOST:PORT";
    return false;
  }
  std::string host = hostport.substr(0, colon), port = hostport.substr(colon + 1);
  auto& i = *impl_;
  i.ioc.restart();
  i.ws = std::make_unique<beast::websocket::stream<beast::tcp_stream>>(i.ioc);
  i.reading = false;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  beast::error_code ec;
  tcp::resolver resolver(i.ioc);
  auto results = resolver.resolve(host, port, ec);
  if (ec) {
    error = ec.message();
    return false;
  }
  bool step_done = false;
  beast::get_lowest_layer(*i.ws).expires_after(timeout);
  beast::get_lowest_layer(*i.ws).async_connect(results, [&](beast::error_code e, const tcp::endpoint&) {
    ec = e;
    step_done = true;
  });
  if (!i.run_until(step_done, deadline) || ec) {
    error = step_done ? ec.message() : "connect timed out";
    close();
    return false;
  }
  beast::get_lowest_layer(*i.ws).socket().set_option(tcp::no_delay(true), ec);
  step_done = false;
  i.ws->async_handshake(host, path, [&](beast::error_code e) {
    ec = e;
    step_done = true;
  });
  if (!i.run_until(step_done, deadline) || ec) {
    error = step_done ? ec.message() : "handshake timed out";
    close();
    return false;
  }
  beast::get_lowest_layer(*i.ws).expires_never();
  i.ws->read_message_max(8 << 20);
  i.ws->text(true);
  i.open = true;
  return true;
}

bool WsLink::is_open() const { return impl_->open && impl_->ws && impl_->ws->is_open(); }

bool WsLink::send(const nlohmann::json& frame) {
  if (!is_open()) return false;
  auto text = frame.dump();
  beast::error_code ec;
  // Writes are bounded by the TCP send buffer; a stalled peer shows up as a heartbeat timeout.
  impl_->ws->write(asio::buffer(text), ec);
  if (ec) {
    impl_->open = false;
    return false;
  }
  bytes_sent_ += text.size();
  return true;
}

std::optional<nlohmann::json> WsLink::poll(std::chrono::milliseconds timeout) {
  if (!is_open()) return std::nullopt;
  auto& i = *impl_;
  if (!i.reading) {
    i.reading = true;
    i.done = false;
    i.buffer.clear();
    i.ws->async_read(i.buffer, [&i](beast::error_code ec, size_t) {
      i.result = ec;
      i.done = true;
    });
  }
  if (!i.run_until(i.done, std::chrono::steady_clock::now() + timeout)) return std::nullopt;
  i.reading = false;
  if (i.result) {
    i.open = false;
    return std::nullopt;
  }
  nlohmann::json parsed;
  if (parse_untrusted_json(beast::buffers_to_string(i.buffer.data()), parsed) != JsonParse::ok || !parsed.is_object())
    return nlohmann::json::object();
  return parsed;
}

void WsLink::close() {
  auto& i = *impl_;
  if (i.ws) {
    beast::error_code ec;
    beast::get_lowest_layer(*i.ws).socket().shutdown(tcp::socket::shutdown_both, ec);
    beast::get_lowest_layer(*i.ws).socket().close(ec);
    // Let a pending read finish with its error before the stream goes away.
    i.ioc.restart();
    i.ioc.poll();
    i.ws.reset();
  }
  i.open = false;
  i.reading = false;
}

}  // namespace lifeline::field
