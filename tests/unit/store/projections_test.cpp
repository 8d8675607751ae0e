// Each projection, through the real operations: what the event says is what the tables hold.
#include "store_fixture.hpp"
#include "lifeline/time_format.hpp"

using namespace lifeline;
using namespace lifeline::testing;
using nlohmann::json;

struct Projections : StoreFixture {
  void SetUp() override {
    seed_city();
    op("team.create", {{"id", "T1"}, {"name", "石塘镇应急救援队"}, {"kind", "township"}, {"unit_id", "P0001"},
                       {"lat", 27.9}, {"lon", 120.0}, {"required_min", 20},
                       {"members", {{{"name", "刘强"}, {"role", "lead"}}, {{"name", "赵磊"}, {"role", "member"}}}},
                       {"equipment", {{{"item", "assault_boat"}, {"qty", 2}}}},
                       {"contacts", {{{"channel", "ip"}, {"address", "team:T1"}}, {{"channel", "beidou"}, {"address", "4207733"}}}}});
  }
  json incident() {
    return op("incident.create", {{"type", "typhoon"}, {"title", "台风“海葵”登陆"}, {"place", {{"name", "石塘镇"}, {"lat", 27.9}, {"lon", 120.05}}},
                                  {"unit_id", "P0001"}, {"casualties", {{"dead", 0}, {"missing", 2}, {"injured", 5}}}, {"losses_yuan", 1200000}});
  }
};

TEST_F(Projections, TeamWithMembersLadderAndEquipment) {
  auto team = store->query_one("SELECT * FROM teams WHERE id = 'T1'");
  EXPECT_EQ(team["readiness"], "available");
  EXPECT_EQ(team["required_min"], 20);
  EXPECT_EQ(store->query("SELECT * FROM members WHERE team_id = 'T1'").size(), 2u);
  auto ladder = store->query("SELECT channel FROM contacts WHERE owner = 'team:T1' ORDER BY rank");
  ASSERT_EQ(ladder.size(), 2u);
  EXPECT_EQ(ladder[0]["channel"], "ip");
  EXPECT_EQ(ladder[1]["channel"], "beidou");
  EXPECT_EQ(store->query_one("SELECT kind, parent_id FROM units WHERE id = 'T1'")["parent_id"], "P0001");
  EXPECT_EQ(store->query_one("SELECT qty FROM equipment WHERE team_id = 'T1'")["qty"], 2);
}

TEST_F(Projections, IncidentLifecycleAndTimeline) {
  auto id = incident()["id"].get<std::string>();
  auto row = store->query_one("SELECT * FROM incidents WHERE id = ?", {id});
  EXPECT_EQ(row["status"], "reported");
  EXPECT_EQ(row["missing"], 2);
  EXPECT_EQ(row["losses_yuan"], 1200000);
  EXPECT_TRUE(row["number"].get<std::string>().rfind("INC-2025-0001", 0) == 0);
  EXPECT_EQ(incident()["number"], "INC-2025-0002");
  op("incident.update", {{"id", id}, {"casualties", {{"dead", 1}, {"missing", 1}, {"injured", 5}}}});
  domain::Actor commander{"u1", "commander", "commander", "city", ""};
  op("incident.set_level", {{"id", id}, {"level", 2}, {"reason", "2 人失踪"}}, &commander);
  op("incident.set_status", {{"id", id}, {"status", "responding"}});
  row = store->query_one("SELECT * FROM incidents WHERE id = ?", {id});
  EXPECT_EQ(row["dead"], 1);
  EXPECT_EQ(row["level"], 2);
  EXPECT_EQ(row["status"], "responding");
  auto timeline = store->query("SELECT kind FROM timeline WHERE incident_id = ? ORDER BY seq", {id});
  ASSERT_EQ(timeline.size(), 4u);
  EXPECT_EQ(timeline[0]["kind"], "incident.created");
  EXPECT_EQ(timeline[2]["kind"], "incident.level_set");
  EXPECT_EQ(error_of("incident.set_status", {{"id", id}, {"status", "reported"}}), "invalid_transition");
}

