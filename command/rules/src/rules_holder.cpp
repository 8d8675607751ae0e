#include "lifeline/rules/rules_holder.hpp"

namespace lifeline::rules {

RulesHolder::RulesHolder(std::shared_ptr<const RuleSet> initial) : rules_(std::move(initial)) {}

std::shared_ptr<const RuleSet> RulesHolder::current() const {
  std::lock_guard lock(mutex_);
  return rules_;
}

std::vector<RuleError> RulesHolder::reload(std::string_view toml_text) {
  auto result = RuleSet::load(toml_text);  // parsed outside the lock: readers never wait on it
  if (!result.ok()) return result.errors;
  std::lock_guard lock(mutex_);
  rules_ = std::move(result.rules);
  return {};
}

}  // namespace lifeline::rules
