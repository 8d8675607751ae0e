#include "lifeline/sim/sim_server.hpp"

#include <boost/asio/read_until.hpp>
#include <boost/asio/write.hpp>
#include <deque>

#include "lifeline/api_error.hpp"
#include "lifeline/log.hpp"
#include "lifeline/untrusted_json.hpp"

namespace lifeline::sim {

namespace asio = boost::asio;
using asio::ip::tcp;

// One terminal connection: the hello line, then raw device-protocol bytes both ways.
// One write in flight; later writes queue behind it.
class TerminalSession : public std::enable_shared_from_this<TerminalSession> {
 public:
  TerminalSession(tcp::socket socket, SimServer& server) : socket_(std::move(socket)), server_(server) {}

  void start() { read(); }

  void send(std::string bytes) {
    bool idle = queue_.empty();
    queue_.push_back(std::move(bytes));
    if (idle) write_next();
  }
  void close_after_writes() {
    closing_ = true;
    if (queue_.empty()) shutdown();
  }
  void shutdown() {
    boost::system::error_code ec;
    socket_.shutdown(tcp::socket::shutdown_both, ec);
    socket_.close(ec);
  }

 private:
  void read() {
    socket_.async_read_some(asio::buffer(buf_), [self = shared_from_this()](boost::system::error_code ec, size_t n) {
      if (ec) return self->finish();
      self->on_bytes(std::string_view(self->buf_.data(), n));
      if (!self->closing_) self->read();
    });
  }

  void on_bytes(std::string_view data) {
    if (id_.empty()) {  // still in the hello: collect one line
      hello_.append(data);
      size_t nl = hello_.find('\n');
      if (nl == std::string::npos) {
        if (hello_.size() > 256) {
          send("HELLO ERROR hello line too long\r\n");
          close_after_writes();
        }
        return;
      }
      std::string rest = hello_.substr(nl + 1), id;
      bool accepted = false;
      send(server_.simulator().hello(hello_.substr(0, nl), id, accepted));
      hello_.clear();
      if (!accepted) return close_after_writes();
      id_ = id;
      server_.registered(id_, weak_from_this());
      if (!rest.empty()) server_.simulator().bytes(id_, rest);
      return;
    }
    server_.simulator().bytes(id_, data);
  }

  void write_next() {
    asio::async_write(socket_, asio::buffer(queue_.front()),
                      [self = shared_from_this()](boost::system::error_code ec, size_t) {
                        if (ec) return self->finish();
                        self->queue_.pop_front();
                        if (!self->queue_.empty()) self->write_next();
                        else if (self->closing_) self->shutdown();
                      });
  }

  void finish() {
    if (!id_.empty()) {
      std::string id = std::move(id_);
      id_.clear();
      server_.closed(id);
    }
    shutdown();
  }

  tcp::socket socket_;
  SimServer& server_;
  std::array<char, 4096> buf_{};
  std::string hello_, id_;
  std::deque<std::string> queue_;
  bool closing_ = false;
};

// One control connection: a JSON object per line in, one JSON line out.
class ControlSession : public std::enable_shared_from_this<ControlSession> {
 public:
  ControlSession(tcp::socket socket, SimServer& server) : socket_(std::move(socket)), server_(server) {}
  void start() { read(); }

 private:
  void read() {
    asio::async_read_until(socket_, asio::dynamic_buffer(in_, 65536), '\n',
                           [self = shared_from_this()](boost::system::error_code ec, size_t n) {
                             if (ec) return;
                             std::string line = self->in_.substr(0, n);
                             self->in_.erase(0, n);
                             nlohmann::json reply;
                             nlohmann::json req;
                             auto parsed = parse_untrusted_json(line, req);
                             if (parsed != JsonParse::ok)
                               reply = {{"ok", false},
                                        {"error", ApiError(parsed == JsonParse::too_deep ? "json_too_deep" : "bad_json").to_json()}};
                             else
                               reply = self->server_.simulator().control(req);
                             self->out_ = reply.dump() + "\n";
                             asio::async_write(self->socket_, asio::buffer(self->out_),
                                               [self](boost::system::error_code ec2, size_t) {
                                                 if (!ec2) self->read();
                                               });
                           });
  }

  tcp::socket socket_;
  SimServer& server_;
  std::string in_, out_;
};

SimServer::SimServer(asio::io_context& io, NetworkOptions options, std::shared_ptr<Clock> clock, uint64_t seed,
                     const std::string& listen, int terminal_port, int control_port)
    : sim_(std::move(options), clock, seed, *this),
      clock_(std::move(clock)),
      terminals_(io, tcp::endpoint(asio::ip::make_address(listen), static_cast<uint16_t>(terminal_port))),
      control_(io, tcp::endpoint(asio::ip::make_address(listen), static_cast<uint16_t>(control_port))),
      timer_(io) {}

SimServer::~SimServer() = default;

int SimServer::terminal_port() const { return terminals_.local_endpoint().port(); }
int SimServer::control_port() const { return control_.local_endpoint().port(); }

void SimServer::start() {
  accept_terminal();
  accept_control();
  if (!clock_->is_manual()) arm_timer();
}

void SimServer::stop() {
  stopped_ = true;
  boost::system::error_code ec;
  terminals_.close(ec);
  control_.close(ec);
  timer_.cancel();
  for (auto& [id, weak] : sessions_)
    if (auto s = weak.lock()) s->shutdown();
}

void SimServer::accept_terminal() {
  terminals_.async_accept([this](boost::system::error_code ec, tcp::socket socket) {
    if (ec) return;
    socket.set_option(tcp::no_delay(true), ec);
    std::make_shared<TerminalSession>(std::move(socket), *this)->start();
    accept_terminal();
  });
}

void SimServer::accept_control() {
  control_.async_accept([this](boost::system::error_code ec, tcp::socket socket) {
    if (ec) return;
    std::make_shared<ControlSession>(std::move(socket), *this)->start();
    accept_control();
  });
}

void SimServer::arm_timer() {
  timer_.expires_after(std::chrono::milliseconds(20));
  timer_.async_wait([this](boost::system::error_code ec) {
    if (ec || stopped_) return;
    sim_.tick();
    arm_timer();
  });
}

void SimServer::write(const std::string& terminal, std::string bytes) {
  auto it = sessions_.find(terminal);
  if (it == sessions_.end()) return;
  if (auto s = it->second.lock()) s->send(std::move(bytes));
}

void SimServer::closed(const std::string& id) {
  sessions_.erase(id);
  sim_.gone(id);
}

}  // namespace lifeline::sim
