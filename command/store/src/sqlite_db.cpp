#include "lifeline/store/sqlite_db.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace lifeline::store {

namespace {
// Data files hold password hashes, session hashes and the whole event log: owner-only (0600).
// The file is created (or tightened) before SQLite opens it; SQLite gives the -wal and -shm files
// the database file's mode, and any left by an older run are tightened here too.
void make_private(const std::string& path) {
  if (path.empty() || path == ":memory:" || path.rfind("file:", 0) == 0) return;
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return;  // sqlite3_open_v2 reports why
  (void)::fchmod(fd, 0600);
  ::close(fd);
  for (const char* suffix : {"-wal", "-shm"}) (void)::chmod((path + suffix).c_str(), 0600);
}
}  // namespace

void check_sqlite(sqlite3* db, int rc, const char* what) {
  if (rc == SQLITE_OK || rc == SQLITE_ROW || rc == SQLITE_DONE) return;
  throw StorageError(rc, std::string(what) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)));
}

Statement::Statement(sqlite3* db, const std::string& sql) : db_(db) {
  check_sqlite(db_, sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                       &stmt_, nullptr),
               "prepare");
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

void Statement::bind(int i, const json& v) {
  int rc;
  switch (v.type()) {
    case json::value_t::null:
    case json::value_t::discarded: rc = sqlite3_bind_null(stmt_, i); break;
    case json::value_t::boolean: rc = sqlite3_bind_int64(stmt_, i, v.get<bool>() ? 1 : 0); break;
    case json::value_t::number_integer: rc = sqlite3_bind_int64(stmt_, i, v.get<int64_t>()); break;
    case json::value_t::number_unsigned: rc = sqlite3_bind_int64(stmt_, i, static_cast<int64_t>(v.get<uint64_t>())); break;
    case json::value_t::number_float: rc = sqlite3_bind_double(stmt_, i, v.get<double>()); break;
    case json::value_t::string: {
      const auto& s = v.get_ref<const std::string&>();
      rc = sqlite3_bind_text(stmt_, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
      break;
    }
    default: {
      auto s = v.dump();
      rc = sqlite3_bind_text(stmt_, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
    }
  }
  check_sqlite(db_, rc, "bind");
}

void Statement::bind_all(const json& params) {
  int i = 1;
  for (const auto& p : params) bind(i++, p);
}

bool Statement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  check_sqlite(db_, rc, "step");
  return false;
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::string Statement::column_text(int col) const {
  auto p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
  return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, col))) : std::string();
}

json Statement::row() const {
  json out = json::object();
  int n = sqlite3_column_count(stmt_);
  for (int c = 0; c < n; ++c) {
    const char* name = sqlite3_column_name(stmt_, c);
    switch (sqlite3_column_type(stmt_, c)) {
      case SQLITE_INTEGER: out[name] = sqlite3_column_int64(stmt_, c); break;
      case SQLITE_FLOAT: out[name] = sqlite3_column_double(stmt_, c); break;
      case SQLITE_NULL: out[name] = nullptr; break;
      default: out[name] = column_text(c);
    }
  }
  return out;
}

SqliteDb::SqliteDb(const std::string& path, const OpenOptions& options) : path_(path) {
  int flags = options.read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  flags |= SQLITE_OPEN_NOMUTEX;
  if (!options.read_only) make_private(path);
  int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close(db_);
    db_ = nullptr;
    throw StorageError(rc, "open " + path + ": " + msg);
  }
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, options.busy_timeout_ms);
  if (!options.read_only) {
    exec("PRAGMA journal_mode=WAL");
    exec("PRAGMA synchronous=" + options.synchronous);
    // Every operation runs in its own savepoint inside the batch's transaction; its statement
    // journal would spill to a temporary file after 64 KiB and cost a write per page touched.
    exec("PRAGMA temp_store=MEMORY");
    if (options.background_checkpoint) checkpointer_ = std::make_unique<WalCheckpointer>(db_, path);
  }
  exec("PRAGMA foreign_keys=ON");
}

SqliteDb::~SqliteDb() {
  checkpointer_.reset();  // its connection closes first: the writer's close then checkpoints the rest
  cache_.clear();
  sqlite3_close(db_);
}

void SqliteDb::exec(const std::string& sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    throw StorageError(rc, "exec: " + msg);
  }
}

Statement& SqliteDb::prepared(const std::string& sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) it = cache_.emplace(sql, std::make_unique<Statement>(db_, sql)).first;
  it->second->reset();
  return *it->second;
}

json SqliteDb::query(const std::string& sql, const json& params) {
  auto& st = prepared(sql);
  st.bind_all(params);
  json rows = json::array();
  while (st.step()) rows.push_back(st.row());
  st.reset();
  return rows;
}

json SqliteDb::query_one(const std::string& sql, const json& params) {
  auto& st = prepared(sql);
  st.bind_all(params);
  json out = st.step() ? st.row() : json();
  st.reset();
  return out;
}

int SqliteDb::run(const std::string& sql, const json& params) {
  auto& st = prepared(sql);
  st.bind_all(params);
  while (st.step()) {
  }
  st.reset();
  return changes();
}

}  // namespace lifeline::store
