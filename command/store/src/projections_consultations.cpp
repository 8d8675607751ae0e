// Joint consultations (会商): the meeting, its participants with attendance, minutes in order, and
// the decisions with their status (their deadlines are in `deadlines`, subject = decision id).
#include "lifeline/store/projections.hpp"

namespace lifeline::store {

void register_consultation_projections(Projector& p) {
  p.add_tables({"consultations", "consultation_participants", "consultation_minutes", "consultation_decisions"});
  p.add("consultation.opened", [](SqliteDb& db, const Event& e) {
    const auto& b = e.body;
    bool held = b["status"] == "held";
    db.run("INSERT INTO consultations(id, subject, subject_kind, title, status, scheduled_at, held_at, client_key, "
           "opened_by, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
           {e.subject, b["subject"], b["subject_kind"], b["title"], b["status"], b["scheduled_at"],
            held ? nlohmann::json(e.at) : nlohmann::json(), opt(b, "client_key"), e.actor, e.at});
    for (const auto& d : b["departments"])
      db.run("INSERT INTO consultation_participants(consultation_id, department_id, attendance) VALUES (?,?,'invited')",
             {e.subject, d});
  });
  p.add("consultation.started", [](SqliteDb& db, const Event& e) {
    db.run("UPDATE consultations SET status = 'held', held_at = ? WHERE id = ?", {e.at, e.subject});
  });
  p.add("consultation.joined", [](SqliteDb& db, const Event& e) {
    const auto& b = e.body;
    db.run("UPDATE consultation_participants SET attendance = ?, user_id = ?, joined_at = ? "
           "WHERE consultation_id = ? AND department_id = ?",
           {b["attendance"], opt(b, "user_id"), e.at, e.subject, b["department_id"]});
  });
  p.add("consultation.minuted", [](SqliteDb& db, const Event& e) {
    db.run("INSERT INTO consultation_minutes(consultation_id, seq, text, author, at) VALUES (?,?,?,?,?)",
           {e.subject, e.seq, e.body["text"], e.actor, e.at});
  });
  p.add("consultation.decided", [](SqliteDb& db, const Event& e) {
    const auto& b = e.body;
    db.run("INSERT INTO consultation_decisions(id, consultation_id, text, owner, due_at, status, created_at, updated_at) "
           "VALUES (?,?,?,?,?,'open',?,?)",
           {b["decision_id"], e.subject, b["text"], b["owner"], b["due_at"], e.at, e.at});
  });
  p.add("consultation.decision_updated", [](SqliteDb& db, const Event& e) {
    const auto& b = e.body;
    bool done = b["status"] == "done";
    db.run("UPDATE consultation_decisions SET status = ?, note = ?, updated_at = ?, done_at = ? WHERE id = ?",
           {b["status"], b.value("note", ""), e.at, done ? nlohmann::json(e.at) : nlohmann::json(), b["decision_id"]});
  });
  p.add("consultation.closed", [](SqliteDb& db, const Event& e) {
    db.run("UPDATE consultations SET status = 'closed', closed_at = ?, summary = ? WHERE id = ?",
           {e.at, e.body.value("summary", ""), e.subject});
  });
}

}  // namespace lifeline::store
