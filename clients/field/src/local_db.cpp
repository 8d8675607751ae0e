#include "lifeline/field/local_db.hpp"

#include <chrono>
#include <cstdio>
#include <filesystem>

#include "lifeline/time_format.hpp"
#include "lifeline/uuid7.hpp"

namespace lifeline::field {

namespace {

int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

[[noreturn]] void fail(sqlite3* db, int rc, const std::string& what) {
  std::string msg = what + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  int primary = rc & 0xff;
  if (primary == SQLITE_FULL || primary == SQLITE_IOERR) throw FieldError("disk_full", msg);
  if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB) throw FieldError("db_corrupt", msg);
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) throw FieldError("db_busy", msg);
  throw FieldError("db_error", msg);
}

// A prepared statement with positional binding; finalised on scope exit.
class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql) : db_(db) {
    int rc = sqlite3_prepare_v2(db, sql, -1, &st_, nullptr);
    if (rc != SQLITE_OK) fail(db, rc, "prepare");
  }
  ~Stmt() { sqlite3_finalize(st_); }
  Stmt& bind(int i, const std::string& v) {
    sqlite3_bind_text(st_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& bind(int i, int64_t v) {
    sqlite3_bind_int64(st_, i, v);
    return *this;
  }
  Stmt& bind_null(int i) {
    sqlite3_bind_null(st_, i);
    return *this;
  }
  bool step() {
    int rc = sqlite3_step(st_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fail(db_, rc, "step");
  }
  std::string text(int i) {
    auto p = sqlite3_column_text(st_, i);
    return p ? std::string(reinterpret_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(st_, i))) : std::string();
  }
  int64_t integer(int i) { return sqlite3_column_int64(st_, i); }
  int changes() { return sqlite3_changes(db_); }

 private:
  sqlite3* db_;
  sqlite3_stmt* st_ = nullptr;
};

const char* kInboxCols =
    "id, kind, precedence, realm, sender, correlation_id, ack_mode, channel, body, created_ms, received_ms, "
    "IFNULL(read_ms,0), IFNULL(answered_ms,0), IFNULL(answer,''), IFNULL(cancelled_ms,0), IFNULL(cancel_reason,'')";

InboxItem read_inbox_row(Stmt& s) {
  InboxItem i;
  i.id = s.text(0), i.kind = s.text(1), i.precedence = s.text(2), i.realm = s.text(3), i.sender = s.text(4);
  i.correlation_id = s.text(5), i.ack_mode = s.text(6), i.channel = s.text(7);
  i.body = json::parse(s.text(8), nullptr, false);
  i.created_ms = s.integer(9), i.received_ms = s.integer(10), i.read_ms = s.integer(11), i.answered_ms = s.integer(12);
  i.answer = s.text(13), i.cancelled_ms = s.integer(14), i.cancel_reason = s.text(15);
  return i;
}

const char* kOutboxCols = "seq, id, kind, body, created_ms, state, channel, attempts, IFNULL(sent_ms,0), IFNULL(confirmed_ms,0), note";

OutboxItem read_outbox_row(Stmt& s) {
  OutboxItem o;
  o.seq = s.integer(0), o.id = s.text(1), o.kind = s.text(2), o.body = json::parse(s.text(3), nullptr, false);
  o.created_ms = s.integer(4), o.state = s.text(5), o.channel = s.text(6), o.attempts = static_cast<int>(s.integer(7));
  o.sent_ms = s.integer(8), o.confirmed_ms = s.integer(9), o.note = s.text(10);
  return o;
}

json ms_or_null(int64_t ms) { return ms ? json(ms) : json(); }

// Precedence rank for sorting the inbox: FLASH first.
const char* kPrecedenceOrder =
    "CASE precedence WHEN 'flash' THEN 0 WHEN 'immediate' THEN 1 WHEN 'priority' THEN 2 ELSE 3 END";

}  // namespace

json InboxItem::to_json() const {
  return {{"id", id}, {"kind", kind}, {"precedence", precedence}, {"realm", realm}, {"exercise", realm != "live"},
          {"from", sender}, {"correlation_id", correlation_id}, {"ack", ack_mode}, {"channel", channel}, {"body", body},
          {"created_ms", created_ms}, {"received_ms", received_ms}, {"read_ms", ms_or_null(read_ms)},
          {"answered_ms", ms_or_null(answered_ms)}, {"answer", answer}, {"cancelled_ms", ms_or_null(cancelled_ms)},
          {"cancel_reason", cancel_reason}, {"cancelled", cancelled_ms != 0}};
}

json OutboxItem::to_json() const {
  return {{"seq", seq}, {"id", id}, {"kind", kind}, {"body", body}, {"created_ms", created_ms}, {"state", state},
          {"channel", channel}, {"attempts", attempts}, {"sent_ms", ms_or_null(sent_ms)},
          {"confirmed_ms", ms_or_null(confirmed_ms)}, {"note", note}};
}