TEST_F(Projections, LevelOneAndTwoNeedTheCommander) {
  auto id = incident()["id"].get<std::string>();
  domain::Actor leader{"u2", "leader", "duty_leader", "city", ""};
  try {
    op("incident.set_level", {{"id", id}, {"level", 1}, {"reason", "x"}}, &leader);
    FAIL() << "duty leader set level I";
  } catch (const ApiError& e) {
    EXPECT_EQ(e.code(), "approval_required");
  }
  op("incident.set_level", {{"id", id}, {"level", 3}, {"reason", "x"}}, &leader);
  EXPECT_EQ(store->query_one("SELECT level FROM incidents WHERE id = ?", {id})["level"], 3);
}

TEST_F(Projections, TaskLifecycleRefusesInvalidTransitions) {
  auto inc = incident()["id"].get<std::string>();
  auto task = op("task.assign", {{"team_id", "T1"}, {"what", "evacuate"}, {"incident_id", inc}, {"note", "转移下洋社区群众"}})["id"].get<std::string>();
  for (const char* s : {"acknowledged", "en_route", "on_scene", "done"}) op("task.update_status", {{"id", task}, {"status", s}});
  EXPECT_EQ(store->query_one("SELECT status FROM tasks WHERE id = ?", {task})["status"], "done");
  EXPECT_EQ(error_of("task.update_status", {{"id", task}, {"status", "en_route"}}), "invalid_transition");
  EXPECT_EQ(error_of("task.update_status", {{"id", task}, {"status", "failed"}}), "missing_field");
  auto timeline = store->query("SELECT kind FROM timeline WHERE incident_id = ?", {inc});
  EXPECT_EQ(timeline.size(), 6u);  // created, task.created, 4 status changes
}

// A team on its way is out (已出动) until its last task on the move ends; a team set off duty by
// hand stays off duty.
TEST_F(Projections, ATeamOnTheMoveIsDeployedUntilItsLastTaskEnds) {
  auto readiness = [&] { return store->query_one("SELECT readiness FROM teams WHERE id = 'T1'")["readiness"].get<std::string>(); };
  ASSERT_EQ(readiness(), "available");
  auto first = op("task.assign", {{"team_id", "T1"}, {"what", "evacuate"}})["id"].get<std::string>();
  auto second = op("task.assign", {{"team_id", "T1"}, {"what", "patrol"}})["id"].get<std::string>();
  op("task.update_status", {{"id", first}, {"status", "acknowledged"}});
  EXPECT_EQ(readiness(), "available") << "acknowledged, not yet moving";
  op("task.update_status", {{"id", first}, {"status", "en_route"}});
  EXPECT_EQ(readiness(), "deployed");
  op("task.update_status", {{"id", second}, {"status", "en_route"}});
  op("task.update_status", {{"id", first}, {"status", "done"}});
  EXPECT_EQ(readiness(), "deployed") << "still on its second task";
  op("task.cancel", {{"id", second}, {"reason", "撤回"}});
  EXPECT_EQ(readiness(), "available");
  // A squad on standby goes back to standby; one deployed by hand stays deployed.
  op("team.set_readiness", {{"id", "T1"}, {"readiness", "standby"}});
  auto third = op("task.assign", {{"team_id", "T1"}, {"what", "patrol"}})["id"].get<std::string>();
  op("task.update_status", {{"id", third}, {"status", "on_scene"}});
  EXPECT_EQ(readiness(), "deployed");
  op("task.update_status", {{"id", third}, {"status", "done"}});
  EXPECT_EQ(readiness(), "standby");
  op("team.set_readiness", {{"id", "T1"}, {"readiness", "deployed"}});
  auto fourth = op("task.assign", {{"team_id", "T1"}, {"what", "patrol"}})["id"].get<std::string>();
  op("task.update_status", {{"id", fourth}, {"status", "en_route"}});
  op("task.update_status", {{"id", fourth}, {"status", "done"}});
  EXPECT_EQ(readiness(), "deployed") << "deployed by hand: not the task's to undo";
  auto fifth = op("task.assign", {{"team_id", "T1"}, {"what", "patrol"}})["id"].get<std::string>();
  op("team.set_readiness", {{"id", "T1"}, {"readiness", "off_duty"}});
  op("task.update_status", {{"id", fifth}, {"status", "en_route"}});
  EXPECT_EQ(readiness(), "off_duty") << "readiness set by hand is not overridden";
}

