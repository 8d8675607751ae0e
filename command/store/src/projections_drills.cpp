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
  // The drill register (schema/drills.md §6), in live: drills held in the system or outside it.
  p.add_tables({"drill_register"});
  p.add("drill.registered", [](SqliteDb& db, const Event& e) {
    const auto& b = e.body;
    db.run("INSERT INTO drill_register(id, drill_id, title, kind, unit_id, held_on, departments, participants, scripted, note, "
           "recorded_by, recorded_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
           {e.subject, b.value("drill_id", "").empty() ? nlohmann::json() : b["drill_id"], b["title"], b["kind"], b["unit_id"],
            b["held_on"], b["departments"].dump(), b["participants"], b["scripted"].get<bool>() ? 1 : 0, b.value("note", ""),
            e.actor, e.at});
  });
  // The plans' revisions (schema/plans.md): after a drill, at the yearly review.
  p.add_tables({"plan_revisions"});
  p.add("plan.revised", [](SqliteDb& db, const Event& e) {
    db.run("INSERT INTO plan_revisions(id, plan_id, summary, drill_entry_id, revised_by, revised_at) VALUES (?,?,?,?,?,?)",
           {e.subject, e.body["plan_id"], e.body["summary"], e.body.value("drill_entry_id", ""), e.actor, e.at});
  });
  // Who plays in a drill (schema/drills.md "Participants").
  p.add_tables({"drill_participants"});
  p.add("drill.joined", [](SqliteDb& db, const Event& e) {
    for (const auto& unit : e.body["units"])
      db.run("INSERT INTO drill_participants(unit_id, joined_at, joined_by) VALUES (?,?,?) ON CONFLICT DO NOTHING", {unit, e.at, e.actor});
  });
  p.add("drill.left", [](SqliteDb& db, const Event& e) {
    for (const auto& unit : e.body["units"]) db.run("DELETE FROM drill_participants WHERE unit_id = ?", {unit});
  });
  // A drill's own link cuts (schema/drills.md "link_cut"): cut and restored per team and channel.
  p.add_tables({"drill_link_cuts"});
  p.add("drill.link_cut", [](SqliteDb& db, const Event& e) {
    for (const auto& owner : e.body["owners"])
      for (const auto& channel : e.body["channels"])
        db.run("INSERT INTO drill_link_cuts(inject_id, owner, channel, cut_at) VALUES (?,?,?,?) ON CONFLICT DO NOTHING",
               {e.subject, owner, channel, e.at});
  });
  p.add("drill.link_restored", [](SqliteDb& db, const Event& e) {
    for (const auto& owner : e.body["owners"])
      for (const auto& channel : e.body["channels"])
        db.run("UPDATE drill_link_cuts SET restored_at = ?, restored_by = ? WHERE owner = ? AND channel = ? AND restored_at IS NULL",
               {e.at, e.subject, owner, channel});
  });
  // Inside a drill's realm: its scenario, clock and injects (schema/drills.md).
  p.add_tables({"drill_scenario", "drill_injects"});
  p.add("scenario.loaded", [](SqliteDb& db, const Event& e) {
    const auto& s = e.body["scenario"];
    db.run("DELETE FROM drill_injects");
    db.run("DELETE FROM drill_scenario");
    db.run("INSERT INTO drill_scenario(id, name, title_zh, title_en, scenario, loaded_at, loaded_by, clock_at, clock_elapsed, "
           "speed, paused) VALUES (1,?,?,?,?,?,?,?,0,?,?)",
           {s["name"], s["title_zh"], s["title_en"], s.dump(), e.at, e.actor, e.at, e.body["speed"],
            e.body.value("paused", false) ? 1 : 0});
    int64_t position = 0;
    for (const auto& i : s["injects"])
      db.run("INSERT INTO drill_injects(id, position, at_ms, kind, title_zh, title_en, spec) VALUES (?,?,?,?,?,?,?)",
             {i["id"], position++, i["at_ms"], i["kind"], i["title_zh"], i["title_en"], i.dump()});
  });
  p.add("scenario.clock_set", [](SqliteDb& db, const Event& e) {
    db.run("UPDATE drill_scenario SET clock_at = ?, clock_elapsed = ?, speed = ?, paused = ?",
           {e.at, e.body["elapsed_ms"], e.body["speed"], e.body["paused"].get<bool>() ? 1 : 0});
  });
  p.add("scenario.inject_sent", [](SqliteDb& db, const Event& e) {
    const auto& b = e.body;
    db.run("INSERT INTO drill_injects(id, position, at_ms, kind, title_zh, title_en, spec, template) "
           "VALUES (?, (SELECT COALESCE(MAX(position), -1) + 1 FROM drill_injects), NULL, ?,?,?,?,?) ON CONFLICT(id) DO NOTHING",
           {e.subject, b["kind"], b["title_zh"], b["title_en"], b["spec"].dump(), b.value("template", "")});
    db.run("UPDATE drill_injects SET sent_at = ?, sent_elapsed = ?, sent_by = ?, result = ?, error = ?, error_zh = ? WHERE id = ?",
           {e.at, b["elapsed_ms"], e.actor, b.value("result", nlohmann::json::object()).dump(), b.value("error", ""),
            b.value("error_zh", ""), e.subject});
  });
}

}  // namespace lifeline::store