LocalDb::LocalDb(const std::string& path) {
  check_integrity(path);
  int rc = sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close(db_);
    db_ = nullptr;
    throw FieldError("db_open_failed", path + ": " + msg);
  }
  sqlite3_busy_timeout(db_, 10000);
  try {
    exec("PRAGMA journal_mode=WAL");
    exec("PRAGMA synchronous=FULL");
    exec("PRAGMA foreign_keys=ON");
    migrate(*this);
  } catch (...) {
    sqlite3_close(db_);
    db_ = nullptr;
    throw;
  }
}

LocalDb::~LocalDb() { sqlite3_close(db_); }

// Opens the file read-only first: a damaged database is moved aside whole (with its WAL), so
// nothing the team recorded is destroyed and a specialist can still salvage it.
void LocalDb::check_integrity(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::exists(path, ec) || fs::file_size(path, ec) == 0) return;
  sqlite3* probe = nullptr;
  std::string problem;
  int rc = sqlite3_open_v2(path.c_str(), &probe, SQLITE_OPEN_READWRITE, nullptr);
  if (rc == SQLITE_OK) {
    sqlite3_busy_timeout(probe, 10000);
    sqlite3_stmt* st = nullptr;
    rc = sqlite3_prepare_v2(probe, "PRAGMA quick_check", -1, &st, nullptr);
    if (rc != SQLITE_OK) {
      problem = sqlite3_errmsg(probe);
    } else {
      rc = sqlite3_step(st);
      if (rc == SQLITE_ROW) {
        std::string r = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
        if (r != "ok") problem = r;
      } else if ((rc & 0xff) != SQLITE_BUSY) {
        problem = sqlite3_errmsg(probe);
      }
    }
    sqlite3_finalize(st);
  } else {
    problem = sqlite3_errstr(rc);
  }
  sqlite3_close(probe);
  if (problem.empty()) return;
  std::string aside = path + ".corrupt-" + std::to_string(wall_ms());
  fs::rename(path, aside, ec);
  for (const char* suffix : {"-wal", "-shm"})
    if (fs::exists(path + suffix)) fs::rename(path + suffix, aside + suffix, ec);
  throw FieldError("db_corrupt", problem + " (kept as " + aside + ")");
}

void LocalDb::exec(const std::string& sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : "";
    sqlite3_free(err);
    fail(nullptr, rc, msg);
  }
}

std::optional<std::string> LocalDb::get(const std::string& key) {
  Stmt s(db_, "SELECT value FROM settings WHERE key=?");
  s.bind(1, key);
  if (s.step()) return s.text(0);
  return std::nullopt;
}

void LocalDb::set(const std::string& key, const std::string& value) {
  Stmt s(db_, "INSERT INTO settings(key,value) VALUES(?,?) ON CONFLICT(key) DO UPDATE SET value=excluded.value");
  s.bind(1, key).bind(2, value).step();
}

bool LocalDb::store_envelope(const json& env, const std::string& channel, int64_t now_ms) {
  const std::string id = env.value("id", "");
  if (id.empty()) throw FieldError("bad_envelope", "envelope without id");
  const std::string kind = env.value("kind", "text");
  const json body = env.value("body", json::object());
  bool inserted = false;
  transaction([&] {
    int64_t created = now_ms;
    if (env.contains("created") && env["created"].is_string())
      if (auto parsed = parse_rfc3339(env["created"].get<std::string>())) created = *parsed;
    Stmt s(db_,
           "INSERT OR IGNORE INTO inbox(id, kind, precedence, realm, sender, correlation_id, ack_mode, channel, body, "
           "created_ms, received_ms) VALUES(?,?,?,?,?,?,?,?,?,?,?)");
    s.bind(1, id).bind(2, kind).bind(3, env.value("precedence", "routine")).bind(4, env.value("realm", "live"));
    s.bind(5, env.value("from", "")).bind(6, env.value("correlation_id", "")).bind(7, env.value("ack", "device"));
    s.bind(8, channel).bind(9, body.dump()).bind(10, created).bind(11, now_ms);
    s.step();
    inserted = s.changes() > 0;
    if (!inserted) return;
    // The centre is authoritative for cancellation: the order stays, marked cancelled with its
    // own times (read/answered) and the cancellation's.
    if (kind == "task" && body.value("status", "") == "cancelled") {
      std::string task_id = body.value("task_id", env.value("correlation_id", ""));
      Stmt c(db_, "UPDATE inbox SET cancelled_ms=?, cancel_reason=? WHERE correlation_id=? AND kind='order' AND cancelled_ms IS NULL");
      c.bind(1, now_ms).bind(2, body.value("reason", "")).bind(3, task_id).step();
      Stmt t(db_, "UPDATE tasks SET status='cancelled', status_ms=? WHERE id=?");
      t.bind(1, now_ms).bind(2, task_id).step();
    }
    if (kind == "order" && !env.value("correlation_id", "").empty()) {
      Stmt t(db_,
             "INSERT INTO tasks(id, what, status, due_ms, incident_id, note, status_ms, body) VALUES(?,?,?,?,?,?,?,?) "
             "ON CONFLICT(id) DO NOTHING");
      t.bind(1, env["correlation_id"].get<std::string>()).bind(2, body.value("what", "")).bind(3, "ordered");
      if (body.contains("due_at") && body["due_at"].is_number_integer()) t.bind(4, body["due_at"].get<int64_t>()); else t.bind_null(4);
      t.bind(5, body.value("incident_id", json()).is_string() ? body["incident_id"].get<std::string>() : "");
      t.bind(6, body.value("note", json()).is_string() ? body["note"].get<std::string>() : "").bind(7, now_ms).bind(8, body.dump());
      t.step();
    }
  });
  return inserted;
}

