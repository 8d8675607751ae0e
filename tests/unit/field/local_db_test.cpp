// The local database: migrations, inbox de-duplication, cancellation after an ack (both times
// kept), outbox states, position coalescing, and a corrupt file kept aside.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "lifeline/field/actions.hpp"
#include "lifeline/field/local_db.hpp"

using namespace lifeline::field;
namespace fs = std::filesystem;

namespace {
struct FieldDb : ::testing::Test {
  std::string dir = std::string(LIFELINE_BINARY_DIR) + "/tmp/field-unit-" + std::to_string(::getpid()) + "-" +
                    ::testing::UnitTest::GetInstance()->current_test_info()->name();
  std::string path = dir + "/f.db";
  void SetUp() override {
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  void TearDown() override { fs::remove_all(dir); }
  json order(const std::string& id, const std::string& task) {
    return {{"id", id}, {"kind", "order"}, {"precedence", "flash"}, {"realm", "live"}, {"from", "user:o"},
            {"correlation_id", task}, {"ack", "human"}, {"created", "2026-08-20T01:00:00.000Z"},
            {"body", {{"what", "evacuate"}, {"note", "转移群众"}}}};
  }
};
}  // namespace

TEST_F(FieldDb, InboxDeduplicatesAndCancellationKeepsBothTimes) {
  LocalDb db(path);
  db.set("team_id", "T-P0001");
  EXPECT_TRUE(db.store_envelope(order("m1", "task1"), "ip", 1000));
  EXPECT_FALSE(db.store_envelope(order("m1", "task1"), "ip", 2000));  // a resend
  ASSERT_EQ(db.inbox().size(), 1u);
  EXPECT_EQ(db.inbox()[0].created_ms, 1787187600000);
  EXPECT_EQ(db.tasks()[0]["status"], "ordered");
  auto out = answer_message(db, "m1", "accept", "");
  EXPECT_THROW(answer_message(db, "m1", "accept", ""), FieldError);
  EXPECT_EQ(db.tasks()[0]["status"], "acknowledged");
  json cancel = {{"id", "m2"}, {"kind", "task"}, {"precedence", "flash"}, {"correlation_id", "task1"},
                 {"body", {{"task_id", "task1"}, {"status", "cancelled"}, {"reason", "险情解除"}}}};
  EXPECT_TRUE(db.store_envelope(cancel, "pdt", 5000));
  auto m1 = *db.inbox_item("m1");
  EXPECT_GT(m1.answered_ms, 0);
  EXPECT_EQ(m1.answer, "accept");
  EXPECT_EQ(m1.cancelled_ms, 5000);
  EXPECT_EQ(m1.cancel_reason, "险情解除");
  EXPECT_EQ(db.tasks()[0]["status"], "cancelled");
  auto receipts = db.outbox("pending");
  ASSERT_EQ(receipts.size(), 1u);
  EXPECT_EQ(receipts[0].id, out);
  EXPECT_EQ(receipts[0].body["answer"], "accept");
}

TEST_F(FieldDb, OutboxStatesAndCoalescedPositions) {
  LocalDb db(path);
  for (int i = 0; i < 5; ++i) db.enqueue("position", {{"lat", 27.0 + i}, {"lon", 120.0}, {"fix_ms", 1000 + i}}, 1000 + i);
  auto r = db.enqueue("report", {{"text", "堤坝渗水"}}, 2000);
  EXPECT_EQ(db.supersede_positions(3000), 4);
  auto unsent = db.unsent(10);
  ASSERT_EQ(unsent.size(), 2u);
  EXPECT_EQ(unsent[0].body["lat"], 31.0);
  db.mark_outbox(r, "unconfirmed", "pdt", "terminal", 3000);
  EXPECT_EQ(db.unsent(10).size(), 2u);  // unconfirmed is replayed over IP
  db.mark_outbox(r, "done", "ip", "duplicate", 4000);
  db.mark_outbox(r, "pending", "ip", "", 5000);  // a final state never goes back
  EXPECT_EQ(db.count_outbox("done"), 1);
  EXPECT_EQ(db.count_outbox("superseded"), 4);
}

TEST_F(FieldDb, SurvivesReopenAndMigratesOnce) {
  {
    LocalDb db(path);
    db.set("team_id", "T-P0001");
    db.enqueue("report", {{"text", "a"}}, 1);
  }
  LocalDb again(path);
  EXPECT_EQ(again.get("team_id").value_or(""), "T-P0001");
  EXPECT_EQ(again.count_outbox("pending"), 1);
}

TEST_F(FieldDb, CorruptFileIsKeptAsideNotDestroyed) {
  {
    LocalDb db(path);
    db.enqueue("report", {{"text", "keep me"}}, 1);
  }
  {
    // Overwrite the middle of the file (page 2 onwards) with garbage.
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(4096);
    std::string junk(8192, '\x5a');
    f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
  }
  try {
    LocalDb db(path);
    FAIL() << "a corrupt database opened";
  } catch (const FieldError& e) {
    EXPECT_EQ(e.code, "db_corrupt");
    EXPECT_NE(e.detail.find(".corrupt-"), std::string::npos);
  }
  int kept = 0;
  for (auto& entry : fs::directory_iterator(dir))
    if (entry.path().filename().string().find("f.db.corrupt-") == 0 && entry.path().extension() != ".db-wal") ++kept;
  EXPECT_GE(kept, 1);
  EXPECT_FALSE(fs::exists(path));
}
