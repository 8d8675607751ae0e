#include "lifeline/store/projections.hpp"

namespace lifeline::store {

using nlohmann::json;

namespace {
// Which timestamp column a delivery state sets.
const char* stamp_column(const std::string& state) {
  if (state == "sent") return "sent_at";
  if (state == "delivered") return "delivered_at";
  if (state == "read") return "read_at";
  if (state == "failed") return "failed_at";
  if (state == "expired") return "expired_at";
  return nullptr;
}
}  // namespace

void register_bus_projections(Projector& p) {
  p.add_tables({"messages", "deliveries", "link_health", "groups"});
  p.add("bus.message_accepted", [](SqliteDb& db, const Event& e) {
    const auto& env = e.body["envelope"];
    db.run("INSERT INTO messages(id, sender, to_addr, kind, precedence, created_at, expires_at, ack, correlation_id, envelope) "
           "VALUES (?,?,?,?,?,?,?,?,?,?)",
           {e.subject, env["from"], env["to"].dump(), env["kind"], e.body["precedence_rank"], e.body["created_ms"],
            e.body["expires_ms"], env["ack"], env.value("correlation_id", ""), env.dump()});
    for (const auto& r : e.body["recipients"])
      db.run("INSERT INTO deliveries(message_id, recipient, state, queued_at, updated_at) VALUES (?,?,'queued',?,?)",
             {e.subject, r, e.at, e.at});
  });
  p.add("bus.delivery_changed", [](SqliteDb& db, const Event& e) {
    const auto& b = e.body;
    std::string to = b["to"];
    // One statement per state (prepared once each): the state's own timestamp column is set too.
    const char* col = stamp_column(to);
    // A read implies the device had the message: when the first receipt is already a read (a
    // person answered on a handheld that acked nothing before), delivered_at is that time too.
    const bool read = to == "read";
    std::string sql = std::string("UPDATE deliveries SET state = ?, channel = COALESCE(?, channel), address = COALESCE(?, address), "
                                  "attempt = COALESCE(?, attempt), reason = ?, answer = COALESCE(?, answer), "
                                  "receipt_channel = COALESCE(?, receipt_channel), updated_at = ?") +
                      (col ? std::string(", ") + col + " = ?" : std::string()) +
                      (read ? ", delivered_at = COALESCE(delivered_at, ?)" : "") + " WHERE message_id = ? AND recipient = ?";
    json params = {to, opt(b, "channel"), opt(b, "address"), opt(b, "attempt"), b.value("reason", ""), opt(b, "answer"), opt(b, "receipt_channel"), e.at};
    if (col) params.push_back(e.at);
    if (read) params.push_back(e.at);
    params.push_back(e.subject);
    params.push_back(b["recipient"]);
    db.run(sql, params);
  });
  // Audit only: the delivery_changed event beside it carries the state.
  p.add("bus.route_switched", [](SqliteDb&, const Event&) {});
  p.add("link.health_changed", [](SqliteDb& db, const Event& e) {
    const auto& b = e.body;
    db.run("INSERT INTO link_health(owner, channel, health, last_heard, reason, changed_at) VALUES (?,?,?,?,?,?) "
           "ON CONFLICT(owner, channel) DO UPDATE SET health = excluded.health, last_heard = excluded.last_heard, "
           "reason = excluded.reason, changed_at = excluded.changed_at",
           {e.subject, b["channel"], b["health"], opt(b, "last_heard"), b.value("reason", ""), e.at});
  });
  p.add("group.set", [](SqliteDb& db, const Event& e) {
    db.run("INSERT INTO groups(name, members, title_zh, title_en) VALUES (?,?,?,?) ON CONFLICT(name) DO UPDATE SET "
           "members = excluded.members, title_zh = excluded.title_zh, title_en = excluded.title_en",
           {e.subject, e.body["members"].dump(), e.body.value("title_zh", ""), e.body.value("title_en", "")});
  });
}

}  // namespace lifeline::store
