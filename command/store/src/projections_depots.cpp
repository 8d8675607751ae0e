#include "lifeline/store/projections.hpp"

namespace lifeline::store {

void register_depot_projections(Projector& p) {
  p.add_tables({"depots", "stock", "stock_totals"});
  p.add("depot.created", [](SqliteDb& db, const Event& e) {
    const auto& b = e.body;
    db.run("INSERT INTO depots(id, name, name_en, tier, unit_id, lat, lon) VALUES (?,?,?,?,?,?,?)",
           {e.subject, b["name"], b.value("name_en", ""), b["tier"], b["unit_id"], opt(b, "lat"), opt(b, "lon")});
  });
  p.add("stock.received", [](SqliteDb& db, const Event& e) {
    const auto& b = e.body;
    db.run("INSERT INTO stock(depot_id, item, batch, qty, unit, expires_on, received_at) VALUES (?,?,?,?,?,?,?) "
           "ON CONFLICT(depot_id, item, batch) DO UPDATE SET qty = qty + excluded.qty",
           {e.subject, b["item"], b["batch"], b["qty"], b["unit"], opt(b, "expires_on"), e.at});
    db.run("INSERT INTO stock_totals(depot_id, item, received) VALUES (?,?,?) "
           "ON CONFLICT(depot_id, item) DO UPDATE SET received = received + excluded.received",
           {e.subject, b["item"], b["qty"]});
  });
}

}  // namespace lifeline::store
