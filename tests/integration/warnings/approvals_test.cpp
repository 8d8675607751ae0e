// 待我审批 (rules.md "Approvals") through the real lifeline-command: a proposed level is listed for
// the role that approves it (and the commander), named in words, only within scope, and leaves the
// list once approved; release orders wait for the commander of the depot's city or county only.
#include "warnings_fixture.hpp"

using namespace lifeline::testing;
using nlohmann::json;

namespace {

using Approvals = WarningsServer;

TEST_F(Approvals, AProposedLevelWaitsForItsApproverInScopeUntilApproved) {
  auto officer = logged_in("officer"), commander = logged_in("commander"), leader = logged_in("leader");
  auto county = logged_in("kcommander");  // 滨海县's commander: 石塘镇 (P0001) is in 滨海县
  auto id = officer->ok("incident.create", {{"type", "hazardous_chemicals"}, {"title", "化工园区储罐泄漏"},
                                            {"place", {{"name", "石塘镇化工园区"}}}, {"unit_id", "P0001"},
                                            {"casualties", {{"dead", 12}, {"missing", 0}, {"injured", 3}}}})["id"];
  auto mine = commander->ok("proposal.list")["proposals"];
  ASSERT_EQ(mine.size(), 1u) << mine.dump();
  EXPECT_EQ(mine[0]["subject"], id);
  EXPECT_EQ(mine[0]["level"], 2);
  EXPECT_EQ(mine[0]["may_approve"], true);
  EXPECT_NE(mine[0]["about_zh"].get<std::string>().find("化工园区储罐泄漏"), std::string::npos);
  EXPECT_EQ(mine[0]["title_zh"], "重大事故：建议 II 级响应");
  // Level II is the commander's: the duty leader reads it but it is not the leader's to approve.
  EXPECT_EQ(leader->ok("proposal.list")["proposals"].size(), 0u);
  auto all = leader->ok("proposal.list", {{"mine", false}})["proposals"];
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0]["may_approve"], false);
  EXPECT_EQ(county->ok("proposal.list")["proposals"].size(), 1u);  // its own county's incident

  commander->ok("incident.approve_level", {{"proposal_id", mine[0]["id"]}});
  EXPECT_EQ(commander->ok("proposal.list")["proposals"].size(), 0u);
  EXPECT_EQ(leader->ok("proposal.list", {{"mine", false}})["proposals"].size(), 0u);
}

TEST_F(Approvals, AProposalAnotherCountyCannotSeeIsNotListedForIt) {
  auto officer = logged_in("officer"), county = logged_in("kcommander");
  officer->ok("incident.create", {{"type", "flood"}, {"title", "港口镇内涝"}, {"place", {{"name", "港口镇"}}}, {"unit_id", "P0007"},
                                  {"casualties", {{"dead", 4}, {"missing", 0}, {"injured", 0}}}});
  EXPECT_EQ(officer->ok("proposal.list", {{"mine", false}})["proposals"].size(), 1u);
  EXPECT_EQ(county->ok("proposal.list", {{"mine", false}})["proposals"].size(), 0u);  // 港口镇 is 青山县's
}

TEST_F(Approvals, AReleaseWaitsForTheCommanderOfTheDepotsCityOrCounty) {
  auto officer = logged_in("officer"), commander = logged_in("commander"), county = logged_in("kcommander");
  auto city = officer->ok("release.order", {{"depot_id", "D-CITY-2"}, {"destination", "石塘镇安置点"},
                                            {"lines", {{{"item", "tent"}, {"qty", 2}}}}})["id"];
  auto local = officer->ok("release.order", {{"depot_id", "D-county-1"}, {"destination", "石塘镇安置点"},
                                             {"lines", {{{"item", "drinking_water"}, {"qty", 10}}}}})["id"];
  auto waiting = [](WsClient& c) {
    std::set<std::string> ids;
    auto orders = c.ok("release.list", {{"awaiting_my_approval", true}})["orders"];  // kept: not a temporary's member
    for (const auto& o : orders) ids.insert(o["id"]);
    return ids;
  };
  EXPECT_EQ(waiting(*commander), std::set<std::string>{city});
  EXPECT_EQ(waiting(*county), std::set<std::string>{local});
  EXPECT_TRUE(waiting(*officer).empty());  // not a commander
  commander->ok("release.approve", {{"id", city}});
  EXPECT_TRUE(waiting(*commander).empty());
}

}  // namespace
