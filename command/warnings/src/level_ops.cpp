// Approving a response level a rule proposed: only the role the rule named (or the commander, who
// outranks the duty leader) approves, and the record says who did. For an incident the approval is
// the incident.level_set the existing level op writes, carrying rule, matched fact and approver.
#include "lifeline/api_error.hpp"
#include "lifeline/domain/actor_name.hpp"
#include "lifeline/domain/body_reader.hpp"
#include "lifeline/domain/role_words.hpp"
#include "lifeline/time_format.hpp"
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
  {
    auto approver = domain::role_words(p["approver"].get<std::string>());
    throw ApiError("approval_required", "level " + std::to_string(p["level"].get<int>()) + " is approved by the " + approver.en,
                   "须由" + approver.zh + "批准");
  }
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
  ctx.emit("incident.level_set", inc["id"],
           {{"level", level}, {"reason", reason.value_or(p["title_zh"].get<std::string>().empty() ? "规则 " + p["rule"].get<std::string>()
                                                                                  : p["title_zh"].get<std::string>())},
            {"approved_by", ctx.actor().ref()},
            {"approved_by_name", domain::actor_display_name(ctx)},
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

// 待我审批: the pending proposals the caller may approve now (its role is the approver, or it is the
// commander), in its scope, that would still raise the level in force of an open incident or an
// active warning; the oldest first. `mine: false` lists every pending one the caller may read.
json proposal_list(OpContext& ctx, const json& body) {
  BodyReader r(body);
  bool mine = r.opt_boolean("mine").value_or(true);
  r.finish();
  auto rows = ctx.store().query(
      "SELECT p.id, p.subject_kind, p.subject, p.level, p.approver, p.rule, p.matched, p.title_zh, p.title_en, "
      "p.proposed_at, i.number, i.title, i.level AS incident_level, i.status AS incident_status, w.headline_zh, "
      "w.headline_en, w.response_level, w.status AS warning_status FROM level_proposals p "
      "LEFT JOIN incidents i ON p.subject_kind = 'incident' AND i.id = p.subject "
      "LEFT JOIN warnings w ON p.subject_kind = 'warning' AND w.id = p.subject "
      "WHERE p.status = 'pending' ORDER BY p.proposed_at LIMIT 500");
  const auto& role = ctx.actor().role;
  json out = json::array();
  for (auto& p : ctx.readable("proposal", std::move(rows))) {
    bool incident = p["subject_kind"] == "incident";
    if (incident ? p["incident_status"] == "closed" || p["incident_status"].is_null()
                 : p["warning_status"] != "active")
      continue;
    if (!raises(incident ? p["incident_level"] : p["response_level"], p["level"].get<int>())) continue;
    bool may = role == p["approver"] || role == "commander";
    if (mine && !may) continue;
    auto text = [&](const char* f) { return p[f].is_string() ? p[f].get<std::string>() : std::string(); };
    std::string about_zh = incident ? text("number") + " " + text("title") : "预警：" + text("headline_zh");
    std::string about_en = incident ? about_zh : "Warning: " + (text("headline_en").empty() ? text("headline_zh") : text("headline_en"));
    out.push_back({{"id", p["id"]}, {"subject_kind", p["subject_kind"]}, {"subject", p["subject"]}, {"level", p["level"]},
                   {"approver", p["approver"]}, {"rule", p["rule"]}, {"matched", p["matched"]}, {"title_zh", p["title_zh"]},
                   {"title_en", p["title_en"]}, {"about_zh", about_zh}, {"about_en", about_en}, {"may_approve", may},
                   {"proposed_at", format_rfc3339_ms(p["proposed_at"].get<int64_t>())}});
  }
  return {{"proposals", std::move(out)}};
}

}  // namespace

json proposals_of(OpContext& ctx, const std::string& subject, const json& in_force, bool open) {
  auto rows = ctx.store().query("SELECT * FROM level_proposals WHERE subject = ? ORDER BY proposed_at", {subject});
  for (auto& p : rows)
    if (p["status"] == "pending" && (!open || !raises(in_force, p["level"].get<int>()))) p["status"] = "superseded";
  return rows;
}

void register_level_ops(domain::OpRegistry& ops) {
  ops.add("incident.approve_level", incident_approve_level);
  ops.add("warning.approve_level", warning_approve_level);
  ops.add("proposal.list", proposal_list, false);
}

}  // namespace lifeline::warnings
