// ZeroMQ peers (gateways, partner systems) enrolled and revoked by the admin.
#include "lifeline/store/projections.hpp"

namespace lifeline::store {

void register_peer_projections(Projector& p) {
  p.add_tables({"peers"});
  p.add("peer.enrolled", [](SqliteDb& db, const Event& e) {
    const auto& b = e.body;
    db.run("INSERT INTO peers(id, name, kind, channel, unit_id, public_key, enrolled_at, enrolled_by) VALUES (?,?,?,?,?,?,?,?)",
           {e.subject, b["name"], b["kind"], opt(b, "channel"), opt(b, "unit_id"), b["public_key"], e.at, e.actor});
  });
  p.add("peer.revoked", [](SqliteDb& db, const Event& e) {
    db.run("UPDATE peers SET revoked_at = ?, revoked_by = ?, reason = ? WHERE id = ?",
           {e.at, e.actor, opt(e.body, "reason"), e.subject});
  });
}

}  // namespace lifeline::store
