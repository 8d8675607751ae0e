/**
 * The command side of a gateway process: a ZeroMQ DEALER to the command's ROUTER
 * (schema/gateway-protocol.md), the per-terminal send queue, and the driver.
 *
 * Operation: one Asio io_context thread runs everything; a 5 ms timer polls the DEALER without
 * blocking, sends the heartbeat every second, re-sends `hello` until welcomed (so a restarted
 * command gets the gateway back), and releases queued downlinks as the rate limit allows.
 * Concurrency: single-threaded by construction (the io thread), so no locks.
 */
#pragma once
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>
#include <string>

#include "lifeline/clock.hpp"
#include "lifeline/gateway/curve_keys.hpp"
#include "lifeline/gateway/link_driver.hpp"
#include "lifeline/gateway/send_queue.hpp"

namespace lifeline::gateway {

struct GatewayOptions {
  std::string command;        // tcp://127.0.0.1:5560
  std::string link;           // driver kind: beidou, iridium, pdt, tiantong, sms, loopback
  std::string channel;        // the channel it serves for the command (= link, or --as for loopback)
  std::string gateway_id;
  int64_t interval_ms = 0;    // per-terminal send interval (0 = no limit)
  // CURVE: this gateway's key pair (enrolled by the admin) and the command's public key.
  CurveKeyPair keys;
  std::string server_public_key;
};

class GatewayCore : public UplinkSink {
 public:
  GatewayCore(boost::asio::io_context& io, Clock& clock, GatewayOptions options, LinkDriver& driver);
  ~GatewayCore() override;
  void start();
  bool welcomed() const { return welcomed_; }

  void heard(const std::string& address) override;
  void uplink(const std::string& address, const json& message) override;
  void sent(const std::string& ref, bool ok, const std::string& error) override;
  void unreachable(const std::string& ref, const std::string& why) override;

 private:
  void poll();
  void to_command(const json& msg);
  void on_command(const json& msg);

  Clock& clock_;
  GatewayOptions options_;
  LinkDriver& driver_;
  SendQueue queue_;
  boost::asio::steady_timer timer_;
  struct Zmq;
  std::unique_ptr<Zmq> zmq_;
  bool welcomed_ = false;
  int64_t last_hb_ = 0, last_hello_ = 0;
};

}  // namespace lifeline::gateway
