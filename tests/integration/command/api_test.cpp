// The duty officer's path over the real WebSocket API: log in, open an incident, see the teams,
// order a team, watch the task's status change, all pushed live and surviving a restart.
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "server_fixture.hpp"

using namespace lifeline::testing;
using nlohmann::json;

using CommandApi = ServerFixture;

TEST_F(CommandApi, OfficerOpensIncidentOrdersTeamAndWatchesStatus) {
  auto officer = logged_in("officer");
  auto snapshot = officer->ok("board.subscribe");
  EXPECT_GE(snapshot["teams"].size(), 40u);
  EXPECT_FALSE(snapshot["shift"].is_null());

  auto inc = officer->ok("incident.create", {{"type", "typhoon"}, {"title", "台风“海葵”影响石塘镇"},
                                             {"place", {{"name", "石塘镇下洋社区"}, {"lat", 27.90865}, {"lon", 120.08385}}},
                                             {"casualties", {{"missing", 2}}}});
  EXPECT_EQ(inc["number"].get<std::string>().substr(0, 4), "INC-");
  auto push = officer->next_of("push");
  ASSERT_TRUE(push);
  EXPECT_EQ((*push)["event"]["kind"], "incident.created");
  EXPECT_EQ((*push)["event"]["subject"], inc["id"]);

  auto team = officer->ok("team.get", {{"id", "T-P0001"}});
  EXPECT_GE(team["members"].size(), 20u);
  EXPECT_EQ(team["contacts"][0]["channel"], "ip");

  auto task = officer->ok("task.assign", {{"team_id", "T-P0001"}, {"what", "evacuate"}, {"incident_id", inc["id"]},
                                          {"note", "转移下洋社区低洼处群众"}, {"due_at", "2099-01-01T00:00:00.000Z"}});
  EXPECT_EQ(task["status"], "ordered");

  // The team lead, on a handheld over IP, acknowledges and moves on; the officer sees each step.
  auto lead = logged_in("teamlead");
  auto own = lead->ok("task.list");
  ASSERT_EQ(own["tasks"].size(), 1u);
  for (const char* s : {"acknowledged", "en_route", "on_scene"}) lead->ok("task.update_status", {{"id", task["id"]}, {"status", s}});
  std::vector<std::string> seen;
  while (seen.size() < 3) {
    auto f = officer->next_of("push");
    ASSERT_TRUE(f) << "missing push after " << seen.size();
    if ((*f)["event"]["kind"] == "task.status_changed") seen.push_back((*f)["event"]["body"]["to"]);
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"acknowledged", "en_route", "on_scene"}));
  auto got = officer->ok("incident.get", {{"id", inc["id"]}});
  EXPECT_EQ(got["tasks"][0]["status"], "on_scene");
  EXPECT_GE(got["timeline"].size(), 5u);
}

TEST_F(CommandApi, AnIncidentReportedByPlaceNameIsOnTheMap) {
  auto officer = logged_in("officer");
  // 港口镇渔港: the town's coordinates, with the name as typed; the answer says what it was found as.
  auto boats = officer->ok("incident.create", {{"type", "typhoon"}, {"title", "渔船走锚"}, {"place", {{"name", "港口镇渔港"}}}});
  EXPECT_EQ(boats["located"]["name"], "港口镇") << boats;
  auto row = officer->ok("incident.get", {{"id", boats["id"]}})["incident"];
  EXPECT_EQ(row["place_name"], "港口镇渔港");
  auto town = officer->ok("place.search", {{"q", "港口镇"}, {"limit", 1}})["places"][0];
  EXPECT_EQ(row["lat"], town["lat"]);
  EXPECT_EQ(row["lon"], town["lon"]);
  // Two villages are called 东岙村: not located, and place.search offers both.
  auto which = officer->ok("incident.create", {{"type", "geohazard"}, {"title", "山体滑坡"}, {"place", {{"name", "东岙村"}}}});
  EXPECT_FALSE(which.contains("located"));
  EXPECT_TRUE(officer->ok("incident.get", {{"id", which["id"]}})["incident"]["lat"].is_null());
  EXPECT_EQ(officer->ok("place.search", {{"q", "东岙村"}})["places"].size(), 2u);
  // Coordinates given win; an update by name locates too.
  auto given = officer->ok("incident.create", {{"type", "flood"}, {"title", "内涝"}, {"place", {{"name", "港口镇"}, {"lat", 27.5}, {"lon", 120.5}}}});
  EXPECT_FALSE(given.contains("located"));
  auto moved = officer->ok("incident.update", {{"id", which["id"]}, {"place", {{"name", "石塘镇东岙村后山"}}}});
  EXPECT_EQ(moved["located"]["name"], "石塘镇东岙村");
  EXPECT_FALSE(officer->ok("incident.get", {{"id", which["id"]}})["incident"]["lat"].is_null());
  EXPECT_EQ(officer->call("place.search", {{"q", ""}})["error"]["code"], "bad_field");
}

