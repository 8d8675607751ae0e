// Internal: one validated rule as the evaluator sees it.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "lifeline/rules/model.hpp"

namespace lifeline::rules {

struct Rule {
  std::string id, title_zh, title_en;
  bool enabled = true;
  TriggerKind trigger = TriggerKind::warning;
  // warning
  std::vector<std::string> types, colours, changes;
  // incident_created / incident_fact
  std::vector<std::string> incident_types;
  std::optional<int64_t> dead, missing, injured, losses_yuan;
  std::optional<bool> hazmat;
  bool match_all = false;  // incident_fact: every threshold (all) or any one (any, the default)
  // deadline_missed
  std::vector<std::string> deadline_kinds;
  // time
  int daily_at_minute = -1;  // local minute of the day
  std::vector<Action> actions;  // templates: rule_id/title filled, matched filled at evaluation
};

}  // namespace lifeline::rules
