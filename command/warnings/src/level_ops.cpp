// Approving a response level a rule proposed: only the role the rule named (or the commander, who
// outranks the duty leader) approves, and the record says who did. For an incident the approval is
// the incident.level_set the existing level op writes, carrying rule, matched fact and approver.
#include "lifeline/api_error.hpp"
#include "lifeline/domain/body_reader.hpp"
#include "module_parts.hpp"

namespace lifeline::warnings {

using domain::BodyReader;
using domain::OpContext;
using nlohmann::json;

namespace {

json pending_proposal(OpContext& ctx, const std::string& id, const char* subject_kind) {
  auto p = ctx.must_find("level_proposals", id);
  if (p["subject_kind"] != subject_kind) throw ApiError("not_found", std::string(subject_kind) + " proposal " + id);
  if (p["status"] != "pending") throw ApiError("invalid_transition", "proposal already " + p["status"].get<std::string>(), "该建议已处理");
  const auto& role = ctx.actor().role;
  if (role != p["approver"] && role != "commander")
    throw ApiError("approval_required", "level " + std::to_string(p["level"].get<int>()) + " is approved by " +
                                            p["approver"].get<std::string>(),
                   "须由 " + p["approver"].get<std::string>() + " 批准");
  return p;
}

// True if `level` raises what is in force (1 = I highest; null = none).
bool raises(const json& in_force, int level) { return in_force.is_null() || level < in_force.get<int>(); }

json incident_approve_level(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto id = r.id("proposal_id");
  auto reason = r.opt_str("reason", 200);
  r.finish();
  auto p = pending_proposal(ctx, id, "incident");
  auto inc = ctx.must_find("incidents", p["subject"]);
  ctx.require_scope(inc["unit_id"]);
  if (inc["status"] == "closed") throw ApiError("invalid_transition", "incident is closed", "事件已关闭");
  int level = p["level"];
  if (!raises(inc["level"], level))
    throw ApiError("invalid_transition", "level in force is already " + std::to_string(inc["level"].get<int>()), "已有同级或更高级别响应");
  // The approver's name travels with the event: the timeline shows who approved, not an id.
  auto approver = ctx.store().query_one("SELECT display_name FROM users WHERE id = ?", {ctx.actor().user_id});
  ctx.emit("incident.level_set", inc["id"],
           {{"level", level}, {"reason", reason.value_or("rule " + p["rule"].get<std::string>())},
            {"approved_by", ctx.actor().ref()},
            {"approved_by_name", approver.is_null() ? ctx.actor().username : approver["display_name"].get<std::string>()},
            {"previous", inc["level"]}, {"rule", p["rule"]},
            {"matched", p["matched"]}, {"approver", p["approver"]}, {"proposal_id", id}});
  return {{"id", inc["id"]}, {"level", level}, {"approved_by", ctx.actor().ref()}};
}

json warning_approve_level(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto id = r.id("proposal_id");
  r.finish();
  auto p = pending_proposal(ctx, id, "warning");
  auto w = ctx.must_find("warnings", p["subject"]);
  if (w["status"] == "cancelled") throw ApiError("invalid_transition", "warning is cancelled", "预警已解除");
  int level = p["level"];
  if (!raises(w["response_level"], level))
    throw ApiError("invalid_transition", "level in force is already " + std::to_string(w["response_level"].get<int>()),
                   "已有同级或更高级别响应");
  ctx.emit("warning.level_approved", w["id"],
           {{"level", level}, {"approved_by", ctx.actor().ref()}, {"rule", p["rule"]}, {"matched", p["matched"]},
            {"approver", p["approver"]}, {"proposal_id", id}});
  return {{"id", w["id"]}, {"level", level}, {"approved_by", ctx.actor().ref()}};
}

}  // namespace

void register_level_ops(domain::OpRegistry& ops) {
  ops.add("incident.approve_level", incident_approve_level);
  ops.add("warning.approve_level", warning_approve_level);
}

}  // namespace lifeline::warnings
