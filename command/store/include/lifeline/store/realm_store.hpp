/**
 * The storage interface of one realm (live, or one drill): its own SQLite file and write connection.
 *
 * Operation: requests of one state-thread tick share one transaction (group commit): begin_batch(),
 * then per request savepoint() / append()... / release() or rollback_savepoint(), then commit_batch().
 * With WAL and synchronous=FULL, commit_batch() returns only after the batch is on disk, so
 * acks sent after it are for durable state; one fsync serves every request of the tick.
 *
 * Concurrency: owned and called only by the state thread. Every SQL statement of the command's
 * domain goes through this class (projector writes, domain reads), so another backend (DESIGN §7)
 * is one module.
 */
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "lifeline/store/event.hpp"
#include "lifeline/store/projector.hpp"
#include "lifeline/store/sqlite_db.hpp"

namespace lifeline::store {

class RealmStore {
 public:
  RealmStore(const std::string& path, std::string realm, std::shared_ptr<const Projector> projector,
             int64_t now_ms, const OpenOptions& options = {});

  const std::string& realm() const { return realm_; }
  const std::string& path() const { return db_.path(); }

  void begin_batch();
  void commit_batch();
  void rollback_batch();
  bool in_batch() const { return in_batch_; }
  void savepoint();
  void release();
  void rollback_savepoint();
  // Named savepoints inside the request's one (OpContext::attempt). `name` is [a-z0-9]+.
  void savepoint(const std::string& name);
  void release(const std::string& name);
  void rollback_savepoint(const std::string& name);

  // Appends the event (seq assigned here) and applies its projection, inside the current batch.
  Event append(Event e);
  int64_t last_seq();
  std::vector<Event> events_after(int64_t seq, int limit);
  std::vector<Event> events_for_subject(const std::string& subject);

  // Reads (and the few writes outside the event log: sessions, credentials, auth_log).
  nlohmann::json query(const std::string& sql, const nlohmann::json& params = nlohmann::json::array()) {
    return db_.query(sql, params);
  }
  nlohmann::json query_one(const std::string& sql, const nlohmann::json& params = nlohmann::json::array()) {
    return db_.query_one(sql, params);
  }
  int run(const std::string& sql, const nlohmann::json& params = nlohmann::json::array()) { return db_.run(sql, params); }

  // Empties the projections and replays the event log (lifeline-command --rebuild).
  void rebuild();
  // A canonical dump of every projection table (sorted rows), for replay == live checks.
  std::string dump_projections();
  // PRAGMA integrity_check result ("ok" when sound).
  std::string integrity_check();

 private:
  SqliteDb db_;
  std::string realm_;
  std::shared_ptr<const Projector> projector_;
  bool in_batch_ = false;
};

}  // namespace lifeline::store
