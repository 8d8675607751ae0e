// The rules in force. A reload swaps them only when the new file is valid: a broken edit is
// reported (line, column, reason) and the previous rules stay in force.
#pragma once
#include <memory>
#include <mutex>
#include <string_view>
#include <vector>

#include "lifeline/rules/rule_set.hpp"

namespace lifeline::rules {

class RulesHolder {
 public:
  explicit RulesHolder(std::shared_ptr<const RuleSet> initial = RuleSet::defaults());
  // A snapshot: evaluation keeps using it even if a reload lands meanwhile.
  std::shared_ptr<const RuleSet> current() const;
  // Empty result = swapped; otherwise the errors, and nothing changed.
  std::vector<RuleError> reload(std::string_view toml_text);

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<const RuleSet> rules_;
};

}  // namespace lifeline::rules
