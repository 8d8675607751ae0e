#include "sim_harness.hpp"

#include <chrono>

namespace simtest {

using boost::asio::ip::tcp;

Client::Client(int port) : socket_(io_) {
  socket_.connect(tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), static_cast<uint16_t>(port)));
  socket_.set_option(tcp::no_delay(true));
  socket_.non_blocking(true);
}

void Client::write(const std::string& bytes) {
  socket_.non_blocking(false);
  boost::asio::write(socket_, boost::asio::buffer(bytes));
  socket_.non_blocking(true);
}

std::string Client::read_until(const std::function<bool(const std::string&)>& done, int timeout_ms) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  char tmp[4096];
  while (!done(buf_) && std::chrono::steady_clock::now() < deadline) {
    boost::system::error_code ec;
    size_t n = socket_.read_some(boost::asio::buffer(tmp), ec);
    if (ec == boost::asio::error::would_block) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
      continue;
    }
    if (ec) break;
    buf_.append(tmp, n);
  }
  std::string out = std::move(buf_);
  buf_.clear();
  return out;
}

std::string Client::hello(const std::string& id) {
  write("HELLO " + id + "\r\n");
  return read_until_contains("\r\n");
}

nlohmann::json Control::call(const nlohmann::json& req) { return raw(req.dump()); }

nlohmann::json Control::raw(const std::string& line) {
  client_.write(line + "\n");
  return nlohmann::json::parse(client_.read_until_contains("\n"));
}

Sim::Sim(lifeline::sim::NetworkOptions o, uint64_t seed, bool manual) {
  auto clock = lifeline::make_clock(manual ? "manual" : "system", manual ? 1787187600000 : -1);
  server_ = std::make_unique<lifeline::sim::SimServer>(io_, std::move(o), clock, seed, "127.0.0.1", 0, 0);
  server_->start();
  port_ = server_->terminal_port();
  control_port_ = server_->control_port();
  thread_ = std::thread([this] { io_.run(); });
}

Sim::~Sim() {
  boost::asio::post(io_, [this] { server_->stop(); });
  io_.stop();
  thread_.join();
  server_.reset();
}

}  // namespace simtest
