/**
 * Warnings and rules inside lifeline-command: warning.import/list/get (CAP 1.2 in, schema/cap.md),
 * rules.reload/get, incident.approve_level and warning.approve_level, and the rules engine run on
 * every trigger of schema/rules.md. Actions of a warning or an incident change are applied inside
 * the same operation (one transaction); missed deadlines and the time of day in their own.
 *
 * Concurrency: state thread only (installed before Engine::start()); the rules themselves sit in a
 * RulesHolder, whose snapshot is thread-safe.
 */
#pragma once
#include <memory>
#include <string>

#include "lifeline/app/engine.hpp"
#include "lifeline/rules/rules_holder.hpp"

namespace lifeline::warnings {

// The rules a node starts with: the file when a path is given, else the embedded defaults. A file
// with errors throws std::runtime_error listing every "file:line:column: reason".
std::shared_ptr<const rules::RuleSet> load_rules(const std::string& path);

class WarningsModule {
 public:
  // `rules_path` is what rules.reload reads ("" = none configured: reload is refused).
  WarningsModule(app::Engine& engine, rules::RulesHolder& rules, std::string rules_path);
  // Registers the ops, wraps incident.create/update/get, adds the tick hook (time triggers) and the
  // reaction to deadline.missed (deadline_missed triggers, in the same transaction).
  void install();

 private:
  int64_t tick(int64_t now);
  void release_expired_warnings(int64_t now);
  app::Engine& engine_;
  rules::RulesHolder& rules_;
  std::string rules_path_;
  int64_t last_tick_ = -1;  // the time trigger's window is (last_tick_, now]
};

}  // namespace lifeline::warnings
