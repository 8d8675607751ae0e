#include "lifeline/store/projector.hpp"

#include <algorithm>

#include "lifeline/store/projections.hpp"

namespace lifeline::store {

Projector::Projector() {
  register_unit_user_projections(*this);
  register_incident_projections(*this);
  register_team_projections(*this);
  register_task_projections(*this);
  register_duty_projections(*this);
  register_depot_projections(*this);
  register_drill_projections(*this);
  register_device_projections(*this);
  register_enterprise_projections(*this);
  register_bus_projections(*this);
  register_deadline_projections(*this);
  register_supply_projections(*this);
  register_hazard_projections(*this);
  register_consultation_projections(*this);
  register_report_projections(*this);
  register_warning_projections(*this);
  register_peer_projections(*this);
}

void Projector::add(const std::string& kind, Apply fn) { handlers_[kind] = std::move(fn); }

void Projector::add_tables(const std::vector<std::string>& tables) {
  tables_.insert(tables_.end(), tables.begin(), tables.end());
}

void Projector::apply(SqliteDb& db, const Event& e) const {
  auto it = handlers_.find(e.kind);
  if (it == handlers_.end()) throw StorageError(SQLITE_ERROR, "no projection for event kind " + e.kind);
  it->second(db, e);
}

void Projector::rebuild(SqliteDb& db) const {
  db.exec("BEGIN IMMEDIATE");
  try {
    for (const auto& t : tables_) db.exec("DELETE FROM " + t);
    auto& st = db.prepared("SELECT seq, at, actor, realm, kind, subject, channel, body FROM events ORDER BY seq");
    std::vector<Event> batch;
    while (st.step()) {
      Event e;
      e.seq = st.column_int(0);
      e.at = st.column_int(1);
      e.actor = st.column_text(2);
      e.realm = st.column_text(3);
      e.kind = st.column_text(4);
      e.subject = st.column_text(5);
      e.channel = st.column_text(6);
      e.body = nlohmann::json::parse(st.column_text(7));
      batch.push_back(std::move(e));
    }
    st.reset();
    for (const auto& e : batch) apply(db, e);
    db.exec("COMMIT");
  } catch (...) {
    db.exec("ROLLBACK");
    throw;
  }
}

std::vector<std::string> Projector::kinds() const {
  std::vector<std::string> out;
  for (const auto& [kind, fn] : handlers_) out.push_back(kind);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace lifeline::store