TEST_F(CommandApi, TokenSurvivesRestartAndLogoutRevokesIt) {
  auto c = client();
  auto login = c->login("officer");
  std::string token = login["token"];
  auto inc = c->ok("incident.create", {{"type", "flood"}, {"title", "内涝"}, {"place", {{"name", "南湾镇"}}}});
  c.reset();
  server->restart();
  auto c2 = client();
  auto resumed = c2->ok("auth.resume", {{"token", token}});
  EXPECT_EQ(resumed["user"]["username"], "officer");
  auto got = c2->ok("incident.get", {{"id", inc["id"]}});
  EXPECT_EQ(got["incident"]["title"], "内涝");
  c2->ok("auth.logout");
  auto c3 = client();
  EXPECT_EQ(c3->call("auth.resume", {{"token", token}})["error"]["code"], "unauthenticated");
}

TEST_F(CommandApi, WrongPasswordAndUnknownUserLookTheSame) {
  auto c = client();
  auto a = c->call("auth.login", {{"username", "officer"}, {"password", "wrong-password"}});
  auto b = c->call("auth.login", {{"username", "nobody"}, {"password", "wrong-password"}});
  EXPECT_EQ(a["error"]["code"], "bad_credentials");
  EXPECT_EQ(b["error"], a["error"]);
  EXPECT_EQ(c->call("incident.list")["error"]["code"], "unauthenticated");
}

TEST_F(CommandApi, DrillRealmIsSeparateFromLive) {
  auto director = logged_in("director");
  auto drill = director->ok("drill.start", {{"name", "无脚本防汛演练"}});
  std::string realm = drill["realm"];
  auto admin = logged_in("admin");
  auto officer = logged_in("officer");
  EXPECT_GT(drill["seeded_events"].get<int64_t>(), 100);
  // The drill realm starts from live's reference data: the same teams, depots and stock, roster.
  auto live_teams = admin->ok("team.list")["teams"];
  auto teams = admin->ok("team.list", json::object(), realm)["teams"];
  EXPECT_EQ(teams.size(), live_teams.size());
  EXPECT_GE(teams.size(), 40u);
  EXPECT_EQ(admin->ok("depot.list", json::object(), realm)["depots"].size(), admin->ok("depot.list")["depots"].size());
  EXPECT_EQ(admin->ok("stock.list", json::object(), realm), admin->ok("stock.list"));
  EXPECT_FALSE(admin->ok("duty.current", json::object(), realm)["shift"].is_null());
  EXPECT_EQ(admin->call("team.list", json::object(), "drill:nope")["error"]["code"], "unknown_realm");
  // Nothing of the drill reaches live.
  admin->ok("unit.create", {{"id", "drill-only"}, {"kind", "township"}, {"name", "演练镇"}, {"parent_id", "city"}}, realm);
  director->ok("team.set_readiness", {{"id", "T-P0001"}, {"readiness", "standby"}}, realm);
  bool found = false;
  auto live_units = admin->ok("unit.list");
  for (auto& u : live_units["units"]) found |= u["name"] == "演练镇";
  EXPECT_FALSE(found);
  EXPECT_EQ(officer->ok("team.get", {{"id", "T-P0001"}})["team"]["readiness"], "available");
  EXPECT_EQ(officer->ok("team.get", {{"id", "T-P0001"}}, realm)["team"]["readiness"], "standby");
  // The director plays the scenario inside the drill, never in live.
  auto inc = director->ok("incident.create", {{"type", "flood"}, {"title", "演练：石塘镇内涝"}, {"place", {{"name", "石塘镇"}}}}, realm);
  EXPECT_TRUE(inc["located"].is_object());
  // Only a team that joined the drill is ordered in it.
  EXPECT_EQ(director->call("task.assign", {{"team_id", "T-P0001"}, {"what", "evacuate"}, {"incident_id", inc["id"]}}, realm)["error"]["code"],
            "not_participant");
  EXPECT_TRUE(director->ok("task.list", json::object(), realm)["tasks"].empty()) << "the refused order left nothing";
  director->ok("drill.join", {{"units", {"T-P0001"}}}, realm);
  director->ok("task.assign", {{"team_id", "T-P0001"}, {"what", "evacuate"}, {"incident_id", inc["id"]}}, realm);
  EXPECT_EQ(director->call("incident.create", {{"type", "flood"}, {"title", "x"}, {"place", {{"name", "石塘镇"}}}})["error"]["code"], "forbidden");
  EXPECT_EQ(director->call("task.assign", {{"team_id", "T-P0001"}, {"what", "evacuate"}})["error"]["code"], "forbidden");
  EXPECT_EQ(officer->ok("incident.list")["incidents"].size(), 0u);
  auto info = admin->ok("server.info");
  EXPECT_EQ(info["realms"].size(), 2u);
}