TEST_F(Projections, TeamRolesActOnlyOnTheirOwnTeam) {
  op("team.create", {{"id", "T2"}, {"name", "其他队"}, {"kind", "village"}, {"unit_id", "P0001"}});
  auto task = op("task.assign", {{"team_id", "T2"}, {"what", "patrol"}})["id"].get<std::string>();
  domain::Actor lead{"u3", "teamlead", "team_lead", "T1", ""};
  try {
    op("task.update_status", {{"id", task}, {"status", "acknowledged"}}, &lead);
    FAIL();
  } catch (const ApiError& e) {
    EXPECT_EQ(e.code(), "out_of_scope");
  }
}

TEST_F(Projections, ReadinessAndStalePositions) {
  op("team.set_readiness", {{"id", "T1"}, {"readiness", "deployed"}});
  EXPECT_EQ(store->query_one("SELECT readiness FROM teams WHERE id = 'T1'")["readiness"], "deployed");
  op("team.report_position", {{"id", "T1"}, {"lat", 27.95}, {"lon", 120.01}, {"fix_at", "2025-08-20T01:00:00.000Z"}});
  auto stale = op("team.report_position", {{"id", "T1"}, {"lat", 1.0}, {"lon", 1.0}, {"fix_at", "2025-08-20T00:59:00.000Z"}});
  EXPECT_TRUE(stale["stale"].get<bool>());
  EXPECT_DOUBLE_EQ(store->query_one("SELECT lat FROM teams WHERE id = 'T1'")["lat"].get<double>(), 27.95);
}

// Two handhelds of one team 0.8 km apart and a BeiDou terminal: each keeps its own last fix and
// breadcrumbs; one device's older fix is still its newest and is kept; the team sits at the newest.
TEST_F(Projections, EachHandheldKeepsItsOwnFixAndTrack) {
  const std::string lead_id = "0198c6e0-6c00-7000-8000-0000000000a3";
  op("user.create", {{"id", lead_id}, {"username", "t1lead"}, {"display_name", "刘强"}, {"role", "team_lead"}, {"unit_id", "T1"},
                     {"password", "correct-horse-1"}});
  domain::Actor lead{lead_id, "t1lead", "team_lead", "T1", ""};
  domain::Actor member{"u5", "t1member", "team_member", "T1", ""};
  domain::Actor terminal{"", "beidou:4207733", "team_lead", "T1", ""};
  for (int i = 0; i < 3; ++i)
    op("team.report_position", {{"lat", 27.95 + i * 0.001}, {"lon", 120.01}, {"fix_at", "2025-08-20T00:5" + std::to_string(i) + ":00.000Z"}}, &lead);
  // The member's fix is older than the lead's newest: kept as the member's, the team stays put.
  EXPECT_FALSE(op("team.report_position", {{"lat", 27.957}, {"lon", 120.01}, {"fix_at", "2025-08-20T00:51:30.000Z"}}, &member)["stale"].get<bool>());
  EXPECT_TRUE(op("team.report_position", {{"lat", 1.0}, {"lon", 1.0}, {"fix_at", "2025-08-20T00:51:00.000Z"}}, &member)["stale"].get<bool>());
  op("team.report_position", {{"lat", 27.94}, {"lon", 120.02}, {"fix_at", "2025-08-20T00:45:00.000Z"}}, &terminal);
  auto team = store->query_one("SELECT lat, position_at FROM teams WHERE id = 'T1'");
  EXPECT_DOUBLE_EQ(team["lat"].get<double>(), 27.952);
  EXPECT_EQ(team["position_at"], 1755651600000 - 8 * 60000);

  auto tracks = op("team.tracks", {{"team_id", "T1"}, {"hours", 1}});
  ASSERT_EQ(tracks["teams"].size(), 1u);
  const auto devices = tracks["teams"][0]["devices"];
  ASSERT_EQ(devices.size(), 3u);  // ordered by device: the terminal, the lead (0198…), the member (u5)
  EXPECT_EQ(devices[0]["device"], "beidou:4207733");
  EXPECT_EQ(devices[0]["device_name"], "");
  EXPECT_EQ(devices[1]["device"], "user:" + lead_id);
  EXPECT_EQ(devices[1]["device_name"], "刘强");
  EXPECT_EQ(devices[1]["points"].size(), 3u);
  EXPECT_DOUBLE_EQ(devices[1]["points"][2][0].get<double>(), 27.952);
  EXPECT_EQ(devices[2]["points"].size(), 1u);
  EXPECT_DOUBLE_EQ(devices[2]["lat"].get<double>(), 27.957);
  // Two hours on, the last hour holds no fix; the last fix of each device is still given.
  clock.advance(2 * 3600 * 1000);
  auto later = op("team.tracks", {{"team_id", "T1"}, {"hours", 1}});
  const auto later_devices = later["teams"][0]["devices"];
  ASSERT_EQ(later_devices.size(), 3u);
  for (const auto& d : later_devices) EXPECT_TRUE(d["points"].empty()) << d.dump();
}

