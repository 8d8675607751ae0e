#include "lifeline/store/projections.hpp"

namespace lifeline::store {

// The device ledger (schema/supplies.md "Device ledger").
void register_device_projections(Projector& p) {
  p.add_tables({"devices", "device_checks", "monitor_points"});
  // Monitoring points, each with the monitor who watches it (schema/supplies.md "Monitoring points").
  p.add("monitor_point.registered", [](SqliteDb& db, const Event& e) {
    const auto& b = e.body;
    db.run("INSERT INTO monitor_points(id, kind, unit_id, name, lat, lon, monitor, created_at) VALUES (?,?,?,?,?,?,?,?)",
           {e.subject, b["kind"], b["unit_id"], b["name"], opt(b, "lat"), opt(b, "lon"), b["monitor"], e.at});
  });
  p.add("device.registered", [](SqliteDb& db, const Event& e) {
    const auto& b = e.body;
    db.run("INSERT INTO devices(id, kind, model, serial, unit_id, team_id, holder, maintainer, check_every_days, "
           "last_checked_on, status, registered_at, point_id) VALUES (?,?,?,?,?,?,?,?,?,?,'in_service',?,?)",
           {e.subject, b["kind"], b.value("model", ""), b.value("serial", ""), b["unit_id"], opt(b, "team_id"), b["holder"],
            b["maintainer"], b["check_every_days"], opt(b, "last_checked_on"), e.at, opt(b, "point_id")});
  });
  p.add("device.assigned", [](SqliteDb& db, const Event& e) {
    const auto& b = e.body;
    db.run("UPDATE devices SET unit_id = ?, team_id = ?, holder = ?, maintainer = ?, point_id = ? WHERE id = ?",
           {b["unit_id"], opt(b, "team_id"), b["holder"], b["maintainer"], opt(b, "point_id"), e.subject});
  });
  p.add("device.checked", [](SqliteDb& db, const Event& e) {
    const auto& b = e.body;
    db.run("INSERT INTO device_checks(device_id, checked_on, result, note, checked_by, recorded_at) VALUES (?,?,?,?,?,?)",
           {e.subject, b["checked_on"], b["result"], b.value("note", ""), e.actor, e.at});
    // A later check than the last one recorded sets the device's state; an older one (entered
    // late from a paper log) only joins the history.
    db.run("UPDATE devices SET last_checked_on = ?, last_result = ?, status = CASE WHEN ? = 'ok' THEN 'in_service' ELSE 'faulty' END "
           "WHERE id = ? AND status <> 'retired' AND (last_checked_on IS NULL OR last_checked_on <= ?)",
           {b["checked_on"], b["result"], b["result"], e.subject, b["checked_on"]});
  });
  p.add("device.retired", [](SqliteDb& db, const Event& e) {
    db.run("UPDATE devices SET status = 'retired' WHERE id = ?", {e.subject});
  });
}

}  // namespace lifeline::store
