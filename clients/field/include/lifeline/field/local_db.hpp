// The handheld's local SQLite database (schema/field-client.md §2): inbox, outbox, cached roster and
// tasks, settings. WAL + synchronous=FULL so whatever a command reported as saved survives kill -9
// and power loss. Shared by the sync daemon and the one-shot CLI commands (busy timeout, short
// transactions).
#pragma once
#include <sqlite3.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace lifeline::field {

using nlohmann::json;

// A failure the user must see: `code` is a stable key for the message catalogue (strings.hpp).
struct FieldError : std::runtime_error {
  FieldError(std::string code_, std::string detail_) : std::runtime_error(code_ + ": " + detail_), code(std::move(code_)), detail(std::move(detail_)) {}
  std::string code, detail;
};

struct InboxItem {
  std::string id, kind, precedence, realm, sender, correlation_id, ack_mode, channel, answer, cancel_reason;
  json body;
  int64_t created_ms = 0, received_ms = 0, read_ms = 0, answered_ms = 0, cancelled_ms = 0;
  json to_json() const;
};

struct OutboxItem {
  int64_t seq = 0;
  std::string id, kind, state, channel, note;
  json body;
  int64_t created_ms = 0, sent_ms = 0, confirmed_ms = 0;
  int attempts = 0;
  json to_json() const;
};

class LocalDb {
 public:
  // Opens (creating when absent), checks integrity and migrates. A damaged file is renamed to
  // `<path>.corrupt-<ms>` (never deleted) and FieldError{"db_corrupt"} is thrown.
  explicit LocalDb(const std::string& path);
  ~LocalDb();
  LocalDb(const LocalDb&) = delete;
  LocalDb& operator=(const LocalDb&) = delete;

  // Settings and enrolment (key/value).
  std::optional<std::string> get(const std::string& key);
  void set(const std::string& key, const std::string& value);

  // Inbox. Returns false when the envelope id was already stored (a resend).
  bool store_envelope(const json& envelope, const std::string& channel, int64_t now_ms);
  std::vector<InboxItem> inbox();
  std::optional<InboxItem> inbox_item(const std::string& id_or_prefix);
  void mark_read(const std::string& id, int64_t now_ms);
  void mark_answered(const std::string& id, const std::string& answer, int64_t now_ms);

  // Outbox. `id` is the stable UUIDv7 the item keeps across every replay.
  std::string enqueue(const std::string& kind, const json& body, int64_t now_ms);
  std::vector<OutboxItem> outbox(const std::string& state_filter = "", int limit = -1);
  std::vector<OutboxItem> unsent(int limit);  // pending, then sent over a terminal without a reply
  void mark_outbox(const std::string& id, const std::string& state, const std::string& channel, const std::string& note, int64_t now_ms);
  int64_t count_outbox(const std::string& state);
  // Older pending positions are superseded by the newest one (thin links).
  int supersede_positions(int64_t now_ms);

  // Cached from the centre: tasks of the team and its roster.
  void replace_tasks(const json& tasks);
  void set_task_status(const std::string& task_id, const std::string& status, int64_t at_ms);
  json tasks();
  void replace_roster(const json& team_get_result);
  json roster();

  // Run `fn` in one IMMEDIATE transaction.
  template <class F>
  void transaction(F&& fn) {
    exec("BEGIN IMMEDIATE");
    try {
      fn();
      exec("COMMIT");
    } catch (...) {
      sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
      throw;
    }
  }
  void exec(const std::string& sql);
  sqlite3* handle() { return db_; }

 private:
  void check_integrity(const std::string& path);
  sqlite3* db_ = nullptr;
};

// Applies migrations (migrations.cpp) up to the latest user_version.
void migrate(LocalDb& db);

}  // namespace lifeline::field