// A long track is thinned evenly, its newest fix kept.
TEST_F(Projections, LongTracksAreThinnedKeepingTheNewest) {
  domain::Actor lead{"u3", "t1lead", "team_lead", "T1", ""};
  for (int i = 0; i < 600; ++i)
    op("team.report_position", {{"lat", 27.0 + i * 0.0001}, {"lon", 120.0}, {"fix_at", format_rfc3339_ms(1755651600000 - (600 - i) * 10000)}}, &lead);
  auto points = op("team.tracks", json::object())["teams"][0]["devices"][0]["points"];
  EXPECT_LE(points.size(), 240u);
  EXPECT_GE(points.size(), 200u);
  EXPECT_DOUBLE_EQ(points.back()[0].get<double>(), 27.0 + 599 * 0.0001);
}

TEST_F(Projections, ScopeStopsACountyOfficerOutsideItsCounty) {
  op("unit.create", {{"id", "county-2"}, {"kind", "county"}, {"name", "青山县"}, {"parent_id", "city"}});
  domain::Actor county2{"u4", "c2", "duty_officer", "county-2", ""};
  try {
    op("incident.create", {{"type", "flood"}, {"title", "x"}, {"place", {{"name", "石塘"}}}, {"unit_id", "P0001"}}, &county2);
    FAIL();
  } catch (const ApiError& e) {
    EXPECT_EQ(e.code(), "out_of_scope");
  }
}

TEST_F(Projections, ShiftsDoNotOverlapAndLogTheHandover) {
  op("user.create", {{"username", "officer"}, {"password", "password1"}, {"display_name", "值班员"}, {"role", "duty_officer"}, {"unit_id", "city"}, {"id", "0198c6e0-6c00-7000-8000-000000000001"}});
  op("user.create", {{"username", "leader"}, {"password", "password1"}, {"display_name", "带班"}, {"role", "duty_leader"}, {"unit_id", "city"}, {"id", "0198c6e0-6c00-7000-8000-000000000002"}});
  json shift = {{"starts_at", "2025-08-20T00:00:00.000Z"}, {"ends_at", "2025-08-21T00:00:00.000Z"},
                {"officer_id", "0198c6e0-6c00-7000-8000-000000000001"}, {"leader_id", "0198c6e0-6c00-7000-8000-000000000002"}};
  op("duty.create_shift", shift);
  EXPECT_EQ(error_of("duty.create_shift", shift), "conflict");
  domain::Actor officer{"0198c6e0-6c00-7000-8000-000000000001", "officer", "duty_officer", "city", ""};
  op("duty.log", {{"text", "22:10 石塘镇报告水位上涨"}}, &officer);
  op("duty.handover", {{"note", "石塘镇转移未完成，请跟进"}}, &officer);
  auto row = store->query_one("SELECT * FROM shifts");
  EXPECT_EQ(row["handover_note"], "石塘镇转移未完成，请跟进");
  EXPECT_EQ(store->query("SELECT * FROM shift_log").size(), 1u);
}

