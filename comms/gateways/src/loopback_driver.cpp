#include "lifeline/gateway/loopback_driver.hpp"

#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>
#include <deque>

#include "lifeline/log.hpp"
#include "lifeline/untrusted_json.hpp"

namespace lifeline::gateway {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

struct LoopbackDriver::Session : std::enable_shared_from_this<Session> {
  LoopbackDriver& driver;
  tcp::socket socket;
  asio::streambuf buffer{kMaxLine};
  std::string address;
  std::deque<std::string> writes;  // one write in flight; the rest wait here

  Session(LoopbackDriver& d, tcp::socket s) : driver(d), socket(std::move(s)) {}

  void read() {
    asio::async_read_until(socket, buffer, '\n', [self = shared_from_this()](boost::system::error_code ec, size_t n) {
      if (ec) return self->close();
      std::string line(asio::buffers_begin(self->buffer.data()), asio::buffers_begin(self->buffer.data()) + n);
      self->buffer.consume(n);
      self->on_line(line);
      self->read();
    });
  }

  void on_line(const std::string& line) {
    json j;
    auto parsed = parse_untrusted_json(line, j);
    if (parsed == JsonParse::too_deep) return write({{"type", "error"}, {"error", "json_too_deep"}});
    if (parsed != JsonParse::ok || !j.is_object()) return write({{"type", "error"}, {"error", "bad_json"}});
    const std::string type = j.value("type", "");
    if (type == "hello" && j.contains("address") && j["address"].is_string()) {
      if (!address.empty()) driver.by_address_[address].erase(shared_from_this());
      address = j["address"];
      driver.by_address_[address].insert(shared_from_this());
      driver.sink_->heard(address);
    } else if (address.empty()) {
      write({{"type", "error"}, {"error", "say hello first"}});
    } else if (type == "uplink" && j.contains("message") && j["message"].is_object()) {
      driver.sink_->uplink(address, j["message"]);
    } else if (type == "hb") {
      driver.sink_->heard(address);
    } else {
      write({{"type", "error"}, {"error", "unknown frame"}});
    }
  }

  void write(const json& frame) {
    writes.push_back(frame.dump() + "\n");
    if (writes.size() == 1) flush();
  }

  void flush() {
    asio::async_write(socket, asio::buffer(writes.front()), [self = shared_from_this()](boost::system::error_code ec, size_t) {
      if (ec) return self->close();
      self->writes.pop_front();
      if (!self->writes.empty()) self->flush();
    });
  }

  void close() {
    boost::system::error_code ec;
    socket.close(ec);
    if (!address.empty()) driver.by_address_[address].erase(shared_from_this());
  }
};

LoopbackDriver::LoopbackDriver(asio::io_context& io, const std::string& listen, int port)
    : acceptor_(io, tcp::endpoint(asio::ip::make_address(listen), static_cast<uint16_t>(port))) {
  port_ = acceptor_.local_endpoint().port();
}

void LoopbackDriver::start(UplinkSink& sink) {
  sink_ = &sink;
  accept();
}

void LoopbackDriver::accept() {
  acceptor_.async_accept([this](boost::system::error_code ec, tcp::socket socket) {
    if (!ec) std::make_shared<Session>(*this, std::move(socket))->read();
    if (acceptor_.is_open()) accept();
  });
}

void LoopbackDriver::send(const Downlink& d) {
  auto it = by_address_.find(d.address);
  if (it == by_address_.end() || it->second.empty()) {
    sink_->unreachable(d.ref, "terminal " + d.address + " not attached");
    return;
  }
  for (auto& s : it->second) s->write({{"type", "downlink"}, {"ref", d.ref}, {"envelope", d.envelope}});
  sink_->sent(d.ref, true, "");
}

json LoopbackDriver::health() const {
  size_t n = 0;
  for (const auto& [a, s] : by_address_) n += s.size();
  return {{"up", true}, {"terminals", n}};
}

}  // namespace lifeline::gateway
