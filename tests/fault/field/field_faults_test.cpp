// The handheld under bad conditions, with real processes: kill -9 mid-sync, a revoked device, a
// full disk, a corrupt database. Each time: a clear message and nothing lost or duplicated.
#include <filesystem>
#include <fstream>

#include "field_common.hpp"
#include "lifeline/field/actions.hpp"
#include "lifeline/field/local_db.hpp"

using namespace lifeline::testing;
using nlohmann::json;
namespace lf = lifeline::field;

namespace {
struct FieldFaults : FieldFixture {};
}  // namespace

TEST_F(FieldFaults, KillNineMidSyncLosesNothingAndDuplicatesNothing) {
  enrol();
  const int n = 1500;
  std::vector<std::string> ids;
  {
    lf::LocalDb db(field.db());
    db.transaction([&] {
      for (int i = 0; i < n; ++i) ids.push_back(lf::send_report(db, "报告 " + std::to_string(i), ""));
    });
  }
  for (int round = 0; round < 3; ++round) {
    field.start();
    // Kill it while the outbox is being drained.
    ASSERT_TRUE(eventually([&] { return info()["done"].get<int>() > (round + 1) * 150; }, 30000)) << info().dump();
    field.kill9();
  }
  field.start();
  ASSERT_TRUE(eventually([&] { return synced(); }, 60000)) << info().dump();
  EXPECT_EQ(info()["done"], n);
  auto accepted = count_by_subject("bus.message_accepted");
  int missing = 0, doubled = 0;
  for (auto& id : ids) {
    if (accepted[id] == 0) ++missing;
    if (accepted[id] > 1) ++doubled;
  }
  EXPECT_EQ(missing, 0);
  EXPECT_EQ(doubled, 0);
}

TEST_F(FieldFaults, RevokedDeviceSaysSoAndKeepsEverything) {
  enrol();
  auto user_id = info()["team_id"];
  field.json_of({"report", "--text", "吊销前写的报告"});
  auto list = admin->ok("user.list");
  auto users = list["users"];
  std::string lead;
  for (auto& u : users)
    if (u["username"] == "teamlead") lead = u["id"];
  admin->ok("session.revoke", {{"user_id", lead}});
  field.start();
  EXPECT_EQ(field.wait_exit(20000), 4);
  std::ifstream log(field.log());
  std::string all((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
  EXPECT_NE(all.find("revoked or expired"), std::string::npos) << all;
  EXPECT_NE(all.find("\"unsent_kept\":1"), std::string::npos) << all;
  EXPECT_EQ(info()["state"], "revoked");
  EXPECT_EQ(info()["pending"], 1);
  // Offline work continues; after enrolling again everything goes out.
  field.json_of({"report", "--text", "吊销后写的报告"});
  enrol();
  field.start();
  ASSERT_TRUE(eventually([&] { return synced(); })) << info().dump();
  EXPECT_EQ(info()["done"], 2);
}

TEST_F(FieldFaults, FullDiskRefusesTheNewItemAndKeepsTheOldOnes) {
  enrol();
  field.json_of({"report", "--text", "已保存的报告"});
  // The disk is full: no file may grow. A big report cannot be written.
  // No file may grow past 32 KiB: the shared-memory index fits, the write-ahead log of a 16 kB
  // report does not.
  auto r = field.run({"report", "--text", std::string(16000, 'x')}, 30000, 32768);
  EXPECT_EQ(r.rc, 3) << r.out << r.err;
  EXPECT_NE(r.err.find("storage is full"), std::string::npos) << r.err;
  auto outbox = field.json_of({"outbox", "--json"});
  ASSERT_EQ(outbox.size(), 1u);
  EXPECT_EQ(outbox[0]["body"]["text"], "已保存的报告");
  field.start();
  ASSERT_TRUE(eventually([&] { return synced(); }));
}

TEST_F(FieldFaults, CorruptDatabaseIsKeptAsideWithAClearMessage) {
  enrol();
  field.json_of({"report", "--text", "损坏前的报告"});
  {
    std::fstream f(field.db(), std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(0);
    f.write("garbage garbage garbage garbage", 31);  // the header
  }
  auto r = field.run({"inbox", "--json"});
  EXPECT_EQ(r.rc, 3);
  EXPECT_NE(r.err.find("damaged"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(".corrupt-"), std::string::npos) << r.err;
  bool kept = false;
  for (auto& e : std::filesystem::directory_iterator(dir.path()))
    if (e.path().filename().string().rfind("field.db.corrupt-", 0) == 0) kept = true;
  EXPECT_TRUE(kept);
  // The daemon says the same and does not start on a damaged file.
  field.start();
  EXPECT_EQ(field.wait_exit(10000), 2);  // a fresh database: not enrolled
}
