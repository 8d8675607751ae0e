// Warnings received as CAP, rule-proposed response levels, what each rule did, and the duty level.
#include "lifeline/store/projections.hpp"

namespace lifeline::store {

namespace {

using nlohmann::json;

// warning.issued / .updated / .cancelled carry the whole current state of the warning and the CAP
// message that changed it, so one upsert serves all three.
void apply_warning(SqliteDb& db, const Event& e, const char* status) {
  const auto& b = e.body;
  const auto& cap = b["cap"];
  bool cancelled = std::string(status) == "cancelled";
  db.run("INSERT INTO warnings(id, status, cap_identifier, cap_sender, cap_sent, cap_status, cap_scope, msg_type, "
         "department, type, colour, headline_zh, headline_en, areas, townships, onset, expires, issued_at, updated_at, "
         "cancelled_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
         "ON CONFLICT(id) DO UPDATE SET status = excluded.status, cap_identifier = excluded.cap_identifier, "
         "cap_sender = excluded.cap_sender, cap_sent = excluded.cap_sent, cap_status = excluded.cap_status, "
         "cap_scope = excluded.cap_scope, msg_type = excluded.msg_type, department = excluded.department, "
         "type = excluded.type, colour = excluded.colour, headline_zh = excluded.headline_zh, "
         "headline_en = excluded.headline_en, areas = excluded.areas, townships = excluded.townships, "
         "onset = excluded.onset, expires = excluded.expires, updated_at = excluded.updated_at, "
         "cancelled_at = excluded.cancelled_at",
         {e.subject, status, cap["identifier"], cap["sender"], cap["sent"], cap["status"], cap["scope"], cap["msg_type"],
          b["department"], b["type"], b["colour"], b.value("headline_zh", ""), b.value("headline_en", ""),
          b["areas"].dump(), b["townships"].dump(), opt(b, "onset"), opt(b, "expires"), e.at, e.at,
          cancelled ? json(e.at) : json()});
  db.run("INSERT INTO cap_messages(sender, identifier, sent, msg_type, warning_id, xml, received_at, received_by) "
         "VALUES (?,?,?,?,?,?,?,?)",
         {cap["sender"], cap["identifier"], cap["sent"], cap["msg_type"], e.subject, b["xml"], e.at, e.actor});
}

void insert_proposal(SqliteDb& db, const Event& e, const char* subject_kind) {
  const auto& b = e.body;
  db.run("INSERT INTO level_proposals(id, subject_kind, subject, level, approver, rule, matched, status, proposed_at, "
         "title_zh, title_en) VALUES (?,?,?,?,?,?,?,'pending',?,?,?)",
         {b["proposal_id"], subject_kind, e.subject, b["level"], b["approver"], b["rule"], b["matched"], e.at,
          b.value("title_zh", ""), b.value("title_en", "")});
}

}  // namespace

namespace {
void recompute_duty_level(SqliteDb& db) {
  auto top = db.query_one(
      "SELECT readiness_percent, rule, matched, subject, raised_at, "
      "(SELECT MAX(leader_24h) FROM duty_raises WHERE released_at IS NULL) AS leader FROM duty_raises "
      "WHERE released_at IS NULL ORDER BY readiness_percent DESC, leader_24h DESC, raised_at LIMIT 1");
  if (top.is_null()) {
    db.run("DELETE FROM duty_level WHERE id = 'current'");
    return;
  }
  db.run("INSERT INTO duty_level(id, readiness_percent, leader_24h, rule, matched, subject, raised_at) "
         "VALUES ('current',?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET readiness_percent = excluded.readiness_percent, "
         "leader_24h = excluded.leader_24h, rule = excluded.rule, matched = excluded.matched, "
         "subject = excluded.subject, raised_at = excluded.raised_at",
         {top["readiness_percent"], top["leader"], top["rule"], top["matched"], top["subject"], top["raised_at"]});
}
}  // namespace

void register_warning_projections(Projector& p) {
  p.add_tables({"warnings", "cap_messages", "level_proposals", "rule_firings", "duty_level", "duty_raises"});
  p.add("warning.issued", [](SqliteDb& db, const Event& e) { apply_warning(db, e, "active"); });
  p.add("warning.updated", [](SqliteDb& db, const Event& e) { apply_warning(db, e, "active"); });
  p.add("warning.cancelled", [](SqliteDb& db, const Event& e) { apply_warning(db, e, "cancelled"); });
  p.add("warning.level_proposed", [](SqliteDb& db, const Event& e) {
    insert_proposal(db, e, "warning");
    db.run("UPDATE warnings SET proposed_level = ? WHERE id = ?", {e.body["level"], e.subject});
  });
  p.add("warning.level_approved", [](SqliteDb& db, const Event& e) {
    const auto& b = e.body;
    db.run("UPDATE warnings SET response_level = ?, response_approved_by = ? WHERE id = ?",
           {b["level"], b["approved_by"], e.subject});
    db.run("UPDATE level_proposals SET status = 'approved', approved_by = ?, approved_at = ? WHERE id = ?",
           {b["approved_by"], e.at, opt(b, "proposal_id")});
  });
  p.add("incident.level_proposed", [](SqliteDb& db, const Event& e) {
    insert_proposal(db, e, "incident");
    add_timeline(db, e.subject, e, e.body);
  });
  p.add("rule.fired", [](SqliteDb& db, const Event& e) {
    const auto& b = e.body;
    const auto& a = b["action"];
    db.run("INSERT INTO rule_firings(seq, at, subject_kind, subject, rule, action, matched, detail) VALUES (?,?,?,?,?,?,?,?)",
           {e.seq, e.at, b["subject_kind"], e.subject, a["rule"], a["action"], a["matched"], a.dump()});
    if (b["subject_kind"] == "incident") add_timeline(db, e.subject, e, a);
  });
  // The duty level in force is the highest of the raises still held (readiness, then the leader on
  // 24 h duty, which any raise may ask for); none held: normal duty (no row).
  p.add("duty.level_raised", [](SqliteDb& db, const Event& e) {
    const auto& b = e.body;
    db.run("INSERT INTO duty_raises(subject, rule, title_zh, title_en, matched, readiness_percent, leader_24h, raised_at, units) "
           "VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT(subject, rule) DO UPDATE SET title_zh = excluded.title_zh, "
           "title_en = excluded.title_en, matched = excluded.matched, readiness_percent = excluded.readiness_percent, "
           "leader_24h = excluded.leader_24h, raised_at = excluded.raised_at, released_at = NULL, release_reason = NULL, "
           "units = excluded.units",
           {b["subject"], b["rule"], b.value("title_zh", ""), b.value("title_en", ""), b["matched"], b["readiness_percent"],
            b["leader_24h"].get<bool>() ? 1 : 0, e.at, b.value("units", nlohmann::json::array()).dump()});
    recompute_duty_level(db);
  });
  p.add("duty.level_released", [](SqliteDb& db, const Event& e) {
    db.run("UPDATE duty_raises SET released_at = ?, release_reason = ? WHERE subject = ? AND released_at IS NULL",
           {e.at, e.body["reason"], e.subject});
    recompute_duty_level(db);
  });
  // Audit only: which rules were put in force, from where. The rules themselves are not state.
  p.add("rules.reloaded", [](SqliteDb&, const Event&) {});
}

}  // namespace lifeline::store
