#include "lifeline/store/projections.hpp"

namespace lifeline::store {

void add_timeline(SqliteDb& db, const std::string& incident_id, const Event& e, const nlohmann::json& summary) {
  db.run("INSERT INTO timeline(incident_id, seq, at, actor, kind, summary) VALUES (?,?,?,?,?,?)",
         {incident_id, e.seq, e.at, e.actor, e.kind, summary.dump()});
}

void register_incident_projections(Projector& p) {
  p.add_tables({"incidents", "timeline", "counters"});
  p.add("incident.created", [](SqliteDb& db, const Event& e) {
    const auto& b = e.body;
    const auto& place = b["place"];
    const auto& cas = b["casualties"];
    db.run(
        "INSERT INTO incidents(id, number, type, title, place_name, lat, lon, unit_id, dead, missing, injured, "
        "losses_yuan, hazmat, level, status, reported_by, reported_via, created_at, updated_at) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,NULL,'reported',?,?,?,?)",
        {e.subject, b["number"], b["type"], b["title"], place["name"], opt(place, "lat"), opt(place, "lon"),
         b["unit_id"], cas["dead"], cas["missing"], cas["injured"], b["losses_yuan"], b.value("hazmat", false) ? 1 : 0,
         e.actor, e.channel, e.at, e.at});
    db.run("INSERT INTO counters(name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value",
           {b["counter"], b["counter_value"]});
    add_timeline(db, e.subject, e, {{"title", b["title"]}, {"type", b["type"]}});
  });
  p.add("incident.updated", [](SqliteDb& db, const Event& e) {
    const auto& c = e.body["changes"];
    if (c.contains("title")) db.run("UPDATE incidents SET title = ? WHERE id = ?", {c["title"], e.subject});
    if (c.contains("type")) db.run("UPDATE incidents SET type = ? WHERE id = ?", {c["type"], e.subject});
    if (c.contains("place"))
      db.run("UPDATE incidents SET place_name = ?, lat = ?, lon = ? WHERE id = ?",
             {c["place"]["name"], opt(c["place"], "lat"), opt(c["place"], "lon"), e.subject});
    if (c.contains("casualties")) {
      const auto& k = c["casualties"];
      db.run("UPDATE incidents SET dead = ?, missing = ?, injured = ? WHERE id = ?",
             {k["dead"], k["missing"], k["injured"], e.subject});
    }
    if (c.contains("hazmat")) db.run("UPDATE incidents SET hazmat = ? WHERE id = ?", {c["hazmat"].get<bool>() ? 1 : 0, e.subject});
    if (c.contains("losses_yuan")) db.run("UPDATE incidents SET losses_yuan = ? WHERE id = ?", {c["losses_yuan"], e.subject});
    db.run("UPDATE incidents SET updated_at = ? WHERE id = ?", {e.at, e.subject});
    // Before and after: the timeline reads 死亡 3→11, not just the new numbers.
    add_timeline(db, e.subject, e, {{"changes", c}, {"before", e.body.value("before", nlohmann::json::object())}});
  });
  p.add("incident.level_set", [](SqliteDb& db, const Event& e) {
    const auto& b = e.body;
    db.run("UPDATE incidents SET level = ?, level_reason = ?, updated_at = ? WHERE id = ?",
           {b["level"], b.value("reason", ""), e.at, e.subject});
    // Approval of a rule's proposal (incident.approve_level): the proposal records who approved.
    if (b.contains("proposal_id"))
      db.run("UPDATE level_proposals SET status = 'approved', approved_by = ?, approved_at = ? WHERE id = ?",
             {b["approved_by"], e.at, b["proposal_id"]});
    add_timeline(db, e.subject, e, b);
  });
  p.add("incident.reported_up", [](SqliteDb& db, const Event& e) {
    db.run("UPDATE incidents SET updated_at = ? WHERE id = ?", {e.at, e.subject});
    add_timeline(db, e.subject, e, e.body);
  });
  p.add("incident.status_changed", [](SqliteDb& db, const Event& e) {
    db.run("UPDATE incidents SET status = ?, updated_at = ? WHERE id = ?", {e.body["to"], e.at, e.subject});
    add_timeline(db, e.subject, e, e.body);
  });
}

}  // namespace lifeline::store
