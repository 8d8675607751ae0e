#include "lifeline/domain/op_context.hpp"

#include <map>

#include "lifeline/api_error.hpp"
#include "lifeline/domain/reactions.hpp"
#include "lifeline/log.hpp"

namespace lifeline::domain {

const store::Event& OpContext::emit(const std::string& kind, const std::string& subject, json body) {
  store::Event e;
  e.at = now_;
  e.actor = actor_.ref();
  e.kind = kind;
  e.subject = subject;
  e.channel = channel_;
  e.body = std::move(body);
  events_.push_back(store_.append(std::move(e)));
  size_t index = events_.size() - 1;
  if (reactions_ && reactions_->any_for(kind)) {
    store::Event cause = events_[index];  // reactions append to events_: keep our own copy
    ++reaction_depth_;
    struct Leave {
      int& depth;
      ~Leave() { --depth; }
    } leave{reaction_depth_};
    reactions_->run(*this, cause);
  }
  return events_[index];
}

bool OpContext::attempt(const std::function<void()>& fn) {
  // Nested savepoints need names of their own: SQLite rolls back to the innermost of a name.
  const std::string name = "attempt" + std::to_string(++savepoints_);
  size_t events_before = events_.size();
  store_.savepoint(name);
  try {
    fn();
    store_.release(name);
    return true;
  } catch (const std::exception& e) {
    store_.rollback_savepoint(name);
    events_.resize(events_before);
    log_warn("op_context", "part of an operation rolled back", {{"error", e.what()}});
    return false;
  }
}

bool OpContext::in_scope(const std::string& unit_id) {
  if (actor_.role == "system" || actor_.role == "admin") return true;
  // Walk up from the target unit: in scope if we meet the actor's unit. Units are a shallow tree
  // (city > county > township > team), so this is at most a handful of lookups.
  std::string cur = unit_id;
  for (int depth = 0; depth < 16 && !cur.empty(); ++depth) {
    if (cur == actor_.unit_id) return true;
    auto row = store_.query_one("SELECT parent_id FROM units WHERE id = ?", {cur});
    if (row.is_null() || row["parent_id"].is_null()) break;
    cur = row["parent_id"].get<std::string>();
  }
  return false;
}

void OpContext::require_scope(const std::string& unit_id) {
  if (!in_scope(unit_id)) throw ApiError("out_of_scope", unit_id);
}

void OpContext::require_own_team(const std::string& team_id) {
  if (actor_.is_team_role() && actor_.unit_id != team_id) throw ApiError("out_of_scope", "team " + team_id);
}

Scope& OpContext::scope() {
  if (!scope_) scope_ = std::make_unique<Scope>(store_, actor_);
  return *scope_;
}

json OpContext::readable(const std::string& kind, json rows) {
  if (actor_.role == "admin" || actor_.role == "system") return rows;
  json out = json::array();
  for (auto& row : rows)
    if (scope().sees(kind, row)) out.push_back(std::move(row));
  return out;
}

json OpContext::readable_by(const std::string& kind, const char* field, json rows) {
  if (actor_.role == "admin" || actor_.role == "system") return rows;
  std::map<std::string, bool> seen;  // many rows name the same object
  json out = json::array();
  for (auto& row : rows) {
    std::string id = row.value(field, "");
    auto it = seen.find(id);
    if (it == seen.end()) it = seen.emplace(id, scope().allows(kind, id, Access::read).value_or(false)).first;
    if (it->second) out.push_back(std::move(row));
  }
  return out;
}

json OpContext::must_find(const char* table, const std::string& id) {
  auto row = store_.query_one(std::string("SELECT * FROM ") + table + " WHERE id = ?", {id});
  if (row.is_null()) throw ApiError("not_found", std::string(table) + " " + id);
  return row;
}

}  // namespace lifeline::domain
