// The one dispatch table of operations (`noun.verb`) and who may call them (schema/roles.json).
#pragma once
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "lifeline/domain/op_context.hpp"

namespace lifeline::domain {

using OpHandler = std::function<json(OpContext&, const json& body)>;

struct OpSpec {
  OpHandler handler;
  bool writes = true;  // false: read-only (no savepoint needed, never emits)
};

// How an operation is scoped (schema/scope.json): the objects its body names, which the gate checks
// before the operation runs; an operation with no rule is refused for everyone but admins.
struct ScopeRule {
  struct Target {
    std::string kind;   // a kind of schema/scope.json "kinds"
    std::string field;  // the body field holding its id
  };
  std::vector<Target> acts_on;
  std::string mode;  // acts_on | lists | own | everyone | op_checks
};

class OpRegistry {
 public:
  OpRegistry();  // registers every domain operation and loads the role matrix
  void add(const std::string& op, OpHandler handler, bool writes = true);
  const OpSpec* find(const std::string& op) const;
  // Role matrix: may `role` call `op` at all? (Scope is checked by the handler.)
  bool allowed(const std::string& op, const std::string& role) const;
  // roles.json "in_drills": what a role may call besides, inside a drill's realm only (the drill
  // director plays the incidents, warnings and orders of the scenario there, never in live).
  bool allowed_in_drill(const std::string& op, const std::string& role) const;
  bool is_public(const std::string& op) const { return public_ops_.count(op) > 0; }
  // The op's scope rule, or nullptr when schema/scope.json has none.
  const ScopeRule* scope_rule(const std::string& op) const;
  std::vector<std::string> names() const;

 private:
  std::map<std::string, OpSpec> ops_;
  std::map<std::string, std::set<std::string>> roles_;
  std::set<std::string> public_ops_;
  std::map<std::string, std::set<std::string>> drill_roles_;  // op → roles allowed in drill realms
  std::map<std::string, ScopeRule> scope_;
};

// The gate's scope check: throws out_of_scope when the body names an object of `rule`'s kinds the
// actor may not read (read-only ops) or change (others). Unknown ids pass: the op says not_found.
void check_scope(OpContext& ctx, const ScopeRule& rule, const json& body, bool writes);

// Registration functions, one per area (one file each).
void register_user_ops(OpRegistry& r);
void register_incident_ops(OpRegistry& r);
void register_team_ops(OpRegistry& r);
void register_task_ops(OpRegistry& r);
void register_duty_ops(OpRegistry& r);
void register_board_ops(OpRegistry& r);
void register_place_ops(OpRegistry& r);

}  // namespace lifeline::domain
