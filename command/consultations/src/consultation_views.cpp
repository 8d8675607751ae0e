// Reading consultations: the list (a department sees only those it is invited to) and one
// consultation with its participants, minutes and decisions with their deadlines.
#include "consultation_common.hpp"
#include "lifeline/consultations/consultations.hpp"
#include "lifeline/domain/body_reader.hpp"
#include "lifeline/time_format.hpp"

namespace lifeline::consultations {

using domain::BodyReader;
using domain::OpContext;

namespace {

json rfc(const json& ms) { return ms.is_null() ? json() : json(format_rfc3339_ms(ms.get<int64_t>())); }

json wire(json c) {
  for (const char* k : {"scheduled_at", "held_at", "closed_at", "created_at"}) c[k] = rfc(c[k]);
  return c;
}

json consultation_list(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto status = r.opt_one_of("status", {"scheduled", "held", "closed"});
  auto subject = r.opt_str("subject", 64);
  r.finish();
  std::string sql = "SELECT c.* FROM consultations c WHERE 1=1";
  json params = json::array();
  if (is_department(ctx.actor())) {
    sql += " AND EXISTS (SELECT 1 FROM consultation_participants p WHERE p.consultation_id = c.id AND p.department_id = ?)";
    params.push_back(ctx.actor().unit_id);
  }
  if (status) sql += " AND c.status = ?", params.push_back(*status);
  if (subject) sql += " AND c.subject = ?", params.push_back(*subject);
  sql += " ORDER BY c.scheduled_at DESC LIMIT 500";
  json out = json::array();
  for (auto& c : ctx.readable("consultation", ctx.store().query(sql, params))) {
    c["departments"] = json::array();
    for (const auto& d : participants(ctx, c["id"])) c["departments"].push_back(d);
    out.push_back(wire(c));
  }
  return {{"consultations", out}};
}

json consultation_get(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto id = r.id("id");
  r.finish();
  auto c = wire(consultation_for(ctx, id));
  auto& s = ctx.store();
  c["participants"] = s.query(
      "SELECT p.department_id, u.name, u.name_en, p.attendance, p.user_id, p.joined_at FROM consultation_participants p "
      "LEFT JOIN units u ON u.id = p.department_id WHERE p.consultation_id = ? ORDER BY p.department_id",
      {id});
  for (auto& p : c["participants"]) p["joined_at"] = rfc(p["joined_at"]);
  // Names as well as addresses: a department's desk may not list the centre's users.
  c["minutes"] = s.query(
      "SELECT m.seq, m.text, m.author, u.display_name AS author_name, m.at FROM consultation_minutes m "
      "LEFT JOIN users u ON 'user:' || u.id = m.author WHERE m.consultation_id = ? ORDER BY m.seq",
      {id});
  auto opener = s.query_one("SELECT display_name FROM users WHERE 'user:' || id = ?", {c["opened_by"]});
  c["opened_by_name"] = opener.is_null() ? json(nullptr) : opener["display_name"];
  for (auto& m : c["minutes"]) m["at"] = rfc(m["at"]);
  c["decisions"] = s.query(
      "SELECT d.id, d.text, d.owner, d.due_at, d.status, d.note, d.done_at, dl.id AS deadline_id, dl.status AS "
      "deadline_status, dl.escalation_level, dl.on_time FROM consultation_decisions d LEFT JOIN deadlines dl ON "
      "dl.kind = ? AND dl.subject = d.id WHERE d.consultation_id = ? ORDER BY d.created_at, d.id",
      {kDecisionKind, id});
  for (auto& d : c["decisions"]) d["due_at"] = rfc(d["due_at"]), d["done_at"] = rfc(d["done_at"]);
  c["convene_deadlines"] = s.query(
      "SELECT id, due_at, status, met_at, on_time, escalation_level FROM deadlines WHERE kind = ? AND subject = ?",
      {kConveneKind, c["subject"]});
  for (auto& d : c["convene_deadlines"]) d["due_at"] = rfc(d["due_at"]), d["met_at"] = rfc(d["met_at"]);
  return c;
}

}  // namespace

void register_consultation_views(domain::OpRegistry& r) {
  r.add("consultation.list", consultation_list, false);
  r.add("consultation.get", consultation_get, false);
}

}  // namespace lifeline::consultations
