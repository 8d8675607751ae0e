// user.list shows a caller only the users of its own unit and the units below it: a township duty
// officer once listed every user of the city (commanders, other counties, departments).
#include <gtest/gtest.h>

#include <set>

#include "server_fixture.hpp"

using namespace lifeline::testing;

namespace {
std::set<std::string> usernames(WsClient& c) {
  std::set<std::string> out;
  auto users = c.ok("user.list")["users"];
  for (const auto& u : users) out.insert(u["username"].get<std::string>());
  return out;
}
}  // namespace

using UserListScope = ServerFixture;

TEST_F(UserListScope, ATownshipOfficerListsOnlyItsTownshipsUsers) {
  auto town = usernames(*logged_in("town1"));
  EXPECT_EQ(town, (std::set<std::string>{"member", "teamlead", "town1", "town1lead"}));
  auto county = usernames(*logged_in("county1"));
  for (const char* u : {"county1", "kcommander", "town1", "teamlead", "member"}) EXPECT_TRUE(county.count(u)) << u;
  for (const char* u : {"admin", "commander", "officer", "weather"}) EXPECT_FALSE(county.count(u)) << u;
  auto city = usernames(*logged_in("officer"));
  for (const char* u : {"admin", "commander", "county1", "town1", "member", "weather"}) EXPECT_TRUE(city.count(u)) << u;
}
