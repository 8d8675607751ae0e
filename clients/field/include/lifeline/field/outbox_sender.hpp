// How one outbox item travels (schema/field-client.md §4): the IP request that carries it, the
// uplink message for the terminal, and what a `res` from the centre means for it. Pure functions.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "lifeline/field/local_db.hpp"

namespace lifeline::field {

struct IpRequest {
  std::string op;
  json body;
  // The realm the item belongs to: a status or report on a drill's order goes to that drill
  // (the order's envelope named it); everything else to live.
  std::string realm = "live";
};

IpRequest ip_request_for(const OutboxItem& item, const std::string& team_id);
json terminal_uplink_for(const OutboxItem& item);

enum class Outcome { done, refused, retry, revoked };
struct Verdict {
  Outcome outcome;
  std::string note;
};

// A replay that the centre already applied counts as done: bus.send → duplicate:true, bus.ack →
// unchanged state, team.report_position → stale:true, task.update_status → invalid_transition.
Verdict classify(const OutboxItem& item, const json& res);

}  // namespace lifeline::field
