// How the delivery service hands a message to a link: WebSocket connections for IP, a gateway
// process (ZeroMQ) for the others. Implemented by lifeline-command's main, which owns both.
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace lifeline::delivery {

class Transport {
 public:
  virtual ~Transport() = default;
  // Sends one serialized JSON frame to each connection (thread-safe, non-blocking).
  virtual void send_ip(const std::vector<uint64_t>& conns, const std::string& frame) = 0;
  // Is a gateway for `channel` connected and healthy?
  virtual bool gateway_up(const std::string& channel) const = 0;
  // The gateways' own health, for link.status (thread-safe).
  virtual nlohmann::json gateways() const = 0;
  // Hands a downlink to the channel's gateway; false if there is none.
  virtual bool send_gateway(const std::string& channel, const nlohmann::json& downlink) = 0;
};

}  // namespace lifeline::delivery
