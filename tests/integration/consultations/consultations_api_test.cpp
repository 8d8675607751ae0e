// Joint consultations through the real lifeline-command with a manual clock: departments invited
// and told on the bus, attendance and minutes by the department's own user, decisions tracked to
// done with an owner and a deadline that escalates at the exact time when missed.
#include <map>
#include <set>

#include "server_fixture.hpp"

using namespace lifeline::testing;
using nlohmann::json;

namespace {

// The next bus notice about `subject`, skipping others (rules also notify the duty desk).
inline std::optional<json> notice_about(WsClient& c, const std::string& subject) {
  for (int i = 0; i < 50; ++i) {
    auto env = c.next_of("env");
    if (!env) return std::nullopt;
    if ((*env)["envelope"]["body"].value("subject", "") == subject) return env;
  }
  return std::nullopt;
}

struct ConsultationsApi : ServerFixture {
  std::vector<std::string> args() override {
    return {"--demo", "--clock", "manual", "--clock-start", "2026-08-20T01:00:00.000Z", "--synchronous", "NORMAL"};
  }
  std::unique_ptr<WsClient> officer = nullptr, admin = nullptr;
  void SetUp() override {
    ServerFixture::SetUp();
    officer = logged_in("officer");
    admin = logged_in("admin");
  }
  std::string incident() {
    return officer->ok("incident.create", {{"type", "flood"}, {"title", "石塘镇内涝"}, {"place", {{"name", "石塘镇"}}},
                                           {"unit_id", "P0001"}})["id"];
  }
  std::string open_held(const std::string& subject) {
    return officer->ok("consultation.open", {{"subject", subject}, {"title", "防汛会商"},
                                             {"departments", {"water_resources", "meteorology"}},
                                             {"scheduled_at", "2026-08-20T01:00:00.000Z"}, {"held", true}})["id"];
  }
  // Moves the clock to `to` (RFC 3339); `who` beats first so it counts as reachable over IP.
  void advance_to(const std::string& to, WsClient* who = nullptr) {
    if (who) who->send({{"type", "hb"}});
    admin->ok("clock.advance", {{"to", to}});
  }
  json deadline_of(const std::string& subject) {
    auto dl = officer->ok("deadline.list", {{"subject", subject}, {"open", false}})["deadlines"];
    EXPECT_EQ(dl.size(), 1u) << dl.dump();
    return dl.empty() ? json() : dl[0];
  }
  std::string code(WsClient& c, const std::string& op, const json& body) {
    auto res = c.call(op, body);
    return res.value("ok", false) ? "ok" : res["error"].value("code", "");
  }
};

TEST_F(ConsultationsApi, DepartmentJoinsAndMinutesItsConsultationButHasNoDutyOfficerOps) {
  auto water = logged_in("water");
  auto inc = incident();
  auto id = open_held(inc);
  // The invited department hears of it on the bus (dept:water_resources reaches its liaison).
  auto invite = water->next_of("env");
  ASSERT_TRUE(invite.has_value());
  EXPECT_EQ((*invite)["envelope"]["kind"], "notice");
  EXPECT_EQ((*invite)["envelope"]["correlation_id"], id);
  EXPECT_EQ((*invite)["envelope"]["body"]["what"], "invited");
  EXPECT_EQ((*invite)["envelope"]["from"], "role:system");  // the server's notice, not the officer's (bus.md §1)

  EXPECT_EQ(water->ok("consultation.join", {{"id", id}})["attendance"], "present");
  water->ok("consultation.minutes", {{"id", id}, {"text", "水利局：3 座水库超汛限水位，建议提前预泄"}});
  officer->ok("consultation.join", {{"id", id}, {"department", "meteorology"}, {"attendance", "absent"}});
  // A department cannot act for another department, nor run the meeting.
  EXPECT_EQ(code(*water, "consultation.join", {{"id", id}, {"department", "meteorology"}}), "out_of_scope");
  EXPECT_EQ(code(*water, "consultation.open", {{"subject", inc}, {"title", "x"}, {"departments", {"water_resources"}},
                                               {"scheduled_at", "2026-08-20T02:00:00.000Z"}}),
            "forbidden");
  EXPECT_EQ(code(*water, "consultation.decide", {{"id", id}, {"text", "x"}, {"owner", "dept:water_resources"},
                                                 {"due_at", "2026-08-20T05:00:00.000Z"}}),
            "forbidden");
  EXPECT_EQ(code(*water, "consultation.close", {{"id", id}}), "forbidden");
  EXPECT_EQ(code(*water, "incident.create", {{"type", "flood"}, {"title", "x"}, {"place", {{"name", "x"}}}}), "forbidden");
  EXPECT_EQ(code(*water, "task.cancel", {{"id", inc}, {"reason", "x"}}), "forbidden");
  EXPECT_EQ(code(*water, "report.submit", {{"unit", "P0001"}, {"period", "daily"}, {"period_start", "2026-08-20"}, {"zero", true}}),
            "forbidden");

  auto c = water->ok("consultation.get", {{"id", id}});
  ASSERT_EQ(c["participants"].size(), 2u);
  EXPECT_EQ(c["participants"][0]["department_id"], "meteorology");
  EXPECT_EQ(c["participants"][0]["attendance"], "absent");
  EXPECT_EQ(c["participants"][1]["department_id"], "water_resources");
  EXPECT_EQ(c["participants"][1]["attendance"], "present");
  ASSERT_EQ(c["minutes"].size(), 1u);
  EXPECT_EQ(c["status"], "held");
  EXPECT_EQ(c["held_at"], "2026-08-20T01:00:00.000Z");

  // A department not invited sees nothing of it.
  auto health = logged_in("health");
  EXPECT_EQ(health->ok("consultation.list")["consultations"].size(), 0u);
  EXPECT_EQ(water->ok("consultation.list")["consultations"].size(), 1u);
  EXPECT_EQ(code(*health, "consultation.get", {{"id", id}}), "out_of_scope");
  EXPECT_EQ(code(*health, "consultation.join", {{"id", id}}), "out_of_scope");
  EXPECT_EQ(code(*health, "consultation.minutes", {{"id", id}, {"text", "x"}}), "out_of_scope");

  officer->ok("consultation.close", {{"id", id}, {"summary", "预泄腾库，加密会商"}});
  EXPECT_EQ(code(*water, "consultation.minutes", {{"id", id}, {"text", "late"}}), "invalid_transition");
}

TEST_F(ConsultationsApi, DecisionIsTrackedWithOwnerAndDeadlineEscalatesWhenMissedAndIsMetWhenDone) {
  auto water = logged_in("water");
  auto id = open_held(incident());
  water->next_of("env");  // the invitation
  auto d1 = officer->ok("consultation.decide", {{"id", id}, {"text", "对 3 座水库提前预泄"}, {"owner", "dept:water_resources"},
                                                {"due_at", "2026-08-20T03:00:00.000Z"}});
  auto d2 = officer->ok("consultation.decide", {{"id", id}, {"text", "石塘镇转移低洼群众"}, {"owner", "team:T-P0001"},
                                                {"due_at", "2026-08-20T05:00:00.000Z"}});
  std::string dec1 = d1["decision_id"], dec2 = d2["decision_id"];
  // The owner is told on the bus.
  auto told = water->next_of("env");
  ASSERT_TRUE(told.has_value());
  EXPECT_EQ((*told)["envelope"]["body"]["what"], "decision");
  EXPECT_EQ((*told)["envelope"]["body"]["decision_id"], dec1);
  EXPECT_EQ((*told)["envelope"]["body"]["due_at"], "2026-08-20T03:00:00.000Z");

  auto dl = deadline_of(dec1);
  EXPECT_EQ(dl["kind"], "consultation.decision");
  EXPECT_EQ(dl["due_at"], "2026-08-20T03:00:00.000Z");
  EXPECT_EQ(dl["status"], "open");

  // Only the owner (or the centre) moves a decision, and only forward.
  EXPECT_EQ(code(*water, "consultation.decision_update", {{"decision_id", dec2}, {"status", "accepted"}}), "out_of_scope");
  water->ok("consultation.decision_update", {{"decision_id", dec1}, {"status", "accepted"}});
  EXPECT_EQ(code(*water, "consultation.decision_update", {{"decision_id", dec1}, {"status", "accepted"}}), "invalid_transition");
  water->ok("consultation.decision_update", {{"decision_id", dec1}, {"status", "in_progress"}, {"note", "1 号库已开闸"}});

  // Exactly at due_at the deadline is still open (done at due_at is on time); 1 ms later it is
  // missed and the duty officer is told; 15 min after that the duty leader.
  advance_to("2026-08-20T03:00:00.000Z", officer.get());
  EXPECT_EQ(deadline_of(dec1)["status"], "open");
  advance_to("2026-08-20T03:00:00.001Z", officer.get());
  dl = deadline_of(dec1);
  EXPECT_EQ(dl["status"], "missed");
  EXPECT_EQ(dl["escalation_level"], 1);
  auto notice = notice_about(*officer, dec1);
  ASSERT_TRUE(notice.has_value());
  EXPECT_EQ((*notice)["envelope"]["body"]["kind"], "consultation.decision");
  EXPECT_EQ((*notice)["envelope"]["body"]["subject"], dec1);
  EXPECT_EQ((*notice)["envelope"]["body"]["level"], 1);
  auto leader = logged_in("leader");
  advance_to("2026-08-20T03:15:00.000Z", leader.get());
  EXPECT_EQ(deadline_of(dec1)["escalation_level"], 1);
  advance_to("2026-08-20T03:15:00.001Z", leader.get());
  EXPECT_EQ(deadline_of(dec1)["escalation_level"], 2);
  auto up = notice_about(*leader, dec1);
  ASSERT_TRUE(up.has_value());
  EXPECT_EQ((*up)["envelope"]["body"]["level"], 2);

  // Done late: met, counted late. The team's decision done in time: met on time.
  water->ok("consultation.decision_update", {{"decision_id", dec1}, {"status", "done"}});
  dl = deadline_of(dec1);
  EXPECT_EQ(dl["status"], "met");
  EXPECT_EQ(dl["met_at"], "2026-08-20T03:15:00.001Z");
  auto lead = logged_in("teamlead");
  EXPECT_EQ(lead->ok("consultation.decision_update", {{"decision_id", dec2}, {"status", "done"}})["deadline_met"], 1);
  EXPECT_EQ(deadline_of(dec2)["status"], "met");
  auto m = officer->ok("metrics.summary");
  EXPECT_EQ(m["on_time"]["consultation.decision"]["numerator"], 1);
  EXPECT_EQ(m["on_time"]["consultation.decision"]["denominator"], 2);

  auto c = officer->ok("consultation.get", {{"id", id}});
  ASSERT_EQ(c["decisions"].size(), 2u);
  EXPECT_EQ(c["decisions"][0]["status"], "done");
  EXPECT_EQ(c["decisions"][0]["owner"], "dept:water_resources");
  EXPECT_EQ(c["decisions"][0]["deadline_status"], "met");
  EXPECT_EQ(c["decisions"][0]["on_time"], 0);
  EXPECT_EQ(c["decisions"][1]["on_time"], 1);
}

TEST_F(ConsultationsApi, BadInputIsRefusedAndChangesNothing) {
  auto inc = incident();
  auto id = open_held(inc);
  auto before = event_log();
  auto open = [&](json b) { return code(*officer, "consultation.open", b); };
  json ok = {{"subject", inc}, {"title", "会商"}, {"departments", {"water_resources"}}, {"scheduled_at", "2026-08-20T02:00:00.000Z"}};
  auto with = [&](const char* k, json v) {
    json b = ok;
    b[k] = v;
    return b;
  };
  EXPECT_EQ(open(with("subject", "no-such-warning")), "not_found");
  EXPECT_EQ(open(with("departments", json::array())), "bad_field");
  EXPECT_EQ(open(with("departments", {"water_resources", "water_resources"})), "bad_field");
  EXPECT_EQ(open(with("departments", {"county-1"})), "not_found");
  EXPECT_EQ(open(with("scheduled_at", "2026-08-20T00:00:00.000Z")), "bad_field");  // past, not held
  EXPECT_EQ(open(with("scheduled_at", "tomorrow")), "bad_field");
  EXPECT_EQ(open(with("colour", "red")), "unknown_field");
  auto decide = [&](json b) { return code(*officer, "consultation.decide", b); };
  json d = {{"id", id}, {"text", "x"}, {"owner", "dept:water_resources"}, {"due_at", "2026-08-20T05:00:00.000Z"}};
  auto dwith = [&](const char* k, json v) {
    json b = d;
    b[k] = v;
    return b;
  };
  EXPECT_EQ(decide(dwith("owner", "dept:nowhere")), "not_found");
  EXPECT_EQ(decide(dwith("owner", "water_resources")), "bad_field");
  EXPECT_EQ(decide(dwith("owner", "team:T-NONE")), "not_found");
  EXPECT_EQ(decide(dwith("due_at", "2026-08-20T00:59:59.000Z")), "bad_field");
  EXPECT_EQ(decide(dwith("id", "01890000-0000-7000-8000-000000000000")), "not_found");
  EXPECT_EQ(code(*officer, "consultation.decision_update", {{"decision_id", "01890000-0000-7000-8000-000000000000"}, {"status", "done"}}),
            "not_found");
  EXPECT_EQ(code(*officer, "consultation.decision_update", {{"decision_id", id}, {"status", "finished"}}), "bad_field");
  EXPECT_EQ(code(*officer, "consultation.start", {{"id", id}}), "invalid_transition");  // already held
  EXPECT_EQ(code(*officer, "consultation.join", {{"id", id}, {"department", "health"}}), "not_found");  // not invited
  EXPECT_EQ(code(*officer, "consultation.join", {{"id", id}}), "missing_field");
  EXPECT_EQ(event_log(), before);
}

TEST_F(ConsultationsApi, ScheduledConsultationIsHeldByStartAndIdempotentByClientKey) {
  auto water = logged_in("water");
  auto inc = incident();
  json body = {{"subject", inc}, {"title", "防汛会商"}, {"departments", {"water_resources"}},
               {"scheduled_at", "2026-08-20T02:00:00.000Z"}, {"client_key", "k-1"}};
  auto first = officer->ok("consultation.open", body);
  EXPECT_EQ(first["status"], "scheduled");
  auto again = officer->ok("consultation.open", body);
  EXPECT_EQ(again["id"], first["id"]);
  EXPECT_EQ(again["duplicate"], true);
  EXPECT_EQ(officer->ok("consultation.list", {{"subject", inc}})["consultations"].size(), 1u);
  // Not held yet: no minutes, no decisions.
  EXPECT_EQ(code(*officer, "consultation.minutes", {{"id", first["id"]}, {"text", "x"}}), "invalid_transition");
  advance_to("2026-08-20T01:59:59.500Z");
  water->send({{"type", "hb"}});  // heard within 2 s of clock time: reachable over IP
  water->ok("auth.whoami");
  advance_to("2026-08-20T02:00:00.000Z");
  EXPECT_EQ(officer->ok("consultation.start", {{"id", first["id"]}})["status"], "held");
  // The department was invited once (the repeat opened nothing) and is told the meeting starts.
  // Resends of an unanswered notice carry the same envelope id: a receiver de-duplicates by it.
  std::map<std::string, std::string> told;  // envelope id -> what
  while (auto env = water->next_of("env", std::chrono::milliseconds(told.size() < 2 ? 5000 : 300)))
    if ((*env)["envelope"]["correlation_id"] == first["id"]) told[(*env)["envelope"]["id"]] = (*env)["envelope"]["body"]["what"];
  std::multiset<std::string> what;
  for (const auto& [env_id, w] : told) what.insert(w);
  EXPECT_EQ(what, (std::multiset<std::string>{"invited", "started"}));
  auto c = officer->ok("consultation.get", {{"id", first["id"]}});
  EXPECT_EQ(c["held_at"], "2026-08-20T02:00:00.000Z");
  EXPECT_EQ(officer->ok("consultation.list", {{"status", "held"}})["consultations"].size(), 1u);
}

}  // namespace
