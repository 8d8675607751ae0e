// The realm databases copy their write-ahead log back on a thread of their own: the writer's
// commits never run a checkpoint, and the log still stops growing.
#include <gtest/gtest.h>

#include <filesystem>

#include "lifeline/store/sqlite_db.hpp"
#include "lifeline/testing/eventually.hpp"
#include "lifeline/testing/server_process.hpp"

using namespace lifeline;
using namespace lifeline::testing;

namespace {

int64_t file_size(const std::string& path) {
  std::error_code ec;
  auto n = std::filesystem::file_size(path, ec);
  return ec ? 0 : static_cast<int64_t>(n);
}

void write_pages(store::SqliteDb& db, int commits) {
  std::string blob(3000, 'x');  // about one page per row
  for (int i = 0; i < commits; ++i) {
    db.exec("BEGIN IMMEDIATE");
    for (int r = 0; r < 10; ++r) db.run("INSERT INTO t(body) VALUES (?)", {blob});
    db.exec("COMMIT");
  }
}

}  // namespace

TEST(WalCheckpointer, TheLogIsCopiedBackOffTheWritersThreadAndStopsGrowing) {
  TempDir dir;
  const std::string path = dir.path() + "/live.db";
  store::OpenOptions options;
  options.synchronous = "NORMAL";
  options.background_checkpoint = true;
  store::SqliteDb db(path, options);
  db.exec("CREATE TABLE t(id INTEGER PRIMARY KEY, body TEXT)");
  // SQLite's own automatic checkpoint is off on the writer: it would otherwise run in a COMMIT.
  EXPECT_EQ(db.query_one("PRAGMA wal_autocheckpoint")["wal_autocheckpoint"], 0);

  write_pages(db, 150);  // ~1,500 pages, past the 1,000-page threshold
  // The checkpointer copies the log into the database file: it grows to hold the rows.
  EXPECT_TRUE(eventually([&] { return file_size(path) > 1000 * 4096; }, 20000));

  // Writing without pause, the writer outruns the background copy; the log still starts over
  // (at the latest when it is four thresholds long): ten times as much again leaves it no larger.
  write_pages(db, 1500);
  EXPECT_LT(file_size(path + "-wal"), 4200 * (4096 + 24));
  EXPECT_EQ(db.query_one("SELECT count(*) AS n FROM t")["n"], 16500);
}

TEST(WalCheckpointer, ClosingTheDatabaseLeavesEverythingInTheFile) {
  TempDir dir;
  const std::string path = dir.path() + "/live.db";
  {
    store::OpenOptions options;
    options.background_checkpoint = true;
    store::SqliteDb db(path, options);
    db.exec("CREATE TABLE t(id INTEGER PRIMARY KEY, body TEXT)");
    write_pages(db, 20);
  }
  store::SqliteDb again(path);
  EXPECT_EQ(again.query_one("SELECT count(*) AS n FROM t")["n"], 200);
}
