#include "lifeline/field/ws_link.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <algorithm>
#include <variant>

#include "lifeline/field/local_db.hpp"
#include "lifeline/field/strings.hpp"
#include "lifeline/field/tls_client.hpp"
#include "lifeline/field/ws_url.hpp"
#include "lifeline/untrusted_json.hpp"

namespace lifeline::field {

namespace beast = boost::beast;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using PlainWs = beast::websocket::stream<beast::tcp_stream>;
using TlsWs = beast::websocket::stream<beast::ssl_stream<beast::tcp_stream>>;

struct WsLink::Impl {
  asio::io_context ioc;
  std::string ca_pem;
  std::unique_ptr<asio::ssl::context> tls;  // outlives the stream that uses it
  std::variant<std::monostate, std::unique_ptr<PlainWs>, std::unique_ptr<TlsWs>> ws;
  bool open = false;
  // One read stays pending across poll timeouts (cancelling a websocket read spoils the stream).
  bool reading = false, done = false;
  beast::error_code result;
  beast::flat_buffer buffer;
  std::function<void()> while_waiting;
  bool in_hook = false;

  // Calls f(stream) for the open stream of either kind; false when there is none.
  template <class F>
  bool with_ws(F&& f) {
    return std::visit(
        [&](auto& p) {
          if constexpr (std::is_same_v<std::decay_t<decltype(p)>, std::monostate>) {
            return false;
          } else {
            f(*p);
            return true;
          }
        },
        ws);
  }

  // Runs the io_context until `flag` or the deadline.
  // Runs the io_context until `flag` or the deadline, serving `while_waiting` every 20 ms.
  bool run_until(bool& flag, std::chrono::steady_clock::time_point deadline) {
    ioc.restart();
    while (!flag && std::chrono::steady_clock::now() < deadline) {
      auto slice = std::min(deadline, std::chrono::steady_clock::now() + std::chrono::milliseconds(20));
      if (ioc.run_one_until(slice) == 0 && ioc.stopped()) ioc.restart();
      if (!flag && while_waiting && !in_hook) {
        in_hook = true;
        while_waiting();
        in_hook = false;
      }
    }
    return flag;
  }

  // Runs one asynchronous step `start(handler)` to completion or the deadline.
  bool step(std::chrono::steady_clock::time_point deadline, beast::error_code& ec,
            const std::function<void(std::function<void(beast::error_code)>)>& start) {
    bool finished = false;
    start([&](beast::error_code e) {
      ec = e;
      finished = true;
    });
    if (!run_until(finished, deadline)) {
      ec = beast::error::timeout;
      return false;
    }
    return !ec;
  }
};

WsLink::WsLink() : impl_(std::make_unique<Impl>()) {}
WsLink::~WsLink() { close(); }

void WsLink::while_waiting(std::function<void()> f) { impl_->while_waiting = std::move(f); }

void WsLink::set_trusted_ca(std::string ca_pem) {
  if (ca_pem == impl_->ca_pem) return;  // the daemon sets it before every retry: keep the context
  impl_->ca_pem = std::move(ca_pem);
  impl_->tls.reset();
}

bool WsLink::connect(const std::string& url, std::chrono::milliseconds timeout, std::string& error) {
  close();
  error_code_.clear();
  auto fail = [&](const std::string& code, const std::string& detail) {
    error_code_ = code;
    error = code.empty() ? detail : tr_both(code) + (detail.empty() ? "" : " (" + detail + ")");
    close();
    return false;
  };
  auto u = parse_ws_url(url);
  if (!u) return fail("bad_url", url);
  auto& i = *impl_;
  i.ioc.restart();
  i.reading = false;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  beast::error_code ec;
  tcp::resolver resolver(i.ioc);
  auto results = resolver.resolve(u->host, u->port, ec);
  if (ec) return fail("", ec.message());

  SSL* ssl = nullptr;
  if (u->tls) {
    try {
      if (!i.tls) i.tls = make_client_tls_context(i.ca_pem);
    } catch (const FieldError& e) {
      return fail(e.code, e.detail);
    }
    auto stream = std::make_unique<TlsWs>(i.ioc, *i.tls);
    ssl = stream->next_layer().native_handle();
    if (!expect_server_name(ssl, u->host)) return fail("tls_failed", "cannot check the name " + u->host);
    i.ws = std::move(stream);
  } else {
    i.ws = std::make_unique<PlainWs>(i.ioc);
  }
  i.with_ws([&](auto& ws) { beast::get_lowest_layer(ws).expires_after(timeout); });
  bool ok = false;
  i.with_ws([&](auto& ws) {
    ok = i.step(deadline, ec, [&](auto done) {
      beast::get_lowest_layer(ws).async_connect(results, [done](beast::error_code e, const tcp::endpoint&) { done(e); });
    });
  });
  if (!ok) return fail("", ec == beast::error::timeout ? "connect timed out" : ec.message());
  i.with_ws([&](auto& ws) { beast::get_lowest_layer(ws).socket().set_option(tcp::no_delay(true), ec); });
  if (auto* tls_ws = std::get_if<std::unique_ptr<TlsWs>>(&i.ws)) {
    auto& ws = **tls_ws;
    if (!i.step(deadline, ec, [&](auto done) { ws.next_layer().async_handshake(asio::ssl::stream_base::client, done); })) {
      std::string why;
      std::string code = classify_handshake_failure(ssl, why);
      return fail(code, why.empty() ? ec.message() : why);
    }
  }
  i.with_ws([&](auto& ws) {
    ok = i.step(deadline, ec, [&](auto done) { ws.async_handshake(u->host_header(), u->path, done); });
  });
  if (!ok) return fail("", ec == beast::error::timeout ? "handshake timed out" : ec.message());
  i.with_ws([&](auto& ws) {
    beast::get_lowest_layer(ws).expires_never();
    // The read deadline: a ping after half of it without a frame, closed after all of it. The
    // server answers pings by itself (RFC 6455 §5.5.2), so a quiet but live link never trips it.
    ws.set_option(beast::websocket::stream_base::timeout{timeout, read_deadline_, true});
    ws.read_message_max(8 << 20);
    ws.text(true);
  });
  i.open = true;
  return true;
}

bool WsLink::is_open() const {
  bool stream_open = false;
  impl_->with_ws([&](auto& ws) { stream_open = ws.is_open(); });
  return impl_->open && stream_open;
}

bool WsLink::send(const nlohmann::json& frame) {
  if (!is_open()) return false;
  auto text = frame.dump();
  beast::error_code ec;
  // Writes are bounded by the TCP send buffer; a stalled peer shows up as a heartbeat timeout.
  impl_->with_ws([&](auto& ws) { ws.write(asio::buffer(text), ec); });
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
    i.with_ws([&i](auto& ws) {
      ws.async_read(i.buffer, [&i](beast::error_code ec, size_t) {
        i.result = ec;
        i.done = true;
      });
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
  bool had = i.with_ws([](auto& ws) {
    beast::error_code ec;
    beast::get_lowest_layer(ws).socket().shutdown(tcp::socket::shutdown_both, ec);
    beast::get_lowest_layer(ws).socket().close(ec);
  });
  if (had) {
    // Let a pending operation finish with its error before the stream goes away.
    i.ioc.restart();
    i.ioc.poll();
    i.ws = std::monostate{};
  }
  i.open = false;
  i.reading = false;
}

}  // namespace lifeline::field
