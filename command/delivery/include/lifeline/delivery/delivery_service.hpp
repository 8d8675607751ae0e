/**
 * Guaranteed delivery (DESIGN §4): per-recipient delivery records, acks, store-and-forward, the
 * fallback ladder with failover and failback, expiry.
 *
 * Operation: bus.send commits the message, one delivery per recipient and the first routing
 * decision (queued → sent on the best live rung) in one transaction; only after the commit are the
 * frames handed to the links (commit listener), so a crash between the two is healed by the ack
 * timeout: the message is sent again (at least once) and the recipient drops the duplicate by id.
 * Acks (device, human) are committed before anyone is told. A tick hook retries on ack timeout,
 * moves down the ladder when a channel is down or silent, up again when a better one is heard,
 * and expires what outlived its TTL. Every switch is an event with its reason.
 *
 * Concurrency: state thread only, except Presence (own mutex) and the Transport (thread-safe).
 */
#pragma once
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "lifeline/app/engine.hpp"
#include "lifeline/bus/envelope.hpp"
#include "lifeline/bus/link_policy.hpp"
#include "lifeline/delivery/presence.hpp"
#include "lifeline/delivery/transport.hpp"

namespace lifeline::delivery {

struct DeliveryOptions {
  bus::LinkProfiles profiles;
  bus::CostPolicy cost;
  bus::EnvelopeLimits limits;
  int64_t tick_ms = 200;  // how often IP presence and deadlines are re-checked while work is pending
};

class DeliveryService {
 public:
  DeliveryService(app::Engine& engine, Presence& presence, Transport& transport, DeliveryOptions options = {});
  // Registers operations, the commit listener and the tick hook; loads pending deliveries. Call
  // after Engine::open_realms() and before Engine::start().
  void install();
  // Gateway reports (called on the state thread): a terminal was heard on a channel. `via` is the
  // gateway that reported it (gateway:<name>), the audit actor of what the report changes.
  void heard(const std::string& channel, const std::string& address, int64_t at, const std::string& via = "");
  // A gateway could not hand a downlink to its terminal because the terminal is out of reach
  // (`sent ok:false unreachable:true`, e.g. not attached): that channel is down for the recipient
  // until heard again, and the delivery is routed at once (next rung, or queued until the
  // terminal attaches). State thread.
  void terminal_unreachable(const std::string& channel, const std::string& ref, const std::string& error, const std::string& via);
  // The realm a message was sent in (acks name only the message id): the realm whose messages
  // hold it, live first; "live" when none does (the ack is then refused as not_found there).
  // State thread only.
  std::string realm_of_message(const std::string& message_id);
  // The realm whose `table` holds the row `id`: live first, then the open drills; "live" when none.
  std::string realm_holding(const char* table, const std::string& id);
  // An uplink from a gateway that decoded to an ack of one of our messages.
  void gateway_ack(const std::string& channel, const std::string& address, const std::string& message_id,
                   const std::string& level, const std::string& answer, const std::string& via);
  // Any other uplink (position, task status, report) from a device on a thin link, applied on
  // behalf of the device's team through the same operations the IP path uses.
  void gateway_uplink(const std::string& channel, const std::string& address, const nlohmann::json& message,
                      const std::string& via);
  // Bytes of a message on each thin link's MTU (compact codec, really encoded; SIZE_MAX when
  // the codec refuses it), for the ladder's fit check. Encoded on first need, once per MTU and
  // message: most messages go over IP and never need it (encoding costs ~0.1 ms per MTU).
  class ThinSizes {
   public:
    explicit ThinSizes(nlohmann::json envelope) : envelope_(std::move(envelope)) {}
    size_t at(size_t mtu) const;

   private:
    nlohmann::json envelope_;
    mutable std::map<size_t, size_t> by_mtu_;
  };
  std::shared_ptr<const ThinSizes> thin_sizes(const nlohmann::json& envelope) const;

 private:
  struct Pending {
    std::string message_id, recipient, realm, kind, sender, ack;
    std::string correlation_id;  // an order's task
    std::string collapse_key;    // latest wins under it (bus.md §3)
    int precedence = 3;
    int64_t created = 0, expires = 0;
    std::string state = "queued";
    std::string channel, address;
    int attempt = 0, attempts_on_channel = 0;
    size_t rung = SIZE_MAX;
    int64_t deadline = 0;
    size_t json_size = 0;
    std::shared_ptr<const ThinSizes> thin;  // by MTU, shared by the message's recipients
    std::shared_ptr<const std::string> envelope_text;  // serialized once, shared by its recipients
    std::string last_choice;  // why route() found no rung
    // Channels this delivery gave up on after repeated ack timeouts although the link looked up
    // (heartbeats get through, the message does not): a routing hint, not durable state.
    std::set<std::string> avoid;
  };
  using Key = std::pair<std::string, std::string>;  // (message id, recipient)

