// Asynchronous WebSocket JSON connections for load generation (Boost.Beast, one io_context thread
// drives thousands of them). One write in flight per connection; the rest queue.
#pragma once
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <cstdio>
#include <deque>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

namespace bench {

namespace beast = boost::beast;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using nlohmann::json;

class AsyncWs : public std::enable_shared_from_this<AsyncWs> {
 public:
  using OnFrame = std::function<void(AsyncWs&, const json&)>;
  AsyncWs(asio::io_context& io, OnFrame on_frame) : ws_(io), on_frame_(std::move(on_frame)) {}

  void connect(const tcp::endpoint& ep, std::function<void(AsyncWs&)> ready) {
    beast::get_lowest_layer(ws_).async_connect(ep, [self = shared_from_this(), ready](beast::error_code ec) {
      if (ec) return (void)std::fprintf(stderr, "connect: %s\n", ec.message().c_str());
      self->ws_.next_layer().socket().set_option(tcp::no_delay(true));
      self->ws_.async_handshake("127.0.0.1", "/", [self, ready](beast::error_code ec2) {
        if (ec2) return (void)std::fprintf(stderr, "handshake: %s\n", ec2.message().c_str());
        self->ws_.text(true);
        self->open_ = true;
        self->read();
        ready(*self);
        if (!self->out_.empty() && !self->writing_) self->write();
      });
    });
  }
  void send(const json& frame) {
    out_.push_back(frame.dump());
    if (open_ && !writing_) write();
  }
  std::string tag;  // free use by the caller
  int inflight = 0;

 private:
  void read() {
    ws_.async_read(buf_, [self = shared_from_this()](beast::error_code ec, size_t) {
      if (ec) return;
      auto j = json::parse(beast::buffers_to_string(self->buf_.data()), nullptr, false);
      self->buf_.consume(self->buf_.size());
      if (!j.is_discarded()) self->on_frame_(*self, j);
      self->read();
    });
  }
  void write() {
    writing_ = true;
    ws_.async_write(asio::buffer(out_.front()), [self = shared_from_this()](beast::error_code ec, size_t) {
      self->writing_ = false;
      if (ec) return;
      self->out_.pop_front();
      if (!self->out_.empty()) self->write();
    });
  }
  beast::websocket::stream<beast::tcp_stream> ws_;
  beast::flat_buffer buf_;
  std::deque<std::string> out_;
  bool open_ = false, writing_ = false;
  OnFrame on_frame_;
};

}  // namespace bench
