// Deadlines: one row per legal time limit; status and on_time are what the on-time rates count.
#include "lifeline/store/projections.hpp"

namespace lifeline::store {

void register_deadline_projections(Projector& p) {
  p.add_tables({"deadlines"});
  p.add("deadline.opened", [](SqliteDb& db, const Event& e) {
    const auto& b = e.body;
    db.run("INSERT INTO deadlines(id, kind, subject, title_zh, title_en, opened_at, due_at, chain, step_ms, status) "
           "VALUES (?,?,?,?,?,?,?,?,?,'open')",
           {e.subject, b["kind"], b["subject"], b["title_zh"], b["title_en"], e.at, b["due_at"], b["chain"].dump(),
            b["step_ms"]});
  });
  p.add("deadline.escalated", [](SqliteDb& db, const Event& e) {
    db.run("UPDATE deadlines SET escalation_level = ? WHERE id = ?", {e.body["level"], e.subject});
  });
  p.add("deadline.missed", [](SqliteDb& db, const Event& e) {
    db.run("UPDATE deadlines SET status = 'missed', on_time = 0 WHERE id = ?", {e.subject});
  });
  // Met after a miss stays counted as late (on_time 0); met before due_at counts as on time.
  p.add("deadline.met", [](SqliteDb& db, const Event& e) {
    db.run("UPDATE deadlines SET status = 'met', met_at = ?, on_time = CASE WHEN on_time = 0 OR ? > due_at THEN 0 "
           "ELSE 1 END WHERE id = ?",
           {e.at, e.at, e.subject});
  });
  // Acknowledged at the escalation level it had then: the next escalation alarms the desks again.
  p.add("deadline.acknowledged", [](SqliteDb& db, const Event& e) {
    db.run("UPDATE deadlines SET acknowledged_by = ?, acknowledged_by_name = ?, acknowledged_at = ?, "
           "acknowledged_level = ? WHERE id = ?",
           {e.actor, e.body.value("by_name", ""), e.at, e.body["level"], e.subject});
  });
  p.add("deadline.silenced", [](SqliteDb& db, const Event& e) {
    db.run("UPDATE deadlines SET silenced_until = ?, silenced_by_name = ? WHERE id = ?",
           {e.body["until"], e.body.value("by_name", ""), e.subject});
  });
  p.add("deadline.cancelled", [](SqliteDb& db, const Event& e) {
    db.run("UPDATE deadlines SET status = 'cancelled', on_time = NULL WHERE id = ?", {e.subject});
  });
}

}  // namespace lifeline::store