// The handover lists what is still open, and the incoming shift signs it: its officer or leader,
// once, after the handover; a gap in the coming week's roster is said hour for hour.
TEST_F(Projections, TheIncomingShiftSignsTheHandoverAndRosterGapsAreListed) {
  auto user = [&](const char* name, const char* role, const char* id) {
    op("user.create", {{"username", name}, {"password", "password1"}, {"display_name", name}, {"role", role}, {"unit_id", "city"}, {"id", id}});
  };
  user("officer", "duty_officer", "0198c6e0-6c00-7000-8000-000000000001");
  user("officer2", "duty_officer", "0198c6e0-6c00-7000-8000-000000000003");
  user("leader", "duty_leader", "0198c6e0-6c00-7000-8000-000000000002");
  domain::Actor officer{"0198c6e0-6c00-7000-8000-000000000001", "officer", "duty_officer", "city", ""};
  domain::Actor officer2{"0198c6e0-6c00-7000-8000-000000000003", "officer2", "duty_officer", "city", ""};
  const int64_t h = 3600 * 1000, now = clock.now_ms();  // 2025-08-20T01:00Z
  auto shift = [&](int64_t from, int64_t to, const char* officer_id) {
    return op("duty.create_shift", {{"starts_at", format_rfc3339_ms(from)}, {"ends_at", format_rfc3339_ms(to)},
                                    {"officer_id", officer_id}, {"leader_id", "0198c6e0-6c00-7000-8000-000000000002"}})["id"].get<std::string>();
  };
  auto today = shift(now - h, now + 23 * h, "0198c6e0-6c00-7000-8000-000000000001");
  auto tomorrow = shift(now + 23 * h, now + 47 * h, "0198c6e0-6c00-7000-8000-000000000003");
  // Nothing from +47 h to +71 h, then covered to the end of the week but for the last 2 hours.
  for (int64_t from = 71; from < 166; from += 24)
    shift(now + from * h, now + std::min<int64_t>(from + 24, 166) * h, "0198c6e0-6c00-7000-8000-000000000003");
  auto error_as = [&](const domain::Actor& a, const std::string& name, const json& body) {
    try {
      op(name, body, &a);
    } catch (const ApiError& e) {
      return e.code();
    }
    return std::string("ok");
  };
  EXPECT_EQ(error_as(officer2, "duty.accept_handover", {{"shift_id", today}}), "invalid_transition") << "not handed over yet";
  EXPECT_EQ(error_as(officer, "duty.handover", {{"note", "x"}, {"open_items", {"石塘镇转移", ""}}}), "bad_field");
  op("duty.handover", {{"note", "石塘镇转移未完成"}, {"open_items", {"石塘镇东岙村还有 12 人未转移", "港口镇渔船回港清点"}}}, &officer);
  EXPECT_EQ(error_as(officer, "duty.accept_handover", {{"shift_id", today}}), "forbidden") << "the outgoing officer cannot sign";
  clock.advance(23 * h);
  op("duty.accept_handover", {{"shift_id", today}, {"note", "已接手，12 人转移 10:00 前完成"}}, &officer2);
  EXPECT_EQ(error_as(officer2, "duty.accept_handover", {{"shift_id", today}}), "invalid_transition") << "signed once";
  auto row = store->query_one("SELECT * FROM shifts WHERE id = ?", {today});
  EXPECT_EQ(row["open_items"], R"(["石塘镇东岙村还有 12 人未转移","港口镇渔船回港清点"])");
  EXPECT_EQ(row["accepted_by"], "0198c6e0-6c00-7000-8000-000000000003");
  EXPECT_EQ(row["accepted_at"], now + 23 * h);
  EXPECT_EQ(row["accept_note"], "已接手，12 人转移 10:00 前完成");

  auto current = op("duty.current", json::object(), &officer2);
  EXPECT_EQ(current["shift"]["id"], tomorrow);
  EXPECT_EQ(current["previous"]["open_items"].size(), 2u);
  EXPECT_EQ(current["previous"]["accepted_by_name"], "officer2");
  ASSERT_EQ(current["gaps"].size(), 2u) << current["gaps"].dump();
  const int64_t at = now + 23 * h;
  EXPECT_EQ(current["gaps"][0]["from"], now + 47 * h);
  EXPECT_EQ(current["gaps"][0]["to"], now + 71 * h);
  EXPECT_EQ(current["gaps"][1]["from"], now + 166 * h);
  EXPECT_EQ(current["gaps"][1]["to"], at + 7 * 24 * h);
}
