// The simulator without sockets: one network, its courier and clock, the terminal hello and the
// control operations. SimServer feeds it from TCP; tests may drive it directly.
//
// Terminal hello (sim-specific, schema/links.md): the first line a terminal writes is
// "HELLO <id>\r\n" (the card number, IMEI-like modem id, phone number or radio id it stands for);
// the simulator answers "HELLO OK <kind>\r\n" or "HELLO ERROR <reason>\r\n" and closes.
// Control: one JSON object per line, answered by one JSON line: {"op":"cut"|"restore"|"degrade"|
// "status"|"advance_clock", ...} -> {"ok":true,...} or {"ok":false,"error":{code,message_zh,message_en}}.
#pragma once
#include <map>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "lifeline/sim/network.hpp"

namespace lifeline::sim {

class Simulator {
 public:
  Simulator(NetworkOptions options, std::shared_ptr<Clock> clock, uint64_t seed, Outbox& outbox);

  // Returns the reply line for a hello; `accepted` tells whether the terminal may stay.
  std::string hello(const std::string& line, std::string& id, bool& accepted);
  void bytes(const std::string& id, std::string_view data);
  void gone(const std::string& id);
  // Runs due deliveries (call on a timer with a system clock; after each event with a manual one).
  void tick();
  nlohmann::json control(const nlohmann::json& request);
  const std::string& kind() const { return options_.kind; }
  Courier& courier() { return courier_; }

 private:
  NetworkOptions options_;
  std::shared_ptr<Clock> clock_;
  Courier courier_;
  std::unique_ptr<Network> network_;
  std::map<std::string, bool> terminals_;
};

}  // namespace lifeline::sim
