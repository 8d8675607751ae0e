// The real lifeline-command with the demo city on a manual clock from Wednesday 30 September 2026,
// 09:00 China Standard Time (October and the fourth quarter begin 15 hours later), and what the
// periodic-round tests ask of it: move the clock, list one kind of deadline, read an error code.
#pragma once
#include "server_fixture.hpp"

namespace lifeline::testing {

struct RoundDeadlines : ServerFixture {
  explicit RoundDeadlines(std::string kind) : deadline_kind(std::move(kind)) {}
  std::string deadline_kind;  // e.g. hazard.leader_inspection

  std::vector<std::string> args() override {
    return {"--demo", "--clock", "manual", "--clock-start", "2026-09-30T01:00:00.000Z", "--synchronous", "NORMAL"};
  }
  void advance(int64_t ms) { logged_in("admin")->ok("clock.advance", {{"ms", ms}}); }
  // This kind's deadlines as `c` sees them, open or not; only `subject`'s when given.
  nlohmann::json deadlines(WsClient& c, const std::string& subject = "") {
    nlohmann::json body = {{"kind", deadline_kind}, {"open", false}};
    if (!subject.empty()) body["subject"] = subject;
    return c.ok("deadline.list", body)["deadlines"];
  }
  static std::string code(const nlohmann::json& res) { return res.value("ok", false) ? "ok" : res["error"].value("code", ""); }
  // How many of `list` have a subject ending in `tail`.
  static int ending(const nlohmann::json& list, const std::string& tail) {
    int n = 0;
    for (const auto& d : list) n += d["subject"].get<std::string>().ends_with(tail);
    return n;
  }
};

}  // namespace lifeline::testing
