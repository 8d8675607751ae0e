// The local schema, one migration per step (PRAGMA user_version). Documented in
// schema/field-client.md §2; never edit a released step, add the next one.
#include <string>
#include <vector>

#include "lifeline/field/local_db.hpp"

namespace lifeline::field {

namespace {
const std::vector<std::string> kMigrations = {
    R"sql(
CREATE TABLE settings(key TEXT PRIMARY KEY, value TEXT NOT NULL);
-- Everything the centre sent: orders, warnings, texts, task notices. `id` is the envelope id.
CREATE TABLE inbox(
  id TEXT PRIMARY KEY, kind TEXT NOT NULL, precedence TEXT NOT NULL, realm TEXT NOT NULL,
  sender TEXT NOT NULL, correlation_id TEXT NOT NULL DEFAULT '', ack_mode TEXT NOT NULL,
  channel TEXT NOT NULL, body TEXT NOT NULL, created_ms INTEGER NOT NULL, received_ms INTEGER NOT NULL,
  read_ms INTEGER, answered_ms INTEGER, answer TEXT,
  cancelled_ms INTEGER, cancel_reason TEXT);
CREATE INDEX inbox_correlation ON inbox(correlation_id);
-- Everything the team reported, in order. `id` is stable across replays (idempotency key).
-- state: pending | unconfirmed (handed to a terminal, no reply possible) | done | superseded | refused
CREATE TABLE outbox(
  seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,
  body TEXT NOT NULL, created_ms INTEGER NOT NULL, state TEXT NOT NULL DEFAULT 'pending',
  channel TEXT NOT NULL DEFAULT '', attempts INTEGER NOT NULL DEFAULT 0, sent_ms INTEGER,
  confirmed_ms INTEGER, note TEXT NOT NULL DEFAULT '');
CREATE INDEX outbox_state ON outbox(state, seq);
-- The team's tasks as last seen from the centre (plus the device's own status changes).
CREATE TABLE tasks(id TEXT PRIMARY KEY, what TEXT NOT NULL, status TEXT NOT NULL, due_ms INTEGER,
  incident_id TEXT, note TEXT NOT NULL DEFAULT '', status_ms INTEGER, body TEXT NOT NULL);
CREATE TABLE roster(id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL, body TEXT NOT NULL);
)sql",
};
}  // namespace

void migrate(LocalDb& db) {
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db.handle(), "PRAGMA user_version", -1, &st, nullptr);
  int version = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
  sqlite3_finalize(st);
  if (version > static_cast<int>(kMigrations.size()))
    throw FieldError("db_too_new", "local database version " + std::to_string(version) + " is newer than this program");
  for (size_t i = static_cast<size_t>(version); i < kMigrations.size(); ++i)
    db.transaction([&] {
      db.exec(kMigrations[i]);
      db.exec("PRAGMA user_version = " + std::to_string(i + 1));
    });
}

}  // namespace lifeline::field
