#include "lifeline/store/projections.hpp"

namespace lifeline::store {

void register_drill_projections(Projector& p) {
  p.add_tables({"drills"});
  p.add("drill.started", [](SqliteDb& db, const Event& e) {
    db.run("INSERT INTO drills(id, name, scripted, started_at, started_by) VALUES (?,?,?,?,?)",
           {e.subject, e.body["name"], e.body.value("scripted", false) ? 1 : 0, e.at, e.actor});
  });
  p.add("drill.ended", [](SqliteDb& db, const Event& e) {
    db.run("UPDATE drills SET ended_at = ? WHERE id = ?", {e.at, e.subject});
  });
}

}  // namespace lifeline::store
