// Scope on every door: each operation of schema/scope.json that names an object (`acts_on`) is
// called by a township officer, a team lead, a team member and a department with an object of
// another county (or another department's consultation): every call must be refused out_of_scope,
// reads and writes alike. The cases are generated from the table; the objects and the actors are
// chosen here. Lists and board pushes must not show the other county's objects either; the same
// calls on the actor's own objects must not be refused for scope. The matrix is printed.
#include <gtest/gtest.h>

#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <set>

#include "server_fixture.hpp"

using namespace lifeline::testing;
using nlohmann::json;

namespace {

json schema_file(const std::string& name) {
  std::ifstream in(std::string(LIFELINE_SOURCE_DIR) + "/schema/" + name);
  return json::parse(in);
}

// Demo users with a unit below the city (schema/roles.json roles).
const std::vector<std::pair<std::string, std::string>> kActors = {
    {"town1", "duty_officer"}, {"teamlead", "team_lead"}, {"member", "team_member"}, {"water", "department"}};

std::string code_of(const json& res) { return res.value("ok", false) ? "ok" : res["error"].value("code", "?"); }

}  // namespace

struct ScopeMatrix : ServerFixture {
  std::vector<std::string> args() override {
    return {"--demo", "--synchronous", "NORMAL", "--clock", "manual", "--clock-start", "2026-08-20T01:00:00.000Z"};
  }
  // Objects of 石塘镇 (P0001, 滨海县: town1's township, T-P0001 is teamlead's team) and of
  // 港口镇 (P0007, 青山县: nobody's here but the centre's).
  std::map<std::string, std::string> own, other;

  void make_objects(WsClient& admin) {
    auto incident = [&](const char* unit, const char* title) {
      return admin.ok("incident.create", {{"type", "flood"}, {"title", title}, {"unit_id", unit},
                                          {"place", {{"name", title}, {"lat", 27.9}, {"lon", 120.1}}}})["id"]
          .get<std::string>();
    };
    own["incident"] = incident("P0001", "石塘镇内涝");
    other["incident"] = incident("P0007", "港口镇内涝");
    own["unit"] = "P0001", other["unit"] = "P0007";
    own["team"] = "T-P0001", other["team"] = "T-P0007";
    own["task"] = admin.ok("task.assign", {{"team_id", "T-P0001"}, {"what", "evacuate"}, {"incident_id", own["incident"]}})["id"];
    other["task"] = admin.ok("task.assign", {{"team_id", "T-P0007"}, {"what", "evacuate"}, {"incident_id", other["incident"]}})["id"];
    auto consult = [&](const std::string& subject, const char* dept) {
      return admin.ok("consultation.open", {{"subject", subject}, {"title", "防汛会商"}, {"departments", {dept}},
                                            {"scheduled_at", "2026-08-20T01:00:00.000Z"}, {"held", true}})["id"]
          .get<std::string>();
    };
    own["consultation"] = consult(own["incident"], "water_resources");
    other["consultation"] = consult(other["incident"], "meteorology");
    other["decision"] = admin.ok("consultation.decide", {{"id", other["consultation"]}, {"text", "转移低洼群众"},
                                                         {"owner", "dept:meteorology"}, {"due_at", "2026-08-21T01:00:00.000Z"}})["decision_id"];
    auto hazard = [&](const char* unit, const char* title) {
      return admin.ok("hazard.report", {{"title", title}, {"place", {{"name", title}, {"lat", 27.9}, {"lon", 120.1}}},
                                        {"unit_id", unit}, {"grade", "major"}})["id"].get<std::string>();
    };
    own["hazard"] = hazard("P0001", "石塘镇山体裂缝");
    other["hazard"] = hazard("P0007", "港口镇山体裂缝");
    // The major hazard's 1 h report-up deadline: a deadline belongs to the owners of what it is about.
    other["deadline"] = admin.ok("deadline.list", {{"kind", "hazard.report_up"}, {"subject", other["hazard"]}})["deadlines"][0]["id"];
    other["depot"] = "D-county-2";
    other["device"] = "RAD-C2-001";  // a walkie-talkie of 青山县 (demo_devices.cpp)
    other["enterprise"] = "ENT-C2-01";  // an enterprise of 青山县 (demo_enterprises.cpp)
    auto points = admin.ok("monitor_point.list", {{"unit_id", "P0007"}});  // 港口镇's geohazard points (demo_devices.cpp)
    other["monitor_point"] = points["points"][0]["id"];
    other["release"] = admin.ok("release.order", {{"depot_id", "D-county-2"}, {"destination", "港口镇安置点"},
                                                  {"lines", {{{"item", "drinking_water"}, {"qty", 10}}}}})["id"];
    other["message"] = admin.ok("bus.send", {{"to", "team:T-P0007"}, {"kind", "text"}, {"precedence", "routine"},
                                             {"body", {{"text", "港口镇请报告水位"}}}})["id"];
    admin.ok("group.set", {{"name", "hazmat_rescue"}, {"members", {"team:T-P0001", "team:T-P0007", "team:T-ENT-CHEM"}}});
    auto users = admin.ok("user.list")["users"];
    for (const auto& u : users)
      if (u["username"] == "kcommander") other["user"] = u["id"];  // 滨海县's commander: above every actor here
  }
};

