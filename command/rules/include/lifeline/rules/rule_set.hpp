// A validated rules file (schema/rules.md) and its evaluation. Loading never half-succeeds: either
// every rule is valid and a RuleSet comes back, or a list of errors with line:column and reason.
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "lifeline/rules/model.hpp"

namespace lifeline::rules {

// DECISIONS.md: escalation steps 15 min apart unless the file's [settings] say otherwise (the same
// default as command/deadlines, which this pure library does not link).
inline constexpr int64_t kDefaultEscalationStepMs = 15LL * 60 * 1000;

struct RuleError {
  int line = 0, column = 0;
  std::string reason;
  std::string to_string(std::string_view source = "rules.toml") const;  // "rules.toml:12:5: reason"
};

struct Rule;  // internal (rule_set.cpp)

class RuleSet;
struct LoadResult {
  std::shared_ptr<const RuleSet> rules;  // null when errors is not empty
  std::vector<RuleError> errors;
  bool ok() const { return rules != nullptr; }
};

class RuleSet {
 public:
  // Parses TOML text and validates every rule; collects all errors it can find.
  static LoadResult load(std::string_view toml_text);
  // The shipped defaults, schema/rules.toml (embedded). Throws if they do not load (a build bug).
  static std::shared_ptr<const RuleSet> defaults();

  // Actions of every enabled rule the trigger and facts satisfy, in file order. Level actions
  // collapse to the single highest level, and only if it is above facts.current_level.
  std::vector<Action> evaluate(const Trigger& trigger, const Facts& facts) const;

  std::size_t size() const;
  std::vector<std::string> rule_ids() const;
  // Each rule by id and title, in file order (the plans register names the rules of each plan).
  struct Summary {
    std::string id, title_zh, title_en;
    bool enabled = true;
  };
  std::vector<Summary> summaries() const;

  ~RuleSet();
  RuleSet(const RuleSet&) = delete;
  RuleSet& operator=(const RuleSet&) = delete;

 private:
  RuleSet();
  std::vector<Rule> rules_;
  int utc_offset_minutes_ = 480;
  friend class RuleSetBuilder;
};

// Joins load errors into one ApiError rules_invalid ("line:column reason; ...").
[[noreturn]] void throw_rules_invalid(const std::vector<RuleError>& errors);

}  // namespace lifeline::rules
