#include "lifeline/domain/enums.hpp"

#include <algorithm>
#include <stdexcept>

#include "lifeline/schema_files.hpp"

namespace lifeline::domain {

namespace {
bool listed(const nlohmann::json& table, const std::string& from, const std::string& to) {
  auto it = table.find(from);
  if (it == table.end()) return false;
  for (const auto& t : *it)
    if (t == to) return true;
  return false;
}
}  // namespace

bool Enums::incident_transition_ok(const std::string& from, const std::string& to) const {
  return listed(incident_transitions, from, to);
}
bool Enums::task_transition_ok(const std::string& from, const std::string& to) const {
  return listed(task_transitions, from, to);
}

const Enums& enums() {
  static const Enums e = [] {
    auto j = nlohmann::json::parse(schema::find_file(schema::documents(), "enums.json").value());
    Enums out;
    out.incident_status = j["incident_status"];
    for (auto& [k, v] : j["incident_types"].items()) out.incident_types.push_back(k);
    out.incident_type_names = j["incident_types"];
    out.team_kind = j["team_kind"];
    out.team_readiness = j["team_readiness"];
    out.task_status = j["task_status"];
    out.task_types = j["task_types"];
    out.rescue_task_types = j["rescue_task_types"];
    for (const auto& t : out.rescue_task_types)
      if (std::find(out.task_types.begin(), out.task_types.end(), t) == out.task_types.end())
        throw std::runtime_error("enums.json: rescue_task_types: " + t + " is not a task type");
    out.delivery_state = j["delivery_state"];
    out.precedence = j["precedence"];
    out.channels = j["channels"];
    out.roles = j["roles"];
    out.unit_kind = j["unit_kind"];
    out.depot_tier = j["depot_tier"];
    out.incident_transitions = j["incident_transitions"];
    out.task_transitions = j["task_transitions"];
    return out;
  }();
  return e;
}

}  // namespace lifeline::domain