TEST_F(ScopeMatrix, EveryOperationOnAnotherUnitsObjectIsRefusedForEveryRole) {
  auto admin = logged_in("officer");  // the city duty officer: in scope everywhere, may task and send
  make_objects(*admin);
  auto scope = schema_file("scope.json");
  auto roles = schema_file("roles.json");
  std::map<std::string, std::unique_ptr<WsClient>> clients;
  for (const auto& [user, role] : kActors) clients[user] = logged_in(user);

  int cases = 0, violations = 0, untestable = 0;
  std::ostringstream table;
  table << std::left << std::setw(30) << "op" << std::setw(22) << "object" << "town1/teamlead/member/water\n";
  for (const auto& [op, rule] : scope["ops"].items()) {
    for (const auto& target : rule.value("acts_on", json::array())) {
      std::string kind = target["kind"], field = target["field"];
      table << std::setw(30) << op << std::setw(22) << (kind + "(" + field + ")");
      if (!other.count(kind)) {
        // Warnings are read by everyone; a level proposal needs a rule to fire: said, not hidden.
        table << "no fixture\n";
        ++untestable;
        continue;
      }
      for (const auto& [user, role] : kActors) {
        const auto& allowed = roles["ops"].value(op, json::array());
        if (std::find(allowed.begin(), allowed.end(), role) == allowed.end()) {
          table << "role  ";
          continue;
        }
        auto code = code_of(clients[user]->call(op, {{field, other[kind]}}));
        ++cases;
        bool refused = code == "out_of_scope";
        if (!refused) ++violations;
        table << (refused ? "scope " : ("!" + code + " "));
        EXPECT_TRUE(refused) << user << " " << op << " on another unit's " << kind << ": " << code;
      }
      table << "\n";
    }
  }
  std::cout << table.str() << "cases " << cases << ", violations " << violations << ", kinds without a fixture "
            << untestable << "\n";
  EXPECT_EQ(violations, 0);
  EXPECT_GE(cases, 80);
}

TEST_F(ScopeMatrix, OwnObjectsAreNotRefusedForScope) {
  auto admin = logged_in("officer");  // the city duty officer: in scope everywhere, may task and send
  make_objects(*admin);
  auto town1 = logged_in("town1"), lead = logged_in("teamlead"), water = logged_in("water");
  auto not_scope = [](const json& res) { return code_of(res) != "out_of_scope"; };
  EXPECT_TRUE(not_scope(town1->call("incident.get", {{"id", own["incident"]}})));
  EXPECT_TRUE(not_scope(town1->call("incident.update", {{"id", own["incident"]}, {"title", "石塘镇内涝（更新）"}})));
  EXPECT_TRUE(not_scope(town1->call("team.get", {{"id", "T-P0001"}})));
  EXPECT_TRUE(not_scope(town1->call("task.reroute", {{"id", own["task"]}})));
  EXPECT_TRUE(not_scope(town1->call("task.cancel", {{"id", own["task"]}, {"reason", "已转移"}})));
  EXPECT_TRUE(not_scope(town1->call("hazard.get", {{"id", own["hazard"]}})));
  EXPECT_TRUE(not_scope(lead->call("team.set_readiness", {{"id", "T-P0001"}, {"readiness", "ready"}})));
  EXPECT_TRUE(not_scope(lead->call("incident.get", {{"id", own["incident"]}}))) << "a team reads the incident it is tasked on";
  EXPECT_TRUE(not_scope(water->call("consultation.get", {{"id", own["consultation"]}})));
  EXPECT_TRUE(not_scope(water->call("consultation.minutes", {{"id", own["consultation"]}, {"text", "水利局：水库已预泄"}})));
  EXPECT_TRUE(not_scope(water->call("incident.get", {{"id", own["incident"]}}))) << "a department reads what it is consulted on";
  // A team lead may set its own team's ladder, never the commander's.
  EXPECT_TRUE(not_scope(lead->call("team.set_contacts", {{"owner", "team:T-P0001"}, {"ladder", {{{"channel", "pdt"}, {"address", "1001"}}}}})));
  EXPECT_EQ(code_of(lead->call("team.set_contacts", {{"owner", "user:" + other["user"]}, {"ladder", {{{"channel", "sms"}, {"address", "+8613800000000"}}}}})),
            "out_of_scope");
  // A township officer may not redefine a city-wide group.
  EXPECT_EQ(code_of(town1->call("group.set", {{"name", "hazmat_rescue"}, {"members", {"team:T-P0001"}}})), "out_of_scope");
  // A department tasks no team of the city.
  EXPECT_EQ(code_of(water->call("task.assign", {{"team_id", "T-P0001"}, {"what", "evacuate"}})), "out_of_scope");
}

