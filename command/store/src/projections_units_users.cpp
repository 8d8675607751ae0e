#include "lifeline/store/projections.hpp"

namespace lifeline::store {

void register_unit_user_projections(Projector& p) {
  p.add_tables({"units", "users"});
  p.add("unit.created", [](SqliteDb& db, const Event& e) {
    const auto& b = e.body;
    db.run("INSERT INTO units(id, kind, name, name_en, parent_id, geocode, lat, lon) VALUES (?,?,?,?,?,?,?,?)",
           {e.subject, b["kind"], b["name"], b.value("name_en", ""), opt(b, "parent_id"), b.value("geocode", ""),
            opt(b, "lat"), opt(b, "lon")});
  });
  p.add("user.created", [](SqliteDb& db, const Event& e) {
    const auto& b = e.body;
    db.run("INSERT INTO users(id, username, display_name, role, unit_id, active, created_at) VALUES (?,?,?,?,?,1,?)",
           {e.subject, b["username"], b["display_name"], b["role"], b["unit_id"], e.at});
  });
  p.add("user.deactivated", [](SqliteDb& db, const Event& e) {
    db.run("UPDATE users SET active = 0 WHERE id = ?", {e.subject});
  });
  // Password changes are recorded for the audit trail; the hash lives in `credentials` (not replayed).
  p.add("user.password_changed", [](SqliteDb&, const Event&) {});
}

}  // namespace lifeline::store
