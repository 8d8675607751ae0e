// Supplies: the item catalogue, write-offs and release orders. Stock leaves the shelf when an order
// is accepted (reserved by its picks) and comes back if the order is cancelled.
#include "lifeline/store/projections.hpp"

namespace lifeline::store {

namespace {
void move_picks(SqliteDb& db, const std::string& depot_id, const nlohmann::json& picks, int sign) {
  for (const auto& p : picks) {
    int64_t q = p["qty"].get<int64_t>() * sign;
    db.run("UPDATE stock SET qty = qty + ? WHERE depot_id = ? AND item = ? AND batch = ?",
           {q, depot_id, p["item"], p["batch"]});
    db.run("UPDATE stock_totals SET released = released - ? WHERE depot_id = ? AND item = ?", {q, depot_id, p["item"]});
  }
}
}  // namespace

void register_supply_projections(Projector& p) {
  p.add_tables({"items", "release_orders"});
  p.add("item.defined", [](SqliteDb& db, const Event& e) {
    const auto& b = e.body;
    db.run("INSERT INTO items(id, name, name_en, unit, shelf_life_days) VALUES (?,?,?,?,?) ON CONFLICT(id) DO UPDATE "
           "SET name = excluded.name, name_en = excluded.name_en, unit = excluded.unit, "
           "shelf_life_days = excluded.shelf_life_days",
           {e.subject, b["name"], b.value("name_en", ""), b["unit"], opt(b, "shelf_life_days")});
  });
  p.add("stock.expired", [](SqliteDb& db, const Event& e) {
    const auto& b = e.body;
    db.run("UPDATE stock SET qty = qty - ? WHERE depot_id = ? AND item = ? AND batch = ?",
           {b["qty"], e.subject, b["item"], b["batch"]});
    db.run("UPDATE stock_totals SET expired = expired + ? WHERE depot_id = ? AND item = ?",
           {b["qty"], e.subject, b["item"]});
  });
  p.add("release.ordered", [](SqliteDb& db, const Event& e) {
    const auto& b = e.body;
    db.run("INSERT INTO release_orders(id, depot_id, incident_id, destination, team_id, status, lines, picks, "
           "ordered_by, created_at) VALUES (?,?,?,?,?,'ordered',?,?,?,?)",
           {e.subject, b["depot_id"], opt(b, "incident_id"), b.value("destination", ""), opt(b, "team_id"),
            b["lines"].dump(), b["picks"].dump(), e.actor, e.at});
    move_picks(db, b["depot_id"], b["picks"], -1);
  });
  p.add("release.approved", [](SqliteDb& db, const Event& e) {
    db.run("UPDATE release_orders SET status = 'approved', approved_by = ?, approved_at = ?, task_id = ? WHERE id = ?",
           {e.actor, e.at, opt(e.body, "task_id"), e.subject});
  });
  p.add("release.departed", [](SqliteDb& db, const Event& e) {
    db.run("UPDATE release_orders SET status = 'departed', departed_at = ? WHERE id = ?", {e.at, e.subject});
  });
  p.add("release.arrived", [](SqliteDb& db, const Event& e) {
    db.run("UPDATE release_orders SET status = 'arrived', arrived_at = ? WHERE id = ?", {e.at, e.subject});
  });
  p.add("release.cancelled", [](SqliteDb& db, const Event& e) {
    auto row = db.query_one("SELECT depot_id, picks FROM release_orders WHERE id = ?", {e.subject});
    db.run("UPDATE release_orders SET status = 'cancelled', reason = ? WHERE id = ?",
           {e.body.value("reason", ""), e.subject});
    if (!row.is_null())
      move_picks(db, row["depot_id"], nlohmann::json::parse(row["picks"].get<std::string>()), +1);
  });
}

}  // namespace lifeline::store
