// lifeline-sim's TCP front: one acceptor for terminals (one connection = one terminal, identified
// by its hello) and one for the control API (JSON lines). Runs on the io_context it is given, on one
// thread; with a system clock a 20 ms timer delivers due messages.
#pragma once
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <map>
#include <memory>
#include <string>

#include "lifeline/sim/simulator.hpp"

namespace lifeline::sim {

class TerminalSession;

class SimServer final : public Outbox {
 public:
  SimServer(boost::asio::io_context& io, NetworkOptions options, std::shared_ptr<Clock> clock, uint64_t seed,
            const std::string& listen, int terminal_port, int control_port);
  ~SimServer() override;
  void start();
  void stop();
  int terminal_port() const;
  int control_port() const;
  nlohmann::json ports() const { return {{"terminals", terminal_port()}, {"control", control_port()}}; }

  // Outbox
  void write(const std::string& terminal, std::string bytes) override;
  bool connected(const std::string& terminal) const override { return sessions_.count(terminal) > 0; }

  // Used by sessions.
  Simulator& simulator() { return sim_; }
  void registered(const std::string& id, std::weak_ptr<TerminalSession> s) { sessions_[id] = std::move(s); }
  void closed(const std::string& id);

 private:
  void accept_terminal();
  void accept_control();
  void arm_timer();

  Simulator sim_;
  std::shared_ptr<Clock> clock_;
  boost::asio::ip::tcp::acceptor terminals_, control_;
  boost::asio::steady_timer timer_;
  std::map<std::string, std::weak_ptr<TerminalSession>> sessions_;
  bool stopped_ = false;
};

}  // namespace lifeline::sim
