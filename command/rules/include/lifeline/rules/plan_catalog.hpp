// The city's emergency plans (schema/plans.toml, schema/plans.md): the master plan and the special
// plans, each with its lead unit, the activation conditions it states and the rules that carry
// them out. Pure data: the plans register (plan.list) joins it with the rules in force.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "lifeline/rules/rule_set.hpp"

namespace lifeline::rules {

struct Plan {
  std::string id, kind;  // kind: master | special
  std::string title_zh, title_en, lead, activation_zh, activation_en;
  std::vector<std::string> rules;
};

struct PlanCatalog {
  std::vector<Plan> plans;
  const Plan* find(const std::string& id) const;

  // Parses and checks the file: every error with line:column, and no catalogue when there is one.
  struct Loaded {
    std::vector<Plan> plans;
    std::vector<RuleError> errors;
  };
  static Loaded load(std::string_view toml_text);
  // The shipped plans (schema/plans.toml, embedded). Throws if they do not load (a build bug).
  static const PlanCatalog& shipped();
};

}  // namespace lifeline::rules