TEST_F(ScopeMatrix, ListsAndPushesShowOnlyWhatTheActorMayRead) {
  auto admin = logged_in("officer");  // the city duty officer: in scope everywhere, may task and send
  make_objects(*admin);
  std::set<std::string> foreign;
  for (const char* k : {"incident", "task", "hazard", "release", "consultation", "message", "monitor_point"}) foreign.insert(other[k]);
  auto scope = schema_file("scope.json");
  auto roles = schema_file("roles.json");
  for (const auto& [user, role] : kActors) {
    auto c = logged_in(user);
    for (const auto& [op, rule] : scope["ops"].items()) {
      if (!rule.contains("lists")) continue;
      const auto& allowed = roles["ops"].value(op, json::array());
      if (std::find(allowed.begin(), allowed.end(), role) == allowed.end()) continue;
      auto res = c->call(op);
      if (!res.value("ok", false)) continue;  // a list with a required filter (e.g. report.list's unit) says so itself
      auto text = res["result"].dump();
      for (const auto& id : foreign) EXPECT_EQ(text.find(id), std::string::npos) << user << " " << op << " shows " << id;
      if (op == "team.list" || op == "board.snapshot") EXPECT_EQ(text.find("\"T-P0007\""), std::string::npos) << user << " " << op;
    }
  }
  // People: the city finds another township's squad member by name; that township's neighbour does not.
  auto town1 = logged_in("town1");
  auto stranger = admin->ok("team.get", {{"id", "T-P0007"}})["members"].at(0);
  auto city_found = admin->ok("member.search", {{"q", stranger["name"]}, {"limit", 50}})["members"];
  EXPECT_NE(city_found.dump().find(stranger["id"].get<std::string>()), std::string::npos) << city_found.dump();
  auto town_found = town1->ok("member.search", {{"q", stranger["name"]}, {"limit", 50}})["members"];
  EXPECT_EQ(town_found.dump().find(stranger["id"].get<std::string>()), std::string::npos) << town_found.dump();
  std::set<std::string> town_teams;
  const auto town_list = town1->ok("team.list")["teams"];
  for (const auto& tm : town_list) town_teams.insert(tm["id"].get<std::string>());
  for (const auto& m : town_found) EXPECT_TRUE(town_teams.count(m["team_id"].get<std::string>())) << m.dump();
  // Pushes: a township officer's board gets its own township's new incident, not another county's.
  town1->ok("board.subscribe");
  auto theirs = admin->ok("incident.create", {{"type", "flood"}, {"title", "港口镇第二处内涝"}, {"unit_id", "P0007"},
                                              {"place", {{"name", "港口镇"}}}})["id"].get<std::string>();
  auto mine = admin->ok("incident.create", {{"type", "flood"}, {"title", "石塘镇第二处内涝"}, {"unit_id", "P0001"},
                                            {"place", {{"name", "石塘镇"}}}})["id"].get<std::string>();
  bool saw_mine = false;
  while (auto f = town1->next_of("push", std::chrono::milliseconds(3000))) {
    auto subject = (*f)["event"].value("subject", "");
    EXPECT_NE(subject, theirs) << "pushed another county's incident: " << (*f)["event"].value("kind", "");
    if (subject == mine) saw_mine = true;
    if (saw_mine) break;
  }
  EXPECT_TRUE(saw_mine);
}
