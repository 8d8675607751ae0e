// Applies events to the projection tables. The live path and replay (--rebuild) both call apply(),
// so a projection can only ever be what its events say: replay == live by construction, and a test
// checks it on randomized histories.
#pragma once
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "lifeline/store/event.hpp"
#include "lifeline/store/sqlite_db.hpp"

namespace lifeline::store {

class Projector {
 public:
  using Apply = std::function<void(SqliteDb&, const Event&)>;
  Projector();
  // Updates the projections for one event. Unknown kinds are an error: every kind has a projection
  // (possibly "none"), so a typo cannot silently drop state.
  void apply(SqliteDb& db, const Event& e) const;
  // Registers an extra projection (for modules outside the core: bus, depots, rules ...).
  // Also adds tables it owns to the rebuild list.
  void add(const std::string& kind, Apply fn);
  void add_tables(const std::vector<std::string>& tables);
  // Empties every projection table and re-applies all events in seq order, in one transaction.
  void rebuild(SqliteDb& db) const;
  const std::vector<std::string>& tables() const { return tables_; }
  bool knows(const std::string& kind) const { return handlers_.count(kind) > 0; }
  // Every event kind with a projection, sorted: every kind the command can record.
  std::vector<std::string> kinds() const;

 private:
  std::unordered_map<std::string, Apply> handlers_;
  std::vector<std::string> tables_;
};

}  // namespace lifeline::store
