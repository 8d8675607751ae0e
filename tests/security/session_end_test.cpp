// Revocation and password reset end live sessions and sockets: deactivating a user, revoking its
// sessions or resetting its password once left its open WebSockets working and (after a reset)
// its old token valid.
#include <gtest/gtest.h>

#include "server_fixture.hpp"

using namespace lifeline::testing;
using nlohmann::json;

namespace {

using SessionEnd = ServerFixture;

// Waits until the server closes `c`; returns the close reason ("" if it stayed open).
std::string closed_reason(WsClient& c) {
  while (c.next_frame(std::chrono::seconds(10))) {
  }
  return c.is_open() ? "" : c.close_reason();
}

std::string user_id(WsClient& admin, const std::string& username) {
  auto users = admin.ok("user.list")["users"];
  for (const auto& u : users)
    if (u["username"] == username) return u["id"];
  throw std::runtime_error("no user " + username);
}

}  // namespace

TEST_F(SessionEnd, DeactivatingAUserClosesItsSocketsAndItsRequestsFailAfterwards) {
  auto admin = logged_in("admin");
  auto member = client();
  auto token = member->login("member")["token"].get<std::string>();
  member->ok("board.subscribe");
  auto second = logged_in("member");  // a second device of the same user
  auto bystander = logged_in("teamlead");

  admin->ok("user.deactivate", {{"id", user_id(*admin, "member")}});
  EXPECT_NE(closed_reason(*member).find("user deactivated"), std::string::npos);
  EXPECT_EQ(member->close_code(), 4001);
  EXPECT_NE(closed_reason(*second).find("session ended"), std::string::npos);
  EXPECT_TRUE(bystander->ok("auth.whoami")["user"]["username"] == "teamlead") << "other users keep their sockets";

  // The old token fails on a fresh connection, per frame and through auth.resume.
  auto again = client();
  json frame = {{"type", "req"}, {"rid", "old"}, {"op", "auth.whoami"}, {"token", token}, {"body", json::object()}};
  again->send(frame);
  EXPECT_EQ(again->next_of("res").value()["error"]["code"], "unauthenticated");
  EXPECT_EQ(again->call("auth.resume", {{"token", token}})["error"]["code"], "unauthenticated");
}

TEST_F(SessionEnd, APasswordResetEndsTheOldTokenAndSocket) {
  auto admin = logged_in("admin");
  auto lead = client();
  auto token = lead->login("teamlead")["token"].get<std::string>();
  admin->ok("user.set_password", {{"id", user_id(*admin, "teamlead")}, {"password", "a-new-password-1"}});
  EXPECT_NE(closed_reason(*lead).find("password changed"), std::string::npos);

  auto again = client();
  EXPECT_EQ(again->call("auth.resume", {{"token", token}})["error"]["code"], "unauthenticated");
  EXPECT_EQ(again->call("auth.login", {{"username", "teamlead"}, {"password", "lifeline-demo"}})["error"]["code"], "bad_credentials");
  EXPECT_EQ(again->login("teamlead", "a-new-password-1")["user"]["username"], "teamlead");
  EXPECT_EQ(again->ok("auth.whoami")["user"]["username"], "teamlead");
}

TEST_F(SessionEnd, RevokingSessionsClosesTheUsersSockets) {
  auto admin = logged_in("admin");
  auto officer = logged_in("officer2");
  admin->ok("session.revoke", {{"user_id", user_id(*admin, "officer2")}});
  EXPECT_NE(closed_reason(*officer).find("sessions revoked"), std::string::npos);
  EXPECT_EQ(admin->ok("auth.whoami")["user"]["username"], "admin") << "the admin's own socket stays open";
}
