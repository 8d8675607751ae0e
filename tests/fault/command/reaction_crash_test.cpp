// A crash at the worst moment for a reaction: lifeline-command ends (_exit(137), as kill -9 does)
// right after committing a missed deadline, before anyone is told (LIFELINE_FAULT_EXIT_AFTER_COMMIT).
// The rules' notice about the miss was made after the fact, in a transaction of its own, and was
// lost for good here; as a reaction it commits with the miss, so after the restart both are in
// the log, once each, at the same time.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <thread>

#include "lifeline/testing/server_process.hpp"
#include "lifeline/testing/ws_client.hpp"
#include "warnings_fixture.hpp"

using namespace lifeline::testing;
using nlohmann::json;

namespace {

std::vector<json> events_of(WsClient& admin, const std::string& kind, const std::string& subject) {
  std::vector<json> out;
  int64_t after = 0;
  for (;;) {
    auto page = admin.ok("audit.list", {{"after_seq", after}, {"limit", 1000}})["events"];
    if (page.empty()) break;
    for (auto& e : page)
      if (e["kind"] == kind && e["subject"] == subject) out.push_back(e);
    after = page.back()["seq"];
  }
  return out;
}

bool log_says(const std::string& path, const std::string& needle) {
  std::ifstream in(path);
  std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return all.find(needle) != std::string::npos;
}

}  // namespace

TEST(ReactionCrash, AMissedDeadlineAndTheRulesNoticeAboutItSurviveACrashRightAfterTheCommit) {
  TempDir dir;
  ::setenv("LIFELINE_FAULT_EXIT_AFTER_COMMIT", "deadline.missed", 1);
  ServerProcess server(dir.path(), {"--demo", "--clock", "manual", "--clock-start", "2026-08-20T01:00:00.000Z"});
  ::unsetenv("LIFELINE_FAULT_EXIT_AFTER_COMMIT");
  std::string deadline_id;
  {
    WsClient weather("127.0.0.1", server.http_port());
    weather.login("weather");
    auto warning = weather.ok("warning.import", {{"xml", weather_alert("QX-2026-0820-31", "typhoon", "red")}})["id"].get<std::string>();
    WsClient admin("127.0.0.1", server.http_port());
    admin.login("admin");
    auto dl = admin.ok("deadline.list", {{"kind", "consultation.convene"}, {"subject", warning}})["deadlines"];
    ASSERT_EQ(dl.size(), 1u);
    deadline_id = dl[0]["id"];
    // Past the due time: the deadline tick commits deadline.missed, and the process ends there.
    (void)admin.call("clock.advance", {{"to", "2026-08-20T03:00:00.001Z"}});
  }
  bool crashed = false;
  for (int i = 0; i < 200 && !crashed; ++i) {
    crashed = log_says(server.log_path(), "fault injection: exiting right after the commit");
    if (!crashed) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_TRUE(crashed) << "the fault point was never reached";
  server.kill9();  // reaps the process that already ended
  server.start();

  WsClient admin("127.0.0.1", server.http_port());
  admin.login("admin");
  auto missed = events_of(admin, "deadline.missed", deadline_id);
  ASSERT_EQ(missed.size(), 1u);
  auto fired = events_of(admin, "rule.fired", deadline_id);
  ASSERT_EQ(fired.size(), 1u) << "the rules' reaction to the miss was lost in the crash";
  EXPECT_EQ(fired[0]["body"]["action"]["rule"], "deadline.consultation.missed");
  EXPECT_EQ(fired[0]["at"], missed[0]["at"]);
  EXPECT_GT(fired[0]["seq"].get<int64_t>(), missed[0]["seq"].get<int64_t>());  // the effect after its cause
}
