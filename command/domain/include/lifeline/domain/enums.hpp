// The enumerations of schema/enums.json, loaded once from the embedded copy.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace lifeline::domain {

struct Enums {
  std::vector<std::string> incident_status, incident_types, team_kind, team_readiness, task_status, task_types,
      delivery_state, precedence, channels, roles, unit_kind, depot_tier;
  // The task types that take a team into the disaster area: a member who failed the comms test
  // stays behind (seed-digest §8; task.assign).
  std::vector<std::string> rescue_task_types;
  nlohmann::json incident_transitions, task_transitions, incident_type_names;

  bool incident_transition_ok(const std::string& from, const std::string& to) const;
  bool task_transition_ok(const std::string& from, const std::string& to) const;
};

const Enums& enums();

}  // namespace lifeline::domain
