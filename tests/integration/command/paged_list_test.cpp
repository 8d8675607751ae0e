// Lists are never cut short without saying so: 450 incidents come back in pages of 200, 200 and
// 50 with a cursor between them and none after, each exactly once; a township officer paging the
// same list gets its own township's incidents, all of them, and nothing else; a bad cursor or
// limit is refused and changes nothing.
#include <set>

#include "server_fixture.hpp"

using namespace lifeline::testing;
using nlohmann::json;

namespace {

using PagedList = ServerFixture;

// Every page of incident.list as `client` sees it: the ids in order, and the page sizes.
std::vector<std::string> all_incidents(WsClient& client, std::vector<size_t>& sizes, const json& filter = json::object()) {
  std::vector<std::string> ids;
  json cursor;
  for (int page = 0; page < 100; ++page) {
    json body = filter;
    if (cursor.is_string()) body["cursor"] = cursor;
    auto r = client.ok("incident.list", body);
    sizes.push_back(r["incidents"].size());
    for (const auto& i : r["incidents"]) ids.push_back(i["id"]);
    EXPECT_TRUE(r.contains("next_cursor"));
    cursor = r["next_cursor"];
    if (cursor.is_null()) return ids;
  }
  ADD_FAILURE() << "more than 100 pages";
  return ids;
}

TEST_F(PagedList, EveryRowOnceInPagesAndOnlyTheCallersOwn) {
  auto officer = logged_in("officer");
  auto before = officer->ok("incident.list", {{"limit", 1000}})["incidents"].size();
  std::set<std::string> own;  // in 石塘镇, the township officer's
  for (int i = 0; i < 450; ++i) {
    const bool shitang = i % 15 == 0;
    auto r = officer->ok("incident.create", {{"type", "urban_waterlogging"}, {"title", "积水点 " + std::to_string(i)},
                                             {"place", {{"name", shitang ? "石塘镇" : "青山县城关"}}},
                                             {"unit_id", shitang ? "P0001" : "P0007"}});
    if (shitang) own.insert(r["id"].get<std::string>());
  }
  std::vector<size_t> sizes;
  auto ids = all_incidents(*officer, sizes);
  EXPECT_EQ(ids.size(), 450 + before);
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), ids.size()) << "a row came twice";
  ASSERT_GE(sizes.size(), 3u);
  EXPECT_EQ(sizes[0], 200u);
  EXPECT_EQ(sizes[1], 200u);

  std::vector<size_t> town_sizes;
  auto town = logged_in("town1");
  auto seen = all_incidents(*town, town_sizes, {{"limit", 7}});
  std::set<std::string> seen_set(seen.begin(), seen.end());
  for (const auto& id : own) EXPECT_TRUE(seen_set.count(id)) << "missing " << id;
  for (const auto& id : seen_set) {
    auto unit = officer->ok("incident.get", {{"id", id}})["incident"]["unit_id"].get<std::string>();
    EXPECT_EQ(unit, "P0001") << "town1 saw another township's incident";
  }
  EXPECT_EQ(town_sizes.front(), 7u);

  // Refused, nothing listed: a cursor not made by the server, a limit out of range.
  EXPECT_EQ(officer->call("incident.list", {{"cursor", "1' OR 1=1 --"}})["error"]["code"], "bad_field");
  EXPECT_EQ(officer->call("incident.list", {{"limit", 1001}})["error"]["code"], "bad_field");
  EXPECT_EQ(officer->call("incident.list", {{"limit", 0}})["error"]["code"], "bad_field");
  // The other paged lists answer next_cursor too.
  for (const char* op : {"task.list", "deadline.list", "hazard.list", "release.list", "warning.list"})
    EXPECT_TRUE(officer->ok(op, {{"limit", 1}}).contains("next_cursor")) << op;
}

}  // namespace
