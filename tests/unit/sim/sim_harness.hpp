// A simulator started in-process on its own io thread (manual clock by default), and blocking TCP
// clients for terminals and the control API. Reads poll until a deadline; nothing sleeps blindly.
#pragma once
#include <boost/asio.hpp>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "lifeline/sim/sim_server.hpp"

namespace simtest {

class Client {
 public:
  explicit Client(int port);
  void write(const std::string& bytes);
  // Reads until `done(buffer)` is true or the deadline passes; returns the buffer (and clears it).
  std::string read_until(const std::function<bool(const std::string&)>& done, int timeout_ms = 3000);
  std::string read_until_contains(const std::string& needle, int timeout_ms = 3000) {
    return read_until([&](const std::string& b) { return b.find(needle) != std::string::npos; }, timeout_ms);
  }
  // Everything that arrives within `ms` (to check that nothing does).
  std::string read_for(int ms) {
    return read_until([](const std::string&) { return false; }, ms);
  }
  // HELLO <id>; returns the reply line.
  std::string hello(const std::string& id);

 private:
  boost::asio::io_context io_;
  boost::asio::ip::tcp::socket socket_;
  std::string buf_;
};

class Control {
 public:
  explicit Control(int port) : client_(port) {}
  nlohmann::json call(const nlohmann::json& req);
  nlohmann::json raw(const std::string& line);
  nlohmann::json advance(int64_t ms) { return call({{"op", "advance_clock"}, {"ms", ms}}); }

 private:
  Client client_;
};

class Sim {
 public:
  explicit Sim(lifeline::sim::NetworkOptions o, uint64_t seed = 1, bool manual = true);
  ~Sim();
  int port() const { return port_; }
  int control_port() const { return control_port_; }

 private:
  boost::asio::io_context io_;
  std::unique_ptr<lifeline::sim::SimServer> server_;
  std::thread thread_;
  int port_ = 0, control_port_ = 0;
};

inline lifeline::sim::NetworkOptions net(const std::string& kind) {
  lifeline::sim::NetworkOptions o;
  o.kind = kind;
  return o;
}

}  // namespace simtest
