#include "lifeline/store/migrations.hpp"

#include <set>

#include "lifeline/schema_files.hpp"

namespace lifeline::store {

int apply_migrations(SqliteDb& db, int64_t now_ms) {
  db.exec("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)");
  std::set<std::string> known, applied;
  for (const auto& [name, sql] : schema::migrations()) known.insert(std::string(name));
  for (const auto& row : db.query("SELECT name FROM schema_migrations")) applied.insert(row["name"].get<std::string>());
  for (const auto& name : applied)
    if (!known.count(name))
      throw StorageError(SQLITE_ERROR, "database " + db.path() + " has migration " + name +
                                           " unknown to this binary (written by a newer Lifeline?); refusing to open");
  int count = 0;
  for (const auto& [name, sql] : schema::migrations()) {
    if (applied.count(std::string(name))) continue;
    db.exec("BEGIN IMMEDIATE");
    try {
      db.exec(std::string(sql));
      db.run("INSERT INTO schema_migrations(name, applied_at) VALUES (?, ?)", {std::string(name), now_ms});
      db.exec("COMMIT");
    } catch (...) {
      db.exec("ROLLBACK");
      throw;
    }
    ++count;
  }
  return count;
}

}  // namespace lifeline::store
