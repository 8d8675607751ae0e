#include "lifeline/store/projections.hpp"

namespace lifeline::store {

void register_duty_projections(Projector& p) {
  p.add_tables({"shifts", "shift_log"});
  p.add("shift.created", [](SqliteDb& db, const Event& e) {
    const auto& b = e.body;
    // Before rosters per unit every shift was the city's and had a leader.
    db.run("INSERT INTO shifts(id, starts_at, ends_at, officer_id, leader_id, unit_id) VALUES (?,?,?,?,?,?)",
           {e.subject, b["starts_at"], b["ends_at"], b["officer_id"], b.value("leader_id", ""), b.value("unit_id", "city")});
  });
  p.add("shift.handed_over", [](SqliteDb& db, const Event& e) {
    db.run("UPDATE shifts SET handover_note = ?, open_items = ?, handed_over_at = ? WHERE id = ?",
           {e.body["note"], e.body.value("open_items", nlohmann::json::array()).dump(), e.at, e.subject});
  });
  p.add("shift.handover_accepted", [](SqliteDb& db, const Event& e) {
    db.run("UPDATE shifts SET accepted_by = ?, accepted_at = ?, accept_note = ? WHERE id = ?",
           {e.body["by_user_id"], e.at, e.body.value("note", ""), e.subject});
  });
  p.add("shift.logged", [](SqliteDb& db, const Event& e) {
    db.run("INSERT INTO shift_log(shift_id, seq, at, actor, text) VALUES (?,?,?,?,?)",
           {e.subject, e.seq, e.at, e.actor, e.body["text"]});
  });
}

}  // namespace lifeline::store
