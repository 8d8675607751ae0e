// Who is making a request: resolved from the session by the engine before any operation runs.
#pragma once
#include <string>

namespace lifeline::domain {

struct Actor {
  std::string user_id;   // empty for the system (rules, timers)
  std::string username;
  std::string role;      // one of schema/enums.json "roles", or "system"
  std::string unit_id;   // the unit the user belongs to (city, county, township, team, department)
  std::string session;   // hash of the session token the request came with (for logout)
  // A ZeroMQ peer authenticated by its CURVE key (gateway:<name>, partner:<name>): the audit actor.
  std::string peer = {};

  std::string ref() const { return !peer.empty() ? peer : user_id.empty() ? "system" : "user:" + user_id; }
  bool is_team_role() const { return role == "team_lead" || role == "team_member"; }
};

}  // namespace lifeline::domain
