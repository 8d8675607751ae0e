// One simulated network kind. A network sees terminals by id (the id they gave in their hello),
// bytes they wrote, and writes bytes back through its Outbox. Everything it carries between
// terminals goes through the Courier. Called only from the simulator's io thread.
#pragma once
#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "lifeline/clock.hpp"
#include "lifeline/sim/courier.hpp"

namespace lifeline::sim {

class Outbox {
 public:
  virtual ~Outbox() = default;
  virtual void write(const std::string& terminal, std::string bytes) = 0;
  virtual bool connected(const std::string& terminal) const = 0;
};

struct NetworkOptions {
  std::string kind;            // beidou | iridium | pdt | tiantong | sms
  int64_t delay_ms = -1;       // healthy one-way delay; -1 = the kind's default
  int interval_s = 60;         // BeiDou per-card service frequency ($BDICI field 5)
  int level = 3;               // BeiDou communication level
  size_t max_bytes = 0;        // payload cap; 0 = the kind's default
  size_t max_bytes_bd3 = 70;   // BeiDou-3 $CCTCQ cap (global service: 560 bits)
  int pdt_bitrate = 1000;      // PDT usable bit/s (air time per frame)
};

class Network {
 public:
  virtual ~Network() = default;
  // Refuses ids that are not valid on this network (empty string = accepted).
  virtual std::string check_id(const std::string& id) const = 0;
  virtual void attach(const std::string& id) = 0;
  virtual void detach(const std::string& id) = 0;
  virtual void receive(const std::string& id, std::string_view bytes) = 0;
  virtual nlohmann::json status() const = 0;
  // Time-driven behaviour (e.g. the +SBDWB write timeout); called on every simulator tick.
  virtual void tick(int64_t /*now_ms*/) {}
  // Network-specific fault injection from the control API ({"op":"inject", ...}); returns an
  // error text for a request this network does not understand (empty = done).
  virtual std::string inject(const nlohmann::json& /*request*/) { return "inject is not supported on this network"; }
};

std::unique_ptr<Network> make_beidou_network(const NetworkOptions&, const Clock&, Courier&, Outbox&);
std::unique_ptr<Network> make_iridium_network(const NetworkOptions&, const Clock&, Courier&, Outbox&);
std::unique_ptr<Network> make_sms_network(const NetworkOptions&, const Clock&, Courier&, Outbox&);
std::unique_ptr<Network> make_pdt_network(const NetworkOptions&, const Clock&, Courier&, Outbox&);

}  // namespace lifeline::sim
