// Copies the write-ahead log back into the database file on a thread of its own, so the state
// thread never stalls in a checkpoint (SQLite's automatic one runs inside the COMMIT that crosses
// the threshold: a few ms of page writes and an fsync of the database file, once every ~1000
// pages, on the path of every request in that batch).
// The writer connection reports each commit's WAL size (sqlite3_wal_hook); past `threshold_pages`
// the checkpointer runs a PASSIVE checkpoint through its own connection, which never blocks the
// writer. Should it fall far behind (a reader holding an old snapshot), the writer checkpoints
// itself as SQLite would have, so the log cannot grow without bound. Crash safety is SQLite's:
// a checkpoint interrupted by kill -9 is redone from the log at the next open.
#pragma once
#include <sqlite3.h>

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace lifeline::store {

class WalCheckpointer {
 public:
  // Installs itself as `writer`'s WAL hook and turns SQLite's automatic checkpoint off.
  WalCheckpointer(sqlite3* writer, const std::string& path, int threshold_pages = 1000);
  ~WalCheckpointer();  // stops the thread; the writer's close checkpoints what is left
  WalCheckpointer(const WalCheckpointer&) = delete;
  WalCheckpointer& operator=(const WalCheckpointer&) = delete;

 private:
  static int on_commit(void* self, sqlite3* db, const char* schema, int wal_pages);
  void loop();

  sqlite3* writer_;
  std::string path_;
  int threshold_;
  std::mutex mu_;
  std::mutex running_;  // held while a checkpoint runs, by either thread
  std::condition_variable wake_;
  int wal_pages_ = 0;  // as of the last commit
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace lifeline::store
