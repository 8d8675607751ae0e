// Decisions of a consultation (会商纪要): each is a tracked item with an owner (a team, a department
// or a user) and a deadline (kind consultation.decision, subject = decision id), followed after the
// meeting until done (seed 000 §3: the minutes set tasks and completion deadlines, implementation
// is tracked). Done meets the deadline; missed, it escalates like any other.
#include <algorithm>

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

const std::vector<std::string> kStatuses = {"open", "accepted", "in_progress", "done"};

int rank(const std::string& status) {
  return static_cast<int>(std::find(kStatuses.begin(), kStatuses.end(), status) - kStatuses.begin());
}

// The owner is a bus address that must reach someone: team:ID, dept:ID or user:ID.
void check_owner(OpContext& ctx, const std::string& owner) {
  auto colon = owner.find(':');
  std::string kind = owner.substr(0, colon), id = colon == std::string::npos ? "" : owner.substr(colon + 1);
  json row;
  if (kind == "team")
    row = ctx.store().query_one("SELECT id FROM teams WHERE id = ?", {id});
  else if (kind == "dept")
    row = ctx.store().query_one("SELECT id FROM units WHERE id = ? AND kind = 'department'", {id});
  else if (kind == "user")
    row = ctx.store().query_one("SELECT id FROM users WHERE id = ? AND active = 1", {id});
  else
    throw ApiError("bad_field", "body.owner: team:ID, dept:ID or user:ID", "正文.owner：应为 team:ID、dept:ID 或 user:ID");
  if (row.is_null()) throw ApiError("not_found", "body.owner: no " + owner, "正文.owner：无此责任方 " + owner);
}

json consultation_decide(const OpRegistry& ops, OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto id = r.id("id");
  auto text = r.str("text", 2000);
  auto owner = r.str("owner", 80);
  auto due_at = r.time("due_at");
  r.finish();
  auto c = consultation_for(ctx, id);
  require_status(c, {"held"}, "decided");
  check_owner(ctx, owner);
  if (due_at <= ctx.now()) throw ApiError("bad_field", "body.due_at is not in the future", "正文.due_at 须晚于当前时间");
  auto decision_id = uuid7_string(ctx.now());
  ctx.emit("consultation.decided", id, {{"decision_id", decision_id}, {"text", text}, {"owner", owner}, {"due_at", due_at}});
  deadlines::DeadlineSpec s;
  s.kind = kDecisionKind;
  s.subject = decision_id;
  s.title_zh = "会商决定：" + text;
  s.title_en = "Consultation decision: " + text;
  s.due_at = due_at;
  auto deadline_id = deadlines::open(ctx, s);
  std::string title = c["title"];
  notify(ops, ctx, {owner}, id,
         {{"consultation_id", id}, {"what", "decision"}, {"decision_id", decision_id}, {"text", text},
          {"due_at", format_rfc3339_ms(due_at)}, {"message_zh", "会商「" + title + "」交办：" + text},
          {"message_en", "Consultation \"" + title + "\" assigns you: " + text}});
  return {{"id", id}, {"decision_id", decision_id}, {"deadline_id", deadline_id}, {"status", "open"}};
}

// The owner (its department, team lead or user) or the centre moves a decision forward, never back.
json decision_update(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto decision_id = r.id("decision_id");
  auto status = r.one_of("status", {"accepted", "in_progress", "done"});
  auto note = r.opt_str("note", 2000).value_or("");
  r.finish();
  auto d = ctx.must_find("consultation_decisions", decision_id);
  const auto& a = ctx.actor();
  std::string owner = d["owner"];
  bool owns = owner == "user:" + a.user_id || (a.role == "department" && owner == "dept:" + a.unit_id) ||
              (a.role == "team_lead" && owner == "team:" + a.unit_id);
  bool centre = a.role == "admin" || a.role == "commander" || a.role == "duty_leader" || a.role == "duty_officer" ||
                a.role == "system";
  if (!owns && !centre) throw ApiError("out_of_scope", "decision " + decision_id + " belongs to " + owner, "该决定事项责任方为 " + owner);
  std::string from = d["status"];
  if (rank(status) <= rank(from))
    throw ApiError("invalid_transition", "decision " + from + " -> " + status, "决定事项 " + from + " → " + status);
  ctx.emit("consultation.decision_updated", d["consultation_id"], {{"decision_id", decision_id}, {"status", status}, {"note", note}});
  int met = status == "done" ? deadlines::meet(ctx, kDecisionKind, decision_id) : 0;
  return {{"decision_id", decision_id}, {"status", status}, {"deadline_met", met}};
}

}  // namespace

void register_decision_ops(OpRegistry& r) {
  r.add("consultation.decide", [&r](OpContext& ctx, const json& body) { return consultation_decide(r, ctx, body); });
  r.add("consultation.decision_update", decision_update);
}

}  // namespace lifeline::consultations
