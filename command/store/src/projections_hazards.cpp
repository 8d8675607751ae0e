// Hazards (隐患): one row per hazard with its current state; the full history (reopen included) is
// the hazard's events, which are never rewritten.
#include "lifeline/store/projections.hpp"

namespace lifeline::store {

namespace {

// Governance (schema/hazards.md "Governance"): the city's close-out, the monthly ledgers, the
// look-back draws and their re-check results, the screening rounds, the leaders' inspections, the
// urban-rural fringe rounds.
void register_hazard_governance_projections(Projector& p) {
  p.add_tables({"hazard_ledgers", "hazard_lookbacks", "hazard_lookback_items", "hazard_screenings", "leader_inspections",
                "fringe_rounds"});
  p.add("hazard.fringe_screened", [](SqliteDb& db, const Event& e) {
    const auto& b = e.body;
    db.run("INSERT INTO fringe_rounds(unit_id, period, on_date, hazards_found, note, recorded_by, recorded_at) "
           "VALUES (?,?,?,?,?,?,?)",
           {b["unit_id"], b["period"], b["on_date"], b["hazards_found"], b.value("note", ""), e.actor, e.at});
  });
  p.add("hazard.leader_inspected", [](SqliteDb& db, const Event& e) {
    const auto& b = e.body;
    db.run("INSERT INTO leader_inspections(unit_id, period, on_date, leader, hazards_found, note, recorded_by, recorded_at) "
           "VALUES (?,?,?,?,?,?,?,?)",
           {b["unit_id"], b["period"], b["on_date"], b["leader"], b["hazards_found"], b.value("note", ""), e.actor, e.at});
  });
  p.add("hazard.screened", [](SqliteDb& db, const Event& e) {
    const auto& b = e.body;
    db.run("INSERT INTO hazard_screenings(unit_id, period, on_date, hazards_found, note, recorded_by, recorded_at) "
           "VALUES (?,?,?,?,?,?,?)",
           {b["unit_id"], b["period"], b["on_date"], b["hazards_found"], b.value("note", ""), e.actor, e.at});
  });
  p.add("hazard.closed_out", [](SqliteDb& db, const Event& e) {
    db.run("UPDATE hazards SET status = 'closed', suspended = 0, closed_at = ?, closed_out_at = ?, updated_at = ? WHERE id = ?",
           {e.at, e.at, e.at, e.subject});
  });
  p.add("hazard.ledger_confirmed", [](SqliteDb& db, const Event& e) {
    const auto& b = e.body;
    db.run("INSERT INTO hazard_ledgers(unit_id, month, confirmed_at, confirmed_by, open_count, closed_count) "
           "VALUES (?,?,?,?,?,?)",
           {b["unit_id"], b["month"], e.at, e.actor, b["open_count"], b["closed_count"]});
  });
  p.add("hazard.lookback_drawn", [](SqliteDb& db, const Event& e) {
    const auto& b = e.body;
    db.run("INSERT INTO hazard_lookbacks(quarter, rate_percent, seed, population, drawn_at, drawn_by) VALUES (?,?,?,?,?,?)",
           {b["quarter"], b["rate_percent"], b["seed"], b["population"], e.at, e.actor});
    int64_t rank = 0;
    for (const auto& id : b["sample"])
      db.run("INSERT INTO hazard_lookback_items(quarter, hazard_id, rank) VALUES (?,?,?)", {b["quarter"], id, rank++});
  });
  p.add("hazard.lookback_checked", [](SqliteDb& db, const Event& e) {
    db.run("UPDATE hazard_lookback_items SET result = ?, note = ?, checked_at = ?, checked_by = ? WHERE quarter = ? AND hazard_id = ?",
           {e.body["result"], e.body.value("note", ""), e.at, e.actor, e.body["quarter"], e.subject});
  });
}

}  // namespace

void register_hazard_projections(Projector& p) {
  p.add_tables({"hazards"});
  p.add("hazard.reported", [](SqliteDb& db, const Event& e) {
    const auto& b = e.body;
    const auto place = b.value("place", nlohmann::json::object());
    db.run("INSERT INTO hazards(id, source, client_key, title, description, place_name, lat, lon, unit_id, photo_ref, "
           "contact, grade, status, reported_by, created_at, updated_at, enterprise_id, campaign) "
           "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,'reported',?,?,?,?,?)",
           {e.subject, b["source"], opt(b, "client_key"), b["title"], b.value("description", ""),
            place.value("name", ""), opt(place, "lat"), opt(place, "lon"), opt(b, "unit_id"), b.value("photo_ref", ""),
            b.value("contact", ""), opt(b, "grade"), e.actor, e.at, e.at, opt(b, "enterprise_id"), opt(b, "campaign")});
  });
  p.add("hazard.assigned", [](SqliteDb& db, const Event& e) {
    db.run("UPDATE hazards SET unit_id = ?, status = 'assigned', updated_at = ? WHERE id = ?",
           {e.body["unit_id"], e.at, e.subject});
  });
  p.add("hazard.verified", [](SqliteDb& db, const Event& e) {
    const auto& b = e.body;
    if (!b["valid"].get<bool>()) {
      db.run("UPDATE hazards SET status = 'rejected', updated_at = ?, closed_at = ? WHERE id = ?",
             {e.at, e.at, e.subject});
      return;
    }
    std::string grade = b["grade"];
    // A major hazard is listed for supervision; one already listed as overdue stays listed.
    db.run("UPDATE hazards SET status = 'rectifying', grade = ?, suspended = ?, listed = MAX(listed, ?), "
           "listed_reason = CASE WHEN ? = 1 AND listed = 0 THEN 'major' ELSE listed_reason END, "
           "listed_at = CASE WHEN ? = 1 AND listed = 0 THEN ? ELSE listed_at END, updated_at = ? WHERE id = ?",
           {grade, grade == "larger" ? 1 : 0, grade == "major" ? 1 : 0, grade == "major" ? 1 : 0,
            grade == "major" ? 1 : 0, e.at, e.at, e.subject});
  });
  p.add("hazard.planned", [](SqliteDb& db, const Event& e) {
    db.run("UPDATE hazards SET five_in_place = ?, updated_at = ? WHERE id = ?",
           {e.body["five_in_place"].dump(), e.at, e.subject});
  });
  p.add("hazard.rectified", [](SqliteDb& db, const Event& e) {
    db.run("UPDATE hazards SET status = 'accepting', updated_at = ? WHERE id = ?", {e.at, e.subject});
  });
  p.add("hazard.accepted", [](SqliteDb& db, const Event& e) {
    // A major hazard's county acceptance: it waits for the city's close-out (hazard.closed_out).
    if (e.body["passed"].get<bool>() && e.body.value("stage", "") == "county")
      db.run("UPDATE hazards SET status = 'accepted', county_accepted_at = ?, updated_at = ? WHERE id = ?",
             {e.at, e.at, e.subject});
    else if (e.body["passed"].get<bool>())
      db.run("UPDATE hazards SET status = 'closed', suspended = 0, closed_at = ?, updated_at = ? WHERE id = ?",
             {e.at, e.at, e.subject});
    else
      db.run("UPDATE hazards SET status = 'rectifying', updated_at = ? WHERE id = ?", {e.at, e.subject});
  });
  p.add("hazard.reopened", [](SqliteDb& db, const Event& e) {
    db.run("UPDATE hazards SET status = 'rectifying', reopen_count = reopen_count + 1, closed_at = NULL, "
           "county_accepted_at = NULL, closed_out_at = NULL, "
           "suspended = CASE WHEN grade = 'larger' THEN 1 ELSE 0 END, updated_at = ? WHERE id = ?",
           {e.at, e.subject});
  });
  p.add("hazard.listed", [](SqliteDb& db, const Event& e) {
    db.run("UPDATE hazards SET listed = 1, listed_reason = ?, listed_at = ?, updated_at = ? WHERE id = ?",
           {e.body["reason"], e.at, e.at, e.subject});
  });
  // Reports upward are the hazard's history (hazard.get); the deadline they meet is its own event.
  p.add("hazard.reported_up", [](SqliteDb& db, const Event& e) {
    db.run("UPDATE hazards SET updated_at = ? WHERE id = ?", {e.at, e.subject});
  });
  register_hazard_governance_projections(p);
  p.add("hazard.rewarded", [](SqliteDb& db, const Event& e) {
    db.run("UPDATE hazards SET reward_yuan = reward_yuan + ?, updated_at = ? WHERE id = ?",
           {e.body["amount_yuan"], e.at, e.subject});
  });
}

}  // namespace lifeline::store
