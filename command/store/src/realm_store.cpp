#include "lifeline/store/realm_store.hpp"

#include <algorithm>

#include "lifeline/store/migrations.hpp"

namespace lifeline::store {

RealmStore::RealmStore(const std::string& path, std::string realm, std::shared_ptr<const Projector> projector,
                       int64_t now_ms, const OpenOptions& options)
    : db_(path, options), realm_(std::move(realm)), projector_(std::move(projector)) {
  apply_migrations(db_, now_ms);
}

void RealmStore::begin_batch() {
  db_.exec("BEGIN IMMEDIATE");
  in_batch_ = true;
}

void RealmStore::commit_batch() {
  try {
    db_.exec("COMMIT");
  } catch (...) {
    // A failed COMMIT may leave the transaction open (e.g. SQLITE_FULL); undo it so nothing of the
    // batch is half-applied and the caller can report the failure to every request in it.
    if (!sqlite3_get_autocommit(db_.handle())) sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
    in_batch_ = false;
    throw;
  }
  in_batch_ = false;
}

void RealmStore::rollback_batch() {
  if (!sqlite3_get_autocommit(db_.handle())) db_.exec("ROLLBACK");
  in_batch_ = false;
}

// Prepared once and reused: these run around every request of every batch.
void RealmStore::savepoint(const std::string& name) { db_.run("SAVEPOINT " + name); }
void RealmStore::release(const std::string& name) { db_.run("RELEASE " + name); }
void RealmStore::rollback_savepoint(const std::string& name) {
  db_.run("ROLLBACK TO " + name);
  db_.run("RELEASE " + name);
}
void RealmStore::savepoint() { db_.run("SAVEPOINT req"); }
void RealmStore::release() { db_.run("RELEASE req"); }
void RealmStore::rollback_savepoint() {
  db_.run("ROLLBACK TO req");
  db_.run("RELEASE req");
}

Event RealmStore::append(Event e) {
  e.realm = realm_;
  auto& st = db_.prepared("INSERT INTO events(at, actor, realm, kind, subject, channel, body) VALUES (?,?,?,?,?,?,?)");
  st.bind_all({e.at, e.actor, e.realm, e.kind, e.subject, e.channel, e.body.dump()});
  st.step();
  st.reset();
  e.seq = db_.last_insert_rowid();
  projector_->apply(db_, e);
  return e;
}

int64_t RealmStore::last_seq() {
  auto row = db_.query_one("SELECT COALESCE(MAX(seq), 0) AS s FROM events");
  return row["s"].get<int64_t>();
}

namespace {
std::vector<Event> to_events(const nlohmann::json& rows) {
  std::vector<Event> out;
  for (const auto& r : rows) {
    Event e;
    e.seq = r["seq"];
    e.at = r["at"];
    e.actor = r["actor"];
    e.realm = r["realm"];
    e.kind = r["kind"];
    e.subject = r["subject"];
    e.channel = r["channel"];
    e.body = nlohmann::json::parse(r["body"].get<std::string>());
    out.push_back(std::move(e));
  }
  return out;
}
}  // namespace

std::vector<Event> RealmStore::events_after(int64_t seq, int limit) {
  return to_events(db_.query("SELECT * FROM events WHERE seq > ? ORDER BY seq LIMIT ?", {seq, limit}));
}

std::vector<Event> RealmStore::events_for_subject(const std::string& subject) {
  return to_events(db_.query("SELECT * FROM events WHERE subject = ? ORDER BY seq", {subject}));
}

void RealmStore::rebuild() { projector_->rebuild(db_); }

std::string RealmStore::dump_projections() {
  std::string out;
  auto tables = projector_->tables();
  std::sort(tables.begin(), tables.end());
  for (const auto& t : tables) {
    auto rows = db_.query("SELECT * FROM " + t);
    std::vector<std::string> lines;
    for (const auto& r : rows) lines.push_back(r.dump());
    std::sort(lines.begin(), lines.end());
    out += "== " + t + "\n";
    for (const auto& l : lines) out += l + "\n";
  }
  return out;
}

std::string RealmStore::integrity_check() {
  auto row = db_.query_one("PRAGMA integrity_check");
  return row.is_null() ? "no result" : row.begin()->get<std::string>();
}

}  // namespace lifeline::store
