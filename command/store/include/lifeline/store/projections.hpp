// The projections of the core domain, one registration function per area (one file each).
#pragma once
#include "lifeline/store/projector.hpp"

namespace lifeline::store {

void register_unit_user_projections(Projector& p);
void register_incident_projections(Projector& p);
void register_team_projections(Projector& p);
void register_task_projections(Projector& p);
void register_duty_projections(Projector& p);
void register_depot_projections(Projector& p);
void register_drill_projections(Projector& p);
void register_device_projections(Projector& p);
void register_enterprise_projections(Projector& p);
void register_bus_projections(Projector& p);
void register_deadline_projections(Projector& p);
void register_supply_projections(Projector& p);
void register_hazard_projections(Projector& p);
void register_consultation_projections(Projector& p);
void register_report_projections(Projector& p);
void register_warning_projections(Projector& p);
void register_peer_projections(Projector& p);

// Appends a row to an incident's timeline (used by every projection that concerns an incident).
void add_timeline(SqliteDb& db, const std::string& incident_id, const Event& e, const nlohmann::json& summary);

// JSON helpers for projections: a missing key binds NULL.
inline nlohmann::json opt(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it == j.end() ? nlohmann::json() : *it;
}

}  // namespace lifeline::store
