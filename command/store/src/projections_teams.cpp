#include "lifeline/store/projections.hpp"

namespace lifeline::store {

namespace {
// Breadcrumbs older than a day are dropped (schema/protocol.md "team.tracks" reads at most 24 h).
constexpr int64_t kTrackKeptMs = 24LL * 3600 * 1000;

void set_ladder(SqliteDb& db, const std::string& owner, const nlohmann::json& ladder) {
  db.run("DELETE FROM contacts WHERE owner = ?", {owner});
  int rank = 0;
  for (const auto& c : ladder)
    db.run("INSERT INTO contacts(owner, rank, channel, address) VALUES (?,?,?,?)",
           {owner, rank++, c["channel"], c["address"]});
}
void add_member(SqliteDb& db, const std::string& team_id, const nlohmann::json& m) {
  db.run("INSERT INTO members(id, team_id, name, role, user_id, skills, on_duty) VALUES (?,?,?,?,?,?,?)",
         {m["id"], team_id, m["name"], m["role"], opt(m, "user_id"), m.value("skills", ""), m.value("on_duty", true) ? 1 : 0});
}
}  // namespace

void register_team_projections(Projector& p) {
  p.add_tables({"teams", "members", "contacts", "equipment", "team_device_positions", "team_track"});
  p.add("team.created", [](SqliteDb& db, const Event& e) {
    const auto& b = e.body;
    db.run("INSERT INTO teams(id, name, name_en, kind, unit_id, base, lat, lon, readiness, required_min, updated_at) "
           "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
           {e.subject, b["name"], b.value("name_en", ""), b["kind"], b["unit_id"], b.value("base", ""), opt(b, "lat"),
            opt(b, "lon"), b["readiness"], b.value("required_min", 0), e.at});
    for (const auto& m : b.value("members", nlohmann::json::array())) add_member(db, e.subject, m);
    for (const auto& q : b.value("equipment", nlohmann::json::array()))
      db.run("INSERT INTO equipment(team_id, item, qty) VALUES (?,?,?)", {e.subject, q["item"], q["qty"]});
    set_ladder(db, "team:" + e.subject, b.value("contacts", nlohmann::json::array()));
  });
  p.add("team.readiness_changed", [](SqliteDb& db, const Event& e) {
    db.run("UPDATE teams SET readiness = ?, updated_at = ? WHERE id = ?", {e.body["to"], e.at, e.subject});
  });
  // The device's own fix and breadcrumb; the team is where its newest fix puts it (one device's
  // late fix does not pull the team back).
  p.add("team.position_reported", [](SqliteDb& db, const Event& e) {
    const auto fix_at = e.body.value("fix_at", e.at);
    const auto device = e.body.value("device", "");
    db.run("UPDATE teams SET lat = ?, lon = ?, position_at = ?, updated_at = ? "
           "WHERE id = ? AND (position_at IS NULL OR position_at <= ?)",
           {e.body["lat"], e.body["lon"], fix_at, e.at, e.subject, fix_at});
    db.run("INSERT INTO team_device_positions(team_id, device, device_name, lat, lon, fix_at) VALUES (?,?,?,?,?,?) "
           "ON CONFLICT(team_id, device) DO UPDATE SET device_name = excluded.device_name, lat = excluded.lat, "
           "lon = excluded.lon, fix_at = excluded.fix_at WHERE excluded.fix_at >= team_device_positions.fix_at",
           {e.subject, device, e.body.value("device_name", ""), e.body["lat"], e.body["lon"], fix_at});
    db.run("INSERT INTO team_track(team_id, device, lat, lon, fix_at) VALUES (?,?,?,?,?)",
           {e.subject, device, e.body["lat"], e.body["lon"], fix_at});
    db.run("DELETE FROM team_track WHERE team_id = ? AND device = ? AND fix_at < ?",
           {e.subject, device, fix_at - kTrackKeptMs});
  });
  p.add("team.member_added", [](SqliteDb& db, const Event& e) { add_member(db, e.subject, e.body); });
  p.add("team.member_duty_changed", [](SqliteDb& db, const Event& e) {
    db.run("UPDATE members SET on_duty = ? WHERE id = ?", {e.body["on_duty"].get<bool>() ? 1 : 0, e.body["member_id"]});
  });
  // The latest test decides (an older one recorded later is history only).
  p.add("team.member_comms_tested", [](SqliteDb& db, const Event& e) {
    db.run("UPDATE members SET comms_test = ?, comms_tested_on = ?, comms_test_note = ? "
           "WHERE id = ? AND (comms_tested_on IS NULL OR comms_tested_on <= ?)",
           {e.body["passed"].get<bool>() ? "passed" : "failed", e.body["tested_on"], e.body.value("note", ""),
            e.body["member_id"], e.body["tested_on"]});
  });
  p.add("team.equipment_set", [](SqliteDb& db, const Event& e) {
    db.run("INSERT INTO equipment(team_id, item, qty) VALUES (?,?,?) "
           "ON CONFLICT(team_id, item) DO UPDATE SET qty = excluded.qty",
           {e.subject, e.body["item"], e.body["qty"]});
  });
  p.add("contacts.set", [](SqliteDb& db, const Event& e) { set_ladder(db, e.subject, e.body["ladder"]); });
}

}  // namespace lifeline::store