std::vector<InboxItem> LocalDb::inbox() {
  std::string sql = std::string("SELECT ") + kInboxCols + " FROM inbox ORDER BY (read_ms IS NOT NULL), " + kPrecedenceOrder +
                    ", received_ms DESC, id";
  Stmt s(db_, sql.c_str());
  std::vector<InboxItem> out;
  while (s.step()) out.push_back(read_inbox_row(s));
  return out;
}

std::optional<InboxItem> LocalDb::inbox_item(const std::string& id_or_prefix) {
  if (id_or_prefix.empty()) return std::nullopt;
  std::string sql = std::string("SELECT ") + kInboxCols + " FROM inbox WHERE id=? OR id LIKE ? OR correlation_id=? ORDER BY id=? DESC LIMIT 2";
  Stmt s(db_, sql.c_str());
  s.bind(1, id_or_prefix).bind(2, id_or_prefix + "%").bind(3, id_or_prefix).bind(4, id_or_prefix);
  std::vector<InboxItem> found;
  while (s.step()) found.push_back(read_inbox_row(s));
  if (found.empty()) return std::nullopt;
  if (found.size() > 1 && found[0].id != id_or_prefix) throw FieldError("ambiguous_id", id_or_prefix);
  return found[0];
}

void LocalDb::mark_read(const std::string& id, int64_t now_ms) {
  Stmt s(db_, "UPDATE inbox SET read_ms=? WHERE id=? AND read_ms IS NULL");
  s.bind(1, now_ms).bind(2, id).step();
}

void LocalDb::mark_answered(const std::string& id, const std::string& answer, int64_t now_ms) {
  Stmt s(db_, "UPDATE inbox SET answered_ms=?, answer=?, read_ms=IFNULL(read_ms, ?) WHERE id=? AND answered_ms IS NULL");
  s.bind(1, now_ms).bind(2, answer).bind(3, now_ms).bind(4, id).step();
}

std::string LocalDb::enqueue(const std::string& kind, const json& body, int64_t now_ms) {
  std::string id = body.contains("id") && kind == "report" ? body["id"].get<std::string>() : uuid7_string(now_ms);
  Stmt s(db_, "INSERT INTO outbox(id, kind, body, created_ms) VALUES(?,?,?,?)");
  s.bind(1, id).bind(2, kind).bind(3, body.dump()).bind(4, now_ms).step();
  return id;
}

std::vector<OutboxItem> LocalDb::outbox(const std::string& state_filter, int limit) {
  std::string sql = std::string("SELECT ") + kOutboxCols + " FROM outbox WHERE (?='' OR state=?) ORDER BY seq LIMIT ?";
  Stmt s(db_, sql.c_str());
  s.bind(1, state_filter).bind(2, state_filter).bind(3, static_cast<int64_t>(limit));
  std::vector<OutboxItem> out;
  while (s.step()) out.push_back(read_outbox_row(s));
  return out;
}

std::vector<OutboxItem> LocalDb::unsent(int limit) {
  std::string sql = std::string("SELECT ") + kOutboxCols + " FROM outbox WHERE state IN ('pending','unconfirmed') ORDER BY seq LIMIT ?";
  Stmt s(db_, sql.c_str());
  s.bind(1, static_cast<int64_t>(limit));
  std::vector<OutboxItem> out;
  while (s.step()) out.push_back(read_outbox_row(s));
  return out;
}

