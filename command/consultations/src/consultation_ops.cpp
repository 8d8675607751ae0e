// The meeting itself: opened (scheduled, or held at once) for a warning or an incident with the
// departments invited, started, attended, minuted and closed. Holding it meets the
// consultation.convene deadline the rules engine opened for the subject (seed 000 §3: typhoon or
// rainstorm warning -> joint consultation within 2 h).
#include <algorithm>
#include <set>

#include "consultation_common.hpp"
#include "lifeline/api_error.hpp"
#include "lifeline/consultations/consultations.hpp"
#include "lifeline/deadlines/deadlines.hpp"
#include "lifeline/domain/body_reader.hpp"
#include "lifeline/time_format.hpp"
#include "lifeline/uuid7.hpp"

namespace lifeline::consultations {

using domain::BodyReader;
using domain::OpContext;
using domain::OpRegistry;

namespace {

// incident | warning, or not_found. Warnings live in the warnings module's table; a convene
// deadline the rules engine opened also vouches for its warning.
std::string subject_kind(OpContext& ctx, const std::string& subject) {
  auto& s = ctx.store();
  auto inc = s.query_one("SELECT unit_id FROM incidents WHERE id = ?", {subject});
  if (!inc.is_null()) {
    ctx.require_scope(inc["unit_id"]);
    return "incident";
  }
  if (!s.query_one("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'warnings'").is_null() &&
      !s.query_one("SELECT id FROM warnings WHERE id = ?", {subject}).is_null())
    return "warning";
  if (!s.query_one("SELECT id FROM deadlines WHERE kind = ? AND subject = ?", {kConveneKind, subject}).is_null())
    return "warning";
  throw ApiError("not_found", "body.subject: no warning or incident " + subject, "正文.subject：无此预警或事件");
}

std::vector<std::string> read_departments(OpContext& ctx, const json& arr) {
  if (arr.empty()) throw ApiError("bad_field", "body.departments: at least one department", "正文.departments：至少邀请一个部门");
  std::set<std::string> seen;
  std::vector<std::string> out;
  for (const auto& d : arr) {
    if (!d.is_string()) throw ApiError("bad_field", "body.departments: department ids are strings", "正文.departments：部门编号应为字符串");
    std::string id = d;
    auto u = ctx.store().query_one("SELECT kind FROM units WHERE id = ?", {id});
    if (u.is_null() || u["kind"] != "department")
      throw ApiError("not_found", "body.departments: no department " + id, "正文.departments：无此部门 " + id);
    if (!seen.insert(id).second) throw ApiError("bad_field", "body.departments: " + id + " listed twice", "正文.departments：部门重复 " + id);
    out.push_back(id);
  }
  return out;
}

std::vector<std::string> dept_addresses(const std::vector<std::string>& ids) {
  std::vector<std::string> out;
  for (const auto& d : ids) out.push_back("dept:" + d);
  return out;
}

json consultation_open(const OpRegistry& ops, OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto subject = r.str("subject", 64);
  auto title = r.str("title", 200);
  const auto& depts = r.array("departments", 32);
  auto scheduled_at = r.time("scheduled_at");
  bool held = r.opt_boolean("held").value_or(false);
  auto client_key = r.opt_str("client_key", 100);
  r.finish();
  if (client_key) {
    // Idempotent by client key: a resubmission returns the first consultation and changes nothing.
    auto prev = ctx.store().query_one("SELECT id, status FROM consultations WHERE client_key = ?", {*client_key});
    if (!prev.is_null()) return {{"id", prev["id"]}, {"status", prev["status"]}, {"duplicate", true}};
  }
  auto kind = subject_kind(ctx, subject);
  auto departments = read_departments(ctx, depts);
  if (!held && scheduled_at < ctx.now())
    throw ApiError("bad_field", "body.scheduled_at is in the past (open it with held: true if it is taking place)",
                   "正文.scheduled_at 早于当前时间（正在召开的会商请设 held: true）");
  auto id = uuid7_string(ctx.now());
  std::string status = held ? "held" : "scheduled";
  json ev = {{"subject", subject}, {"subject_kind", kind},       {"title", title},
             {"departments", departments}, {"scheduled_at", scheduled_at}, {"status", status}};
  if (client_key) ev["client_key"] = *client_key;
  ctx.emit("consultation.opened", id, ev);
  int met = held ? deadlines::meet(ctx, kConveneKind, subject) : 0;
  notify(ops, ctx, dept_addresses(departments), id,
         {{"consultation_id", id}, {"what", "invited"}, {"subject", subject}, {"title", title},
          {"scheduled_at", format_rfc3339_ms(scheduled_at)}, {"status", status},
          {"message_zh", "邀请参加联合会商：" + title}, {"message_en", "You are invited to the joint consultation: " + title}});
  return {{"id", id}, {"status", status}, {"convene_met", met}};
}

// The meeting begins: it is held now, which meets the convene deadline; the departments are told.
json consultation_start(const OpRegistry& ops, OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto id = r.id("id");
  r.finish();
  auto c = consultation_for(ctx, id);
  require_status(c, {"scheduled"}, "held");
  ctx.emit("consultation.started", id, json::object());
  int met = deadlines::meet(ctx, kConveneKind, c["subject"]);
  std::string title = c["title"];
  notify(ops, ctx, dept_addresses(participants(ctx, id)), id,
         {{"consultation_id", id}, {"what", "started"}, {"subject", c["subject"]}, {"title", title},
          {"message_zh", "联合会商现在开始：" + title}, {"message_en", "The joint consultation is starting now: " + title}});
  return {{"id", id}, {"status", "held"}, {"convene_met", met}};
}

// Attendance: a department's own user joins for it; the centre records any invited department as
// present or absent.
json consultation_join(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto id = r.id("id");
  auto department = r.opt_str("department", 64);
  auto attendance = r.opt_one_of("attendance", {"present", "absent"}).value_or("present");
  r.finish();
  auto c = consultation_for(ctx, id);
  require_status(c, {"scheduled", "held"}, "joined");
  std::string dept;
  if (is_department(ctx.actor())) {
    dept = ctx.actor().unit_id;
    if (department && *department != dept) throw ApiError("out_of_scope", "department " + *department, "只能代表本部门参会");
    if (attendance != "present") throw ApiError("bad_field", "body.attendance: a department joins as present", "正文.attendance：部门只能签到出席");
  } else {
    if (!department) throw ApiError("missing_field", "body.department", "正文.department");
    dept = *department;
  }
  auto p = participants(ctx, id);
  if (std::find(p.begin(), p.end(), dept) == p.end())
    throw ApiError("not_found", "department " + dept + " is not invited to consultation " + id, "部门 " + dept + " 未受邀参加该会商");
  json ev = {{"department_id", dept}, {"attendance", attendance}};
  if (is_department(ctx.actor())) ev["user_id"] = ctx.actor().user_id;
  ctx.emit("consultation.joined", id, ev);
  return {{"id", id}, {"department", dept}, {"attendance", attendance}};
}

json consultation_minutes(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto id = r.id("id");
  auto text = r.str("text", 8000);
  r.finish();
  auto c = consultation_for(ctx, id);
  require_status(c, {"held"}, "minuted");
  const auto& e = ctx.emit("consultation.minuted", id, {{"text", text}});
  return {{"id", id}, {"seq", e.seq}};
}

json consultation_close(const OpRegistry& ops, OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto id = r.id("id");
  auto summary = r.opt_str("summary", 4000).value_or("");
  r.finish();
  auto c = consultation_for(ctx, id);
  require_status(c, {"held"}, "closed");
  ctx.emit("consultation.closed", id, {{"summary", summary}});
  std::string title = c["title"];
  auto open = ctx.store().query_one("SELECT COUNT(*) AS n FROM consultation_decisions WHERE consultation_id = ? AND status != 'done'", {id});
  notify(ops, ctx, dept_addresses(participants(ctx, id)), id,
         {{"consultation_id", id}, {"what", "closed"}, {"title", title}, {"summary", summary},
          {"message_zh", "联合会商已结束：" + title}, {"message_en", "The joint consultation has ended: " + title}});
  return {{"id", id}, {"status", "closed"}, {"decisions_open", open["n"]}};
}

}  // namespace

void register_consultation_ops(OpRegistry& r) {
  r.add("consultation.open", [&r](OpContext& ctx, const json& body) { return consultation_open(r, ctx, body); });
  r.add("consultation.start", [&r](OpContext& ctx, const json& body) { return consultation_start(r, ctx, body); });
  r.add("consultation.join", consultation_join);
  r.add("consultation.minutes", consultation_minutes);
  r.add("consultation.close", [&r](OpContext& ctx, const json& body) { return consultation_close(r, ctx, body); });
}

}  // namespace lifeline::consultations
