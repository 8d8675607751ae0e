// The rules on incidents: incident.create and incident.update (when a fact changes) evaluate them
// inside the same operation, so the incident and what the rules made of it commit together.
// incident.get also shows the incident's deadlines and level proposals (the consultation subject
// is the incident id).
#include "module_parts.hpp"

namespace lifeline::warnings {

using domain::OpContext;
using nlohmann::json;

namespace {

void evaluate(OpContext& ctx, const domain::OpRegistry& ops, rules::RulesHolder& holder, const std::string& id,
              rules::TriggerKind kind) {
  rules::Trigger t;
  t.kind = kind;
  t.subject = id;
  apply_actions(ctx, ops, holder.current()->evaluate(t, incident_facts(ctx, id)), {"incident", id});
}

bool changes_facts(const json& body) {
  for (const char* k : {"casualties", "losses_yuan", "hazmat", "type"})
    if (body.contains(k)) return true;
  return false;
}

}  // namespace

void wrap_incident_ops(domain::OpRegistry& ops, rules::RulesHolder& holder) {
  auto create = ops.find("incident.create")->handler;
  ops.add("incident.create", [create, &ops, &holder](OpContext& ctx, const json& body) {
    auto res = create(ctx, body);
    evaluate(ctx, ops, holder, res["id"], rules::TriggerKind::incident_created);
    return res;
  });
  auto update = ops.find("incident.update")->handler;
  ops.add("incident.update", [update, &ops, &holder](OpContext& ctx, const json& body) {
    auto res = update(ctx, body);
    if (changes_facts(body)) evaluate(ctx, ops, holder, res["id"], rules::TriggerKind::incident_fact);
    return res;
  });
  auto get = ops.find("incident.get")->handler;
  ops.add("incident.get", [get](OpContext& ctx, const json& body) {
    auto res = get(ctx, body);
    const auto& id = res["incident"]["id"];
    res["deadlines"] = ctx.store().query(
        "SELECT id, kind, subject, title_zh, title_en, due_at, status, escalation_level, met_at FROM deadlines "
        "WHERE subject = ? ORDER BY due_at", {id});
    res["proposals"] = proposals_of(ctx, id, res["incident"]["level"], res["incident"]["status"] != "closed");
    res["consultation"] = {{"kind", "consultation.convene"}, {"subject", id}};
    return res;
  }, false);
}

}  // namespace lifeline::warnings