void LocalDb::mark_outbox(const std::string& id, const std::string& state, const std::string& channel, const std::string& note,
                          int64_t now_ms) {
  const bool final_state = state == "done" || state == "refused" || state == "superseded";
  Stmt s(db_,
         "UPDATE outbox SET state=?, channel=?, note=?, attempts=attempts+?, sent_ms=IFNULL(sent_ms, ?), "
         "confirmed_ms=CASE WHEN ? THEN ? ELSE confirmed_ms END WHERE id=? AND state NOT IN ('done','refused','superseded')");
  s.bind(1, state).bind(2, channel).bind(3, note).bind(4, static_cast<int64_t>(state == "superseded" ? 0 : 1));
  s.bind(5, now_ms).bind(6, static_cast<int64_t>(final_state)).bind(7, now_ms).bind(8, id).step();
}

int64_t LocalDb::count_outbox(const std::string& state) {
  Stmt s(db_, "SELECT COUNT(*) FROM outbox WHERE state=?");
  s.bind(1, state);
  s.step();
  return s.integer(0);
}

int LocalDb::supersede_positions(int64_t now_ms) {
  Stmt s(db_,
         "UPDATE outbox SET state='superseded', note='coalesced', confirmed_ms=? WHERE kind='position' AND state IN "
         "('pending','unconfirmed') AND seq < (SELECT MAX(seq) FROM outbox WHERE kind='position' AND state IN ('pending','unconfirmed'))");
  s.bind(1, now_ms).step();
  return s.changes();
}

void LocalDb::replace_tasks(const json& tasks) {
  transaction([&] {
    for (const auto& t : tasks) {
      // The device's own newer status (not yet confirmed) wins over the centre's older view,
      // except for cancellation, which only the centre decides.
      Stmt s(db_,
             "INSERT INTO tasks(id, what, status, due_ms, incident_id, note, status_ms, body) VALUES(?,?,?,?,?,?,?,?) "
             "ON CONFLICT(id) DO UPDATE SET what=excluded.what, due_ms=excluded.due_ms, incident_id=excluded.incident_id, "
             "note=excluded.note, body=excluded.body, status=CASE WHEN excluded.status='cancelled' OR tasks.status_ms IS NULL "
             "OR tasks.status_ms <= excluded.status_ms THEN excluded.status ELSE tasks.status END, "
             "status_ms=MAX(IFNULL(tasks.status_ms,0), excluded.status_ms)");
      s.bind(1, t.value("id", "")).bind(2, t.value("what", "")).bind(3, t.value("status", ""));
      if (t.contains("due_at") && t["due_at"].is_number_integer()) s.bind(4, t["due_at"].get<int64_t>()); else s.bind_null(4);
      s.bind(5, t.value("incident_id", json()).is_string() ? t["incident_id"].get<std::string>() : "");
      s.bind(6, t.value("note", json()).is_string() ? t["note"].get<std::string>() : "");
      s.bind(7, t.value("updated_at", json()).is_number_integer() ? t["updated_at"].get<int64_t>() : 0).bind(8, t.dump());
      s.step();
    }
  });
}

void LocalDb::set_task_status(const std::string& task_id, const std::string& status, int64_t at_ms) {
  Stmt s(db_, "UPDATE tasks SET status=?, status_ms=? WHERE id=? AND status NOT IN ('done','failed','cancelled')");
  s.bind(1, status).bind(2, at_ms).bind(3, task_id).step();
}

json LocalDb::tasks() {
  Stmt s(db_, "SELECT id, what, status, IFNULL(due_ms,0), IFNULL(incident_id,''), note, IFNULL(status_ms,0) FROM tasks ORDER BY IFNULL(due_ms, 9e18), id");
  json out = json::array();
  while (s.step())
    out.push_back({{"id", s.text(0)}, {"what", s.text(1)}, {"status", s.text(2)}, {"due_ms", s.integer(3) ? json(s.integer(3)) : json()},
                   {"incident_id", s.text(4)}, {"note", s.text(5)}, {"status_ms", s.integer(6)}});
  return out;
}

void LocalDb::replace_roster(const json& team) {
  transaction([&] {
    exec("DELETE FROM roster");
    int n = 0;
    for (const auto& m : team.value("members", json::array())) {
      Stmt s(db_, "INSERT OR REPLACE INTO roster(id, name, role, body) VALUES(?,?,?,?)");
      std::string id = m.contains("id") && m["id"].is_string() ? m["id"].get<std::string>() : std::to_string(n);
      s.bind(1, id).bind(2, m.value("name", "")).bind(3, m.value("role", "")).bind(4, m.dump()).step();
      ++n;
    }
  });
}

json LocalDb::roster() {
  Stmt s(db_, "SELECT id, name, role FROM roster ORDER BY role, name");
  json out = json::array();
  while (s.step()) out.push_back({{"id", s.text(0)}, {"name", s.text(1)}, {"role", s.text(2)}});
  return out;
}

}  // namespace lifeline::field
