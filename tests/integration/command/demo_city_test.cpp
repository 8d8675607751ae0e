// The demo city at the bureau's scale (seed-digest §4–§6): what `--demo` seeds, counted from the
// running server as a duty officer would see it, and how long the seeding takes.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "lifeline/testing/server_process.hpp"
#include "lifeline/testing/ws_client.hpp"

using namespace lifeline::testing;
using nlohmann::json;

TEST(DemoCity, EightCounties112VillageTeams20ForwardPoints50ExpertsIn10Fields1000Volunteers) {
  TempDir dir;
  ServerProcess server(dir.path(), {"--demo"});
  WsClient officer("127.0.0.1", server.http_port());
  officer.login("officer");
  std::map<std::string, int> units;
  const auto unit_list = officer.ok("unit.list");  // kept: a range-for over a temporary's member dangles
  for (const auto& u : unit_list["units"]) units[u["kind"]]++;
  EXPECT_EQ(units["city"], 1);
  EXPECT_EQ(units["county"], 8);
  EXPECT_EQ(units["township"], 30);

  std::map<std::string, int> teams;
  int volunteers = 0, below_floor = 0;
  std::set<std::string> township_units;
  const auto team_list = officer.ok("team.list");
  for (const auto& t : team_list["teams"]) {
    const std::string kind = t["kind"];
    const int total = t["members_total"];
    teams[kind]++;
    // Team size floors: township squad ≥20, village team ≥10, high-risk enterprise ≥15.
    if ((kind == "township" && total < 20) || (kind == "village" && total < 10) || (kind == "enterprise" && total < 15))
      ++below_floor;
    if (kind == "township") township_units.insert(t["unit_id"]);
    if (kind == "volunteer") volunteers += total;
  }
  EXPECT_EQ(teams["village"], 112);  // a team in each of the 112 administrative villages
  EXPECT_EQ(teams["township"], 30);
  EXPECT_EQ(township_units.size(), 30u);  // one squad per township
  EXPECT_EQ(teams["professional"], 3);
  EXPECT_EQ(below_floor, 0);
  EXPECT_EQ(volunteers, 1000);

  std::map<std::string, int> fields;
  auto experts = officer.ok("team.get", {{"id", "T-EXPERT"}})["members"];
  for (const auto& m : experts) fields[m["skills"].is_string() ? m["skills"].get<std::string>() : m["skills"].dump()]++;
  EXPECT_EQ(experts.size(), 50u);
  EXPECT_EQ(fields.size(), 10u);

  std::map<std::string, int> depots;
  std::set<std::string> forward_counties;
  const auto depot_list = officer.ok("depot.list");
  for (const auto& d : depot_list["depots"]) {
    depots[d["tier"]]++;
    if (d["tier"] == "forward") forward_counties.insert(d["unit_id"]);
  }
  EXPECT_EQ(depots["forward"], 20);
  EXPECT_EQ(depots["county"], 8);
  EXPECT_EQ(depots["township"], 30);
  EXPECT_GE(forward_counties.size(), 5u);  // spread over the city, not all in one county
}
