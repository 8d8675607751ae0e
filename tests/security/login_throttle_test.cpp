// Login throttling: a brute force of one user name is refused after 5 failures, says so and for
// how long, while other users still log in; the lockout ends on the server's clock and grows when
// guessing resumes. A flood of logins is refused `auth_busy` rather than queued without bound (150
// bad logins once delayed a real login by 9 s). No failed login touches the event log.
#include <gtest/gtest.h>

#include "server_fixture.hpp"

using namespace lifeline::testing;
using nlohmann::json;

namespace {

struct LoginThrottle : ServerFixture {
  std::vector<std::string> args() override {
    // The real hashing cost: the flood is refused busy because each verification takes its time.
    return {"--demo", "--clock", "manual", "--clock-start", "2026-08-20T01:00:00.000Z", "--synchronous", "NORMAL",
            "--password-cost", "interactive"};
  }
  // One login attempt's error code ("ok" when it succeeds).
  std::string attempt(WsClient& c, const std::string& user, const std::string& password, json* error = nullptr) {
    auto res = c.call("auth.login", {{"username", user}, {"password", password}});
    if (res.value("ok", false)) return "ok";
    if (error) *error = res["error"];
    return res["error"].value("code", "");
  }
};

}  // namespace

TEST_F(LoginThrottle, BruteForceOfOneUserIsThrottledOthersLogInAndTheLockoutEndsOnTheClock) {
  auto admin = logged_in("admin");
  auto attacker = client();
  auto log = event_log();
  for (int i = 0; i < 5; ++i) EXPECT_EQ(attempt(*attacker, "member", "guess-" + std::to_string(i)), "bad_credentials") << i;

  // Locked out now, even with the right password, and told so in both languages with the wait.
  json error;
  EXPECT_EQ(attempt(*attacker, "member", "lifeline-demo", &error), "login_throttled");
  EXPECT_EQ(error.value("retry_after_s", 0), 60) << error.dump();
  EXPECT_NE(error.value("message_zh", "").find("登录失败次数过多"), std::string::npos) << error.dump();
  EXPECT_NE(error.value("message_en", "").find("retry after 60 s"), std::string::npos) << error.dump();
  for (int i = 0; i < 20; ++i) EXPECT_EQ(attempt(*attacker, "member", "guess-more"), "login_throttled");
  // Failed and throttled logins go to the auth log and /metrics, never to the event log.
  EXPECT_EQ(event_log(), log);

  // Other users log in from the same address meanwhile.
  EXPECT_EQ(attempt(*client(), "teamlead", "lifeline-demo"), "ok");
  EXPECT_EQ(attempt(*client(), "officer", "lifeline-demo"), "ok");

  // Failed and throttled logins go to the auth log and /metrics, never to the event log.
  // After the minute the user may try again; a wrong guess then locks it for twice as long.
  admin->ok("clock.advance", {{"ms", 60 * 1000}});
  EXPECT_EQ(attempt(*attacker, "member", "guess-after"), "bad_credentials");
  EXPECT_EQ(attempt(*attacker, "member", "lifeline-demo", &error), "login_throttled");
  EXPECT_EQ(error.value("retry_after_s", 0), 120) << error.dump();
  admin->ok("clock.advance", {{"ms", 60 * 1000}});
  EXPECT_EQ(attempt(*attacker, "member", "lifeline-demo"), "login_throttled");
  admin->ok("clock.advance", {{"ms", 60 * 1000}});
  EXPECT_EQ(attempt(*attacker, "member", "lifeline-demo"), "ok");

  // A success clears the count: the user has its 5 tries again.
  for (int i = 0; i < 4; ++i) EXPECT_EQ(attempt(*attacker, "member", "typo"), "bad_credentials");
  EXPECT_EQ(attempt(*attacker, "member", "lifeline-demo"), "ok");
}

TEST_F(LoginThrottle, AFloodOfLoginsIsRefusedBusyNotQueuedAndARealLoginStillWorks) {
  auto flood = client();
  // Distinct names (no name reaches its limit) sent at once: at most 16 wait for verification.
  const int kFlood = 150;
  for (int i = 0; i < kFlood; ++i)
    flood->send({{"type", "req"}, {"rid", i}, {"op", "auth.login"}, {"body", {{"username", "nobody" + std::to_string(i)}, {"password", "wrong-password"}}}});
  int busy = 0, bad = 0, other = 0;
  for (int i = 0; i < kFlood; ++i) {
    auto res = flood->next_of("res", std::chrono::seconds(60));
    ASSERT_TRUE(res.has_value()) << "answer " << i;
    auto code = (*res)["error"].value("code", "");
    busy += code == "auth_busy";
    bad += code == "bad_credentials";
    other += code != "auth_busy" && code != "bad_credentials";
  }
  EXPECT_GT(busy, 0);
  EXPECT_EQ(other, 0);
  std::printf("login flood: %d logins, %d verified (bad_credentials), %d refused auth_busy\n", kFlood, bad, busy);
  // Nothing is left queued: a real login is verified at once.
  EXPECT_EQ(attempt(*client(), "officer", "lifeline-demo"), "ok");
}
