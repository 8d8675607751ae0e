#include "lifeline/store/projections.hpp"

namespace lifeline::store {

void register_task_projections(Projector& p) {
  p.add_tables({"tasks"});
  p.add("task.created", [](SqliteDb& db, const Event& e) {
    const auto& b = e.body;
    const auto place = b.value("place", nlohmann::json::object());
    db.run("INSERT INTO tasks(id, incident_id, team_id, what, note, place_name, lat, lon, due_at, status, created_by, "
           "created_at, updated_at, held_back) VALUES (?,?,?,?,?,?,?,?,?,'ordered',?,?,?,?)",
           {e.subject, opt(b, "incident_id"), b["team_id"], b["what"], b.value("note", ""), place.value("name", ""),
            opt(place, "lat"), opt(place, "lon"), opt(b, "due_at"), e.actor, e.at, e.at,
            b.value("held_back", nlohmann::json::array()).dump()});
    if (b.contains("incident_id") && !b["incident_id"].is_null())
      add_timeline(db, b["incident_id"], e, {{"task_id", e.subject}, {"team_id", b["team_id"]}, {"what", b["what"]}});
  });
  p.add("task.status_changed", [](SqliteDb& db, const Event& e) {
    const auto& b = e.body;
    db.run("UPDATE tasks SET status = ?, reason = ?, updated_at = ?, last_channel = ? WHERE id = ?",
           {b["to"], b.value("reason", ""), e.at, e.channel, e.subject});
    auto row = db.query_one("SELECT incident_id FROM tasks WHERE id = ?", {e.subject});
    if (!row.is_null() && !row["incident_id"].is_null())
      add_timeline(db, row["incident_id"], e,
                   {{"task_id", e.subject}, {"from", b["from"]}, {"to", b["to"]}, {"reason", b.value("reason", "")}});
  });
}

}  // namespace lifeline::store