  nlohmann::json op_send(domain::OpContext& ctx, const nlohmann::json& body);
  nlohmann::json op_ack(domain::OpContext& ctx, const nlohmann::json& body);
  nlohmann::json op_deliveries(domain::OpContext& ctx, const nlohmann::json& body);
  nlohmann::json op_link_status(domain::OpContext& ctx, const nlohmann::json& body);
  nlohmann::json op_group_set(domain::OpContext& ctx, const nlohmann::json& body);
  nlohmann::json op_group_list(domain::OpContext& ctx, const nlohmann::json& body);
  // task.assign and task.cancel also send the order (or its cancellation) to the team over the
  // bus, in the same transaction.
  void wrap_task_ops();
  // task.reroute: the order still waiting for its receipt goes over the next link now (task_orders.cpp).
  nlohmann::json op_task_reroute(domain::OpContext& ctx, const nlohmann::json& body);
  // An order's receipt meets its receipt deadline (task_orders.cpp).
  void order_received(domain::OpContext& ctx, const std::string& message_id, const std::string& recipient);
  // Returns the delivery's state afterwards.
  std::string apply_ack(domain::OpContext& ctx, const std::string& message_id, const std::string& recipient, const std::string& level,
                 const std::string& answer, const std::string& reason);

  static domain::Actor gateway_actor(const std::string& via);  // who a gateway's report is audited as
  std::vector<std::string> expand(domain::OpContext& ctx, const std::vector<std::string>& to);
  // In a drill's realm: the recipients that take part in it; the others go to `outside`.
  std::vector<std::string> drill_participants_only(domain::OpContext& ctx, const std::vector<std::string>& recipients,
                                                   std::vector<std::string>& outside);
  // True if `id` is one of `team`'s tasks or an incident it has a task on (bus.md §1 correlation_id).
  static bool team_may_correlate(domain::OpContext& ctx, const std::string& team, const std::string& id);
  // The owner's rungs with their health as `realm` sees it (a drill's own cuts over live's health).
  std::vector<bus::Rung> ladder(const std::string& owner, int64_t now, const std::string& realm = "live");
  bus::Health gateway_health(const std::string& owner, const std::string& channel, int64_t now);
  // Routes one pending delivery now; emits the events. `reason` explains a switch.
  void route(domain::OpContext& ctx, Pending& p, const std::string& reason);
  void set_state(domain::OpContext& ctx, Pending& p, const std::string& to, const std::string& reason,
                 const nlohmann::json& extra = nlohmann::json::object());
  void mark_health(domain::OpContext& ctx, const std::string& owner, const std::string& channel, bus::Health h,
                   const std::string& reason, int64_t last_heard);
  int64_t tick(int64_t now);
  void on_commit(const std::string& realm, const std::vector<store::Event>& events);
  void dispatch(const std::string& realm, const Pending& p);
  size_t rung_index(const std::string& owner, const std::string& channel);
  Pending pending_from(const nlohmann::json& envelope, const std::string& recipient, const std::string& realm,
                       std::shared_ptr<const std::string> text = nullptr, std::shared_ptr<const ThinSizes> thin = nullptr);
  // What the message takes on `channel`: its JSON on IP, its encoded frames on a thin link.
  size_t size_on(const Pending& p, const std::string& channel) const;
  void load_pending();

  app::Engine& engine_;
  Presence& presence_;
  Transport& transport_;
  DeliveryOptions options_;
  std::map<Key, Pending> pending_;
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> ladders_;  // owner → (channel, address)
  std::map<std::pair<std::string, std::string>, std::string> owner_of_address_;      // (channel, address) → owner
  struct HealthInfo {
    bus::Health health = bus::Health::unknown;
    int64_t last_heard = 0;
  };
  std::map<std::pair<std::string, std::string>, HealthInfo> health_;  // (owner, channel)
  std::map<std::string, bool> ip_state_;                               // owner → last recorded IP health
  // Presence changes on the io thread while a tick runs on the state thread: one tick decides with
  // one view of who is online (else a team coming online mid-tick got its least urgent message
  // first, routed alone before the others). Filled on first use while a tick runs.
  std::map<std::string, bool> ip_view_;
  bool in_tick_ = false;
  bool ip_up(const std::string& owner);
  std::set<std::string> dirty_owners_;                                 // health changed: re-route their deliveries
  // A drill's own link cuts (schema/drills.md "link_cut"): realm → (owner, channel) down for that
  // realm's messages only; live's health_ is never changed by a drill.
  std::map<std::string, std::set<std::pair<std::string, std::string>>> drill_cuts_;
  bool drill_cut(const std::string& realm, const std::string& owner, const std::string& channel) const;
};

}  // namespace lifeline::delivery