// drill.end: the drill's realm becomes a read-only archive that stays closed across a restart.
TEST_F(CommandApi, AnEndedDrillIsAReadOnlyArchiveAndIsNotReopened) {
  auto director = logged_in("director");
  auto admin = logged_in("admin");
  std::string id = director->ok("drill.start", {{"name", "台风防御桌面推演"}})["id"];
  std::string realm = "drill:" + id;
  admin->ok("unit.create", {{"id", "drill-town"}, {"kind", "township"}, {"name", "演练镇"}, {"parent_id", "city"}}, realm);
  // A message in the drill nobody can take, expiring in 2 s: once past its TTL it is due at every
  // delivery round until someone records it expired, which a closed realm refuses.
  admin->ok("team.create", {{"id", "T-D1"}, {"name", "演练一队"}, {"kind", "township"}, {"unit_id", "city"}}, realm);
  director->ok("drill.join", {{"units", {"T-D1"}}}, realm);
  director->ok("bus.send", {{"to", "team:T-D1"}, {"kind", "text"}, {"realm", realm}, {"ttl_ms", 2000}, {"body", {{"text", "演练：待命"}}}},
               realm);
  EXPECT_EQ(director->call("drill.end", {{"id", id}}, realm)["error"]["code"], "bad_field") << "ended from live";
  EXPECT_EQ(logged_in("officer")->call("drill.end", {{"id", id}})["error"]["code"], "forbidden");
  auto ended = director->ok("drill.end", {{"id", id}, {"summary", "转移演练完成，卫星链路切换 40 秒"}});
  EXPECT_EQ(ended["realm"], realm);
  EXPECT_EQ(director->call("drill.end", {{"id", id}})["error"]["code"], "invalid_transition");
  EXPECT_EQ(director->call("drill.end", {{"id", "01a22f23-39e1-7003-8a0f-d39fa463f04f"}})["error"]["code"], "not_found");
  auto closed = admin->call("unit.create", {{"id", "county-x"}, {"kind", "county"}, {"name", "演练县"}, {"parent_id", "city"}}, realm);
  EXPECT_EQ(closed["error"]["code"], "realm_closed");
  EXPECT_EQ(closed["error"]["message_zh"], "演练已结束");
  auto units = admin->ok("unit.list", json::object(), realm)["units"];
  auto live_units = admin->ok("unit.list")["units"];
  ASSERT_EQ(units.size(), live_units.size() + 2) << "the archive reads (live's units, the drill's town and team), and the refused write left nothing";
  EXPECT_EQ(admin->ok("server.info")["realms"], json::array({"live"}));
  // The ended drill's queued message leaves the delivery schedule: the server idles (it spun at
  // 1 ms rounds retrying what the closed realm refused).
  auto cpu_ticks = [&] {
    std::ifstream stat("/proc/" + std::to_string(server->pid()) + "/stat");
    std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    std::istringstream fields(text.substr(text.rfind(')') + 2));
    std::string f;
    long ticks = 0;
    for (int i = 3; i <= 15 && fields >> f; ++i)
      if (i >= 14) ticks += std::stol(f);  // utime + stime
    return ticks;
  };
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));  // past the message's TTL
  auto before = cpu_ticks();
  std::this_thread::sleep_for(std::chrono::seconds(3));
  EXPECT_LT(cpu_ticks() - before, sysconf(_SC_CLK_TCK) / 2) << "under half a second of CPU in 3 s (idle: a few ticks)";
  auto drills = admin->ok("drill.list")["drills"];
  ASSERT_EQ(drills.size(), 1u);
  EXPECT_FALSE(drills[0]["ended_at"].is_null());

  // After a restart the drill is not reopened; its archive opens when read, and stays closed.
  server.reset();
  server = std::make_unique<ServerProcess>(dir.path(), args());
  admin = logged_in("admin");
  EXPECT_EQ(admin->ok("server.info")["realms"], json::array({"live"}));
  EXPECT_EQ(admin->ok("unit.list", json::object(), realm)["units"].size(), live_units.size() + 2);
  EXPECT_EQ(admin->call("unit.create", {{"id", "county-x"}, {"kind", "county"}, {"name", "演练县"}, {"parent_id", "city"}}, realm)["error"]["code"],
            "realm_closed");
  EXPECT_EQ(admin->ok("server.info")["realms"], json::array({"live"}));
}

TEST_F(CommandApi, HealthMetricsAndStaticFilesOverHttp) {
  auto c = logged_in("officer");
  c->ok("incident.list");
  // Plain HTTP through the same port, with a raw socket (no HTTP client dependency).
  auto get = [&](const std::string& path) {
    std::string cmd = "exec 3<>/dev/tcp/127.0.0.1/" + std::to_string(server->http_port()) +
                      "; printf 'GET " + path + " HTTP/1.1\\r\\nHost: x\\r\\nConnection: close\\r\\n\\r\\n' >&3; timeout 5 cat <&3";
    std::string out;
    FILE* p = popen(("bash -c \"" + cmd + "\"").c_str(), "r");
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    pclose(p);
    return out;
  };
  EXPECT_NE(get("/health").find(R"({"status":"ok"})"), std::string::npos);
  auto metrics = get("/metrics");
  EXPECT_NE(metrics.find("lifeline_commit_seconds_bucket"), std::string::npos);
  EXPECT_NE(metrics.find("lifeline_requests_total{op=\"incident.list\",outcome=\"ok\"}"), std::string::npos);
  EXPECT_NE(metrics.find("lifeline_logins_ok_total 1"), std::string::npos);
  EXPECT_NE(get("/../../etc/passwd").find("404"), std::string::npos);
}
