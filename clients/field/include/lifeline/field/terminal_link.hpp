// The handheld's own terminal (PDT radio, BeiDou or Iridium) as the gateway sees it. In this build
// the terminal is the loopback link of lifeline-gateway (schema/gateway-protocol.md §loopback):
// JSON lines over TCP, `hello` with the terminal's address, then `uplink`/`hb`; `downlink` back.
// Uplinks get no reply: the centre confirms them later over IP (sync rules, field-client.md §4).
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace lifeline::field {

class TerminalLink {
 public:
  ~TerminalLink();
  bool connect(const std::string& host, int port, const std::string& address, std::string& error);
  bool is_open() const { return fd_ >= 0; }
  bool send(const nlohmann::json& frame);
  bool uplink(const nlohmann::json& message) { return send({{"type", "uplink"}, {"message", message}}); }
  std::optional<nlohmann::json> poll(int timeout_ms);
  void close();
  uint64_t bytes_sent() const { return bytes_sent_; }

 private:
  int fd_ = -1;
  std::string buffer_;
  uint64_t bytes_sent_ = 0;
};

}  // namespace lifeline::field
