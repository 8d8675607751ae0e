// Enterprise files (一企一档) through the real lifeline-command on the demo city and a manual clock
// (seed-digest §4): 48 enterprises with 28 on the watch list; when January begins every
// enterprise is asked for its monthly self-inspection by the month's end, the watch list for two
// inspections, and every enterprise for the quarter's drill filing; each desk sees its own.
#include "server_fixture.hpp"

using namespace lifeline::testing;
using nlohmann::json;

namespace {

constexpr int64_t kHour = 3600LL * 1000;

struct EnterpriseFilesApi : ServerFixture {
  // Thursday 31 December 2026, 09:00 China Standard Time: January and Q1 begin 15 hours later.
  std::vector<std::string> args() override {
    return {"--demo", "--clock", "manual", "--clock-start", "2026-12-31T01:00:00.000Z", "--synchronous", "NORMAL"};
  }
  static json deadlines(WsClient& c, const std::string& kind, const std::string& subject = "") {
    json body = {{"kind", kind}, {"open", false}};
    if (!subject.empty()) body["subject"] = subject;
    return c.ok("deadline.list", body)["deadlines"];
  }
  static std::string code(const json& res) { return res.value("ok", false) ? "ok" : res["error"].value("code", ""); }
};

TEST_F(EnterpriseFilesApi, Demo48EnterprisesWith28OnTheWatchListSelfInspectMonthlyAndAreInspectedTwiceAMonth) {
  {
    auto officer = logged_in("officer");
    auto all = officer->ok("enterprise.list");
    EXPECT_EQ(all["totals"]["enterprises"], 48);
    EXPECT_EQ(all["totals"]["watch_list"], 28);
    // December began before the demo did: nobody is asked for it.
    EXPECT_TRUE(deadlines(*officer, "enterprise.self_inspection").empty());
  }
  logged_in("admin")->ok("clock.advance", {{"ms", 15 * kHour + 1000}});  // 1 January 2027, 00:00 local
  auto officer = logged_in("officer"), town1 = logged_in("town1");
  EXPECT_EQ(deadlines(*officer, "enterprise.self_inspection").size(), 48u);
  EXPECT_EQ(deadlines(*officer, "enterprise.inspection").size(), 28u);
  EXPECT_EQ(deadlines(*officer, "enterprise.drill").size(), 48u);
  auto self = deadlines(*officer, "enterprise.self_inspection", "ENT-C1-01/self_inspection/2027-01");
  ASSERT_EQ(self.size(), 1u);
  EXPECT_EQ(self[0]["due_at"], "2027-01-31T16:00:00.000Z");  // by the month's end, local time
  EXPECT_EQ(deadlines(*officer, "enterprise.drill", "ENT-C1-01/drill/2027-Q1")[0]["due_at"], "2027-03-31T16:00:00.000Z");

  // 石塘镇's desk keeps the enterprises that lie in 石塘镇, and files for them.
  auto mine = town1->ok("enterprise.list");
  ASSERT_FALSE(mine["enterprises"].empty());
  for (const auto& e : mine["enterprises"]) EXPECT_EQ(e["unit_id"], "P0001");
  EXPECT_EQ(mine["enterprises"][0]["id"], "ENT-C1-01");
  EXPECT_TRUE(mine["enterprises"][0]["watch_list"].get<bool>());
  EXPECT_EQ(deadlines(*town1, "enterprise.self_inspection").size(), mine["enterprises"].size());
  town1->ok("enterprise.record", {{"enterprise_id", "ENT-C1-01"}, {"kind", "self_inspection"}, {"hazards_found", 1}});
  EXPECT_EQ(deadlines(*town1, "enterprise.self_inspection", "ENT-C1-01/self_inspection/2027-01")[0]["status"], "met");
  // The watch list: the first inspection leaves the deadline open, the second meets it.
  town1->ok("enterprise.record", {{"enterprise_id", "ENT-C1-01"}, {"kind", "inspection"}, {"hazards_found", 0}});
  EXPECT_EQ(deadlines(*town1, "enterprise.inspection", "ENT-C1-01/inspection/2027-01")[0]["status"], "open");
  town1->ok("enterprise.record", {{"enterprise_id", "ENT-C1-01"}, {"kind", "inspection"}, {"hazards_found", 2}});
  EXPECT_EQ(deadlines(*town1, "enterprise.inspection", "ENT-C1-01/inspection/2027-01")[0]["status"], "met");
  town1->ok("enterprise.record", {{"enterprise_id", "ENT-C1-01"}, {"kind", "drill"}, {"participants", 40}});
  EXPECT_EQ(deadlines(*town1, "enterprise.drill", "ENT-C1-01/drill/2027-Q1")[0]["status"], "met");
  // A hazard found there joins its file and is kept by 石塘镇.
  auto h = town1->ok("hazard.report", {{"title", "液氯钢瓶库房通风不良"}, {"enterprise_id", "ENT-C1-01"},
                                       {"place", {{"name", "滨海精细化工有限公司"}}}, {"grade", "general"}});
  auto file = town1->ok("enterprise.file", {{"id", "ENT-C1-01"}});
  ASSERT_EQ(file["hazards"].size(), 1u);
  EXPECT_EQ(file["hazards"][0]["id"], h["id"]);
  EXPECT_EQ(file["filings"].size(), 4u);

  // Another county's enterprise: not 石塘镇's to read, file or hang a hazard on.
  EXPECT_EQ(code(town1->call("enterprise.file", {{"id", "ENT-C2-01"}})), "out_of_scope");
  EXPECT_EQ(code(town1->call("enterprise.record", {{"enterprise_id", "ENT-C2-01"}, {"kind", "inspection"}, {"hazards_found", 0}})),
            "out_of_scope");
  EXPECT_EQ(code(town1->call("hazard.report", {{"title", "x"}, {"enterprise_id", "ENT-C2-01"}, {"place", {{"name", "x"}}}})),
            "out_of_scope");
  EXPECT_TRUE(deadlines(*town1, "enterprise.drill", "ENT-C2-01/drill/2027-Q1").empty());
  // The county above sees its township's filings; the department desk has no enterprise files.
  auto county = logged_in("county1");
  EXPECT_EQ(county->ok("enterprise.file", {{"id", "ENT-C1-01"}})["filings"].size(), 4u);
  EXPECT_EQ(code(logged_in("water")->call("enterprise.list")), "forbidden");
  // The dishonesty list is public: a department reads it (empty here), another county's desk too.
  EXPECT_TRUE(logged_in("water")->ok("enterprise.dishonesty_list")["entries"].is_array());
}

}  // namespace
