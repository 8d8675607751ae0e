// The device side of a gateway: one driver per link kind talks to its modem or network (serial port
// or TCP) and reports what it hears. The gateway core (gateway_core.hpp) owns the command side.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

namespace lifeline::gateway {

using nlohmann::json;

// A message for one terminal, as the command routed it (schema/gateway-protocol.md).
struct Downlink {
  std::string ref;         // message id "/" recipient: echoed in `sent`
  std::string address;     // the terminal's address on this link (card id, radio id, number …)
  std::string precedence;  // flash immediate priority routine
  json envelope;           // the bus envelope
};

// What a driver tells the gateway core (always on the gateway's io thread).
class UplinkSink {
 public:
  virtual ~UplinkSink() = default;
  virtual void heard(const std::string& address) = 0;
  // A message from a terminal: {kind: receipt|position|status|report|text, id?, level?, answer?, body?}.
  virtual void uplink(const std::string& address, const json& message) = 0;
  virtual void sent(const std::string& ref, bool ok, const std::string& error) = 0;
  // Not sent because the terminal it is for cannot be reached now (not attached, switched off):
  // the command counts the channel down for that recipient until the terminal is heard again.
  // A failure of the gateway's own modem or of the message is `sent(ref, false, …)` instead.
  virtual void unreachable(const std::string& ref, const std::string& why) = 0;
};

class LinkDriver {
 public:
  virtual ~LinkDriver() = default;
  virtual void start(UplinkSink& sink) = 0;
  // Hands one message to the link now (the core's send queue already applied rate limits).
  virtual void send(const Downlink& d) = 0;
  // {up, signal?, terminals?, ...} for the command's link-health view.
  virtual json health() const = 0;
  // Extra ports the driver listens on, for the port file (e.g. {"terminals": 40123}).
  virtual json ports() const { return json::object(); }
};

}  // namespace lifeline::gateway
