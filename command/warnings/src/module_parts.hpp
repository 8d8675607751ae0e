// Internal: the parts of the warnings module, one file each, and what they share.
#pragma once
#include <string>
#include <vector>

#include "lifeline/domain/op_registry.hpp"
#include "lifeline/rules/rules_holder.hpp"

namespace lifeline::app {
class Engine;
}

namespace lifeline::warnings {

// The key-period calendar's raises of the duty level, held while each period is in force on the
// server's clock (key_period_duty.cpp).
void install_key_period_duty(app::Engine& engine);

// What a rule's actions are about: a warning, an incident, a missed deadline or a time of day.
struct Subject {
  std::string kind;  // warning | incident | deadline | time
  std::string id;
};

// Applies the actions in the caller's operation: level proposals and settings, deadlines, bus
// notices, the duty level, and a rule.fired event for each (the warning view and incident timeline).
void apply_actions(domain::OpContext& ctx, const domain::OpRegistry& ops, const std::vector<rules::Action>& actions,
                   const Subject& subject);

// What `subject` (a warning or incident) held up of the duty level is released: the level in
// force falls back to the highest raise still held, or to normal duty. Emits duty.level_released
// {reason} if it held any; returns how many raises it held.
int release_duty_level(domain::OpContext& ctx, const std::string& subject, const std::string& reason);

// The incident's facts as the rules read them (hazmat: the flag, or the hazardous_chemicals type).
rules::Facts incident_facts(domain::OpContext& ctx, const std::string& incident_id);

// A caller with role `department` speaks only for its own department: throws not_own_department
// unless `department` (a warning's or a CAP message's) names the caller's unit. Other roles pass.
void require_own_department(domain::OpContext& ctx, const std::string& department);

// The level proposals about a warning or incident, oldest first, as the desks read them: a pending
// one that would no longer raise the level in force (`in_force`: 1 = I highest, null = none), or
// whose subject is closed or cancelled (`open` false), reads `superseded` and cannot be approved.
nlohmann::json proposals_of(domain::OpContext& ctx, const std::string& subject, const nlohmann::json& in_force, bool open);

// warning.import, warning.list, warning.get
void register_warning_ops(domain::OpRegistry& ops, rules::RulesHolder& rules);
// incident.approve_level, warning.approve_level, proposal.list (待我审批)
void register_level_ops(domain::OpRegistry& ops);
// rules.reload, rules.get
void register_rules_ops(domain::OpRegistry& ops, rules::RulesHolder& rules, const std::string& path);
// plan.list, plan.revise: the plans register (plan_ops.cpp, schema/plans.md).
void register_plan_ops(domain::OpRegistry& ops, rules::RulesHolder& rules);
// incident.create / incident.update evaluate the rules in the same operation; incident.get adds the
// incident's deadlines and level proposals.
void wrap_incident_ops(domain::OpRegistry& ops, rules::RulesHolder& rules);
// incident.report_up (meets the 1 h report-up deadline); closing an incident settles its deadlines.
void register_incident_reporting(domain::OpRegistry& ops);

}  // namespace lifeline::warnings
