#include <sqlite3.h>

#include "store_fixture.hpp"
#include "lifeline/store/migrations.hpp"

using namespace lifeline;
using namespace lifeline::testing;

using EventStore = StoreFixture;

TEST_F(EventStore, AppendAssignsGapFreeSequenceAndKeepsEverything) {
  seed_city();
  auto events = store->events_after(0, 100);
  ASSERT_EQ(events.size(), 3u);
  for (size_t i = 0; i < events.size(); ++i) {
    EXPECT_EQ(events[i].seq, static_cast<int64_t>(i + 1));
    EXPECT_EQ(events[i].kind, "unit.created");
    EXPECT_EQ(events[i].realm, "live");
    EXPECT_EQ(events[i].at, clock.now_ms());
  }
  EXPECT_EQ(events[2].subject, "P0001");
  EXPECT_EQ(events[2].body["parent_id"], "county-1");
  EXPECT_EQ(store->last_seq(), 3);
}

TEST_F(EventStore, RefusedOperationLeavesTheLogUntouched) {
  seed_city();
  auto before = store->query("SELECT * FROM events").dump();
  EXPECT_EQ(error_of("incident.create", {{"type", "typhoon"}, {"title", "x"}, {"place", {{"name", "石塘"}}}, {"unit_id", "nope"}}),
            "not_found");
  EXPECT_EQ(error_of("unit.create", {{"id", "P0001"}, {"kind", "township"}, {"name", "重复"}}), "conflict");
  EXPECT_EQ(store->query("SELECT * FROM events").dump(), before);
}

TEST_F(EventStore, RolledBackBatchLeavesNothing) {
  seed_city();
  store->begin_batch();
  store::Event e;
  e.at = 1;
  e.actor = "system";
  e.kind = "unit.created";
  e.subject = "X";
  e.body = {{"kind", "township"}, {"name", "X"}};
  store->append(e);
  store->rollback_batch();
  EXPECT_EQ(store->last_seq(), 3);
  EXPECT_TRUE(store->query_one("SELECT * FROM units WHERE id = 'X'").is_null());
}

TEST_F(EventStore, UnknownEventKindIsRefusedNotIgnored) {
  store->begin_batch();
  store::Event e;
  e.kind = "nonsense.happened";
  e.subject = "x";
  EXPECT_THROW(store->append(e), store::StorageError);
  store->rollback_batch();
}

TEST_F(EventStore, MigrationsAreIdempotentAndRefuseUnknownVersions) {
  store.reset();
  store = open();  // reopening applies nothing new
  {
    store::SqliteDb db(dir.path() + "/live.db");
    EXPECT_EQ(store::apply_migrations(db, 0), 0);
    db.run("INSERT INTO schema_migrations(name, applied_at) VALUES ('29991231T0000_future.sql', 0)");
  }
  store.reset();
  EXPECT_THROW(open(), store::StorageError);
}

TEST_F(EventStore, DatabaseIsWalAndIntact) {
  auto mode = store->query_one("PRAGMA journal_mode");
  EXPECT_EQ(mode["journal_mode"], "wal");
  EXPECT_EQ(store->integrity_check(), "ok");
}
