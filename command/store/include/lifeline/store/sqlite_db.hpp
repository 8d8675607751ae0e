// Thin RAII layer over SQLite: one connection, a cache of prepared statements, JSON in and out.
// Concurrency: a SqliteDb is used by one thread at a time (the state thread owns the write connection).
#pragma once
#include <sqlite3.h>

#include <nlohmann/json.hpp>
#include <memory>
#include <stdexcept>
#include <string>
#include <unordered_map>

#include "lifeline/store/wal_checkpointer.hpp"

namespace lifeline::store {

using nlohmann::json;

// Any SQLite failure. `code` is the SQLite result code (SQLITE_FULL, SQLITE_IOERR, ...).
class StorageError : public std::runtime_error {
 public:
  StorageError(int code, const std::string& what) : std::runtime_error(what), code_(code) {}
  int code() const { return code_; }

 private:
  int code_;
};

class Statement {
 public:
  Statement(sqlite3* db, const std::string& sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Binds one parameter (1-based) from JSON: null, bool, integer, float, string; objects/arrays as JSON text.
  void bind(int index, const json& value);
  void bind_all(const json& params);  // an array, bound in order
  // Steps once: true if a row is available.
  bool step();
  void reset();
  // The current row as a JSON object keyed by column name.
  json row() const;
  int64_t column_int(int col) const { return sqlite3_column_int64(stmt_, col); }
  std::string column_text(int col) const;
  bool column_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

struct OpenOptions {
  bool read_only = false;
  // FULL: every commit is fsynced before it returns (an ack means durable). NORMAL for tests that
  // want speed and do not test durability.
  std::string synchronous = "FULL";
  int busy_timeout_ms = 5000;
  // The command's realm databases copy their log back on a thread of their own (WalCheckpointer).
  bool background_checkpoint = false;
};

class SqliteDb {
 public:
  SqliteDb(const std::string& path, const OpenOptions& options = {});
  ~SqliteDb();
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;

  void exec(const std::string& sql);
  // Runs `sql` with `params` (JSON array) to completion; returns the rows.
  json query(const std::string& sql, const json& params = json::array());
  // First row or null.
  json query_one(const std::string& sql, const json& params = json::array());
  // Runs a statement that returns no rows; returns sqlite3_changes().
  int run(const std::string& sql, const json& params = json::array());
  // A cached prepared statement, reset and ready to bind.
  Statement& prepared(const std::string& sql);
  int64_t last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }
  int changes() const { return sqlite3_changes(db_); }
  sqlite3* handle() const { return db_; }
  const std::string& path() const { return path_; }

 private:
  sqlite3* db_ = nullptr;
  std::string path_;
  std::unordered_map<std::string, std::unique_ptr<Statement>> cache_;
  std::unique_ptr<WalCheckpointer> checkpointer_;
};

// Throws StorageError for any rc other than OK/ROW/DONE.
void check_sqlite(sqlite3* db, int rc, const char* what);

}  // namespace lifeline::store
