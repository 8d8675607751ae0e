#include "lifeline/store/wal_checkpointer.hpp"

namespace lifeline::store {

namespace {
// The log starts over only when a checkpoint has copied all of it; under sustained writes the
// writer keeps appending while the background copies, so the log would only grow. At this many
// thresholds the writer checkpoints itself (the background has copied most pages by then, so it
// copies the rest) and the log restarts: it stays under about 4 × 4 MB.
constexpr int kFallBehindFactor = 4;
}  // namespace

WalCheckpointer::WalCheckpointer(sqlite3* writer, const std::string& path, int threshold_pages)
    : writer_(writer), path_(path), threshold_(threshold_pages) {
  sqlite3_wal_autocheckpoint(writer_, 0);
  sqlite3_wal_hook(writer_, &WalCheckpointer::on_commit, this);
  thread_ = std::thread([this] { loop(); });
}

WalCheckpointer::~WalCheckpointer() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
  sqlite3_wal_hook(writer_, nullptr, nullptr);
}

int WalCheckpointer::on_commit(void* self, sqlite3* db, const char* schema, int wal_pages) {
  auto* me = static_cast<WalCheckpointer*>(self);
  if (wal_pages >= me->threshold_ * kFallBehindFactor) {
    // Only one checkpoint runs at a time (a second one is refused as busy): wait for the
    // background's, then copy what it had not reached.
    std::lock_guard running(me->running_);
    sqlite3_wal_checkpoint_v2(db, schema, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    return SQLITE_OK;
  }
  bool wake;
  {
    std::lock_guard lock(me->mu_);
    me->wal_pages_ = wal_pages;
    wake = wal_pages >= me->threshold_;
  }
  if (wake) me->wake_.notify_one();
  return SQLITE_OK;
}

void WalCheckpointer::loop() {
  sqlite3* db = nullptr;
  // Its own connection: SQLite connections are not shared between threads here (NOMUTEX).
  if (sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    db = nullptr;
  }
  if (db) {
    sqlite3_busy_timeout(db, 1000);
    // A connection that has read nothing does not know the file is in WAL mode yet, and its
    // checkpoint would do nothing: one read of the schema opens the log.
    sqlite3_exec(db, "SELECT count(*) FROM sqlite_schema", nullptr, nullptr, nullptr);
  }
  std::unique_lock lock(mu_);
  while (true) {
    wake_.wait(lock, [&] { return stopping_ || wal_pages_ >= threshold_; });
    if (stopping_) break;
    wal_pages_ = 0;  // the next commit says how much is left
    lock.unlock();
    if (db) {
      std::lock_guard running(running_);
      sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    }
    lock.lock();
  }
  lock.unlock();
  sqlite3_close(db);
}

}  // namespace lifeline::store
