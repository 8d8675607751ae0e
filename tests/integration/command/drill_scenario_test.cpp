// Drills with a scenario and with no script (schema/drills.md), over the real API on the manual
// clock: injects fire on the drill's scenario clock, the participants respond as they would (a
// consultation, an order the squad's handheld acknowledges, a level, releases), and the
// after-action report's numbers are checked against the drill's own event log. Live's event log
// does not change while the drill runs.
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "lifeline/testing/eventually.hpp"
#include "server_fixture.hpp"

using namespace lifeline::testing;
using nlohmann::json;

namespace {

struct DrillScenario : ServerFixture {
  std::vector<std::string> args() override {
    return {"--demo", "--synchronous", "NORMAL", "--clock", "manual", "--clock-start", "2026-08-20T01:00:00.000Z"};
  }
  std::string file(const std::string& path) {
    std::ifstream in(std::string(LIFELINE_SOURCE_DIR) + "/" + path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  // {kind, subject} → at of the drill's events, read from its own database.
  json drill_events(const std::string& id) {
    sqlite3* db = nullptr;
    sqlite3_open_v2((dir.path() + "/drill-" + id + ".db").c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    json out = json::array();
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, "SELECT seq, at, kind, subject, body FROM events ORDER BY seq", -1, &st, nullptr);
    while (sqlite3_step(st) == SQLITE_ROW)
      out.push_back({{"seq", sqlite3_column_int64(st, 0)}, {"at", sqlite3_column_int64(st, 1)},
                     {"kind", reinterpret_cast<const char*>(sqlite3_column_text(st, 2))},
                     {"subject", reinterpret_cast<const char*>(sqlite3_column_text(st, 3))},
                     {"body", json::parse(reinterpret_cast<const char*>(sqlite3_column_text(st, 4)))}});
    sqlite3_finalize(st);
    sqlite3_close(db);
    return out;
  }
  static int64_t first_at(const json& events, const std::string& kind, const std::string& subject = "") {
    for (const auto& e : events)
      if (e["kind"] == kind && (subject.empty() || e["subject"] == subject)) return e["at"];
    return -1;
  }
  static json by_id(const json& rows, const std::string& id) {
    for (const auto& r : rows)
      if (r["id"] == id) return r;
    return nullptr;
  }
};

}  // namespace

TEST_F(DrillScenario, InjectsFireOnTheScenarioClockAndTheReportScoresTheResponses) {
  auto director = logged_in("director"), officer = logged_in("officer"), commander = logged_in("commander");
  auto admin = logged_in("admin");
  std::string id = director->ok("drill.start", {{"name", "8·20台风日联合演练"}, {"scripted", true}})["id"];
  const std::string realm = "drill:" + id;
  const auto live_before = event_log();

  // Refused: in live, a broken file (with where), an unknown template; not the officer's to load.
  const auto text = file("schema/scenarios/typhoon-820.toml");
  EXPECT_EQ(director->call("scenario.load", {{"text", text}})["error"]["code"], "bad_field");
  auto broken = director->call("scenario.load", {{"text", "version = 1\n[scenario]\nname = \"x\"\ntitle_zh = \"x\"\ntitle_en = \"x\"\n"
                                                         "[[inject]]\nid = \"a\"\nat = \"soon\"\nkind = \"message\"\n"}}, realm);
  EXPECT_EQ(broken["error"]["code"], "bad_field");
  EXPECT_NE(broken["error"]["message_en"].get<std::string>().find("scenario:8:6: inject[0].at"), std::string::npos) << broken;
  EXPECT_NE(broken["error"]["message_zh"].get<std::string>().find("脚本有误"), std::string::npos) << broken;
  EXPECT_EQ(officer->call("scenario.load", {{"text", text}}, realm)["error"]["code"], "forbidden");
  auto loaded = director->ok("scenario.load", {{"text", text}}, realm);
  EXPECT_EQ(loaded["injects"], 8);
  EXPECT_EQ(loaded["speed"], 60.0);

  // Scenario time 0: the red warning is imported in the drill, marked as an exercise.
  ASSERT_TRUE(eventually([&] { return !by_id(director->ok("scenario.status", {}, realm)["injects"], "red-warning")["sent_at"].is_null(); }));
  auto warnings = officer->ok("warning.list", {}, realm)["warnings"];
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(officer->ok("warning.list")["warnings"].size(), 0u) << "nothing reaches live";
  std::string warning_id = warnings[0]["id"];

  // 30 real seconds = 30 scenario minutes at ×60: the officer convenes the consultation.
  admin->ok("clock.advance", {{"ms", 30000}});
  officer->ok("consultation.open", {{"subject", warning_id}, {"title", "台风红色预警联合会商"}, {"departments", {"water_resources", "meteorology"}},
                                    {"scheduled_at", "2026-08-20T01:40:00.000Z"}, {"held", true}}, realm);
  // 45 scenario minutes: the water bureau's message reaches the duty desks, in the drill.
  admin->ok("clock.advance", {{"ms", 15000}});
  ASSERT_TRUE(eventually([&] { return !by_id(director->ok("scenario.status", {}, realm)["injects"], "reservoir")["sent_at"].is_null(); }));
  // The director pauses for 10 real minutes (nothing fires), then resumes.
  director->ok("scenario.clock", {{"paused", true}}, realm);
  admin->ok("clock.advance", {{"ms", 600000}});
  auto paused = director->ok("scenario.status", {}, realm);
  EXPECT_EQ(paused["clock"]["elapsed_ms"], 45 * 60000);
  EXPECT_TRUE(by_id(paused["injects"], "landslide")["sent_at"].is_null());
  director->ok("scenario.clock", {{"paused", false}}, realm);

  // 1 h 30 m: the landslide. The officer tasks the township squad 10 scenario minutes later; its
  // handheld acknowledges the drill order (applied in the drill, not in live).
  admin->ok("clock.advance", {{"ms", 45000}});
  json landslide;
  ASSERT_TRUE(eventually([&] {
    landslide = by_id(director->ok("scenario.status", {}, realm)["injects"], "landslide");
    return !landslide["sent_at"].is_null();
  }));
  std::string incident = landslide["result"]["incident_id"];
  // The squad lead's handheld comes on line: the rule's notice of the red warning to the area's
  // teams (sent in the drill) reaches it first, and it acknowledges it as a handheld does.
  auto lead = logged_in("teamlead");
  auto notice = lead->next_of("env", std::chrono::milliseconds(10000));
  ASSERT_TRUE(notice);
  EXPECT_EQ((*notice)["envelope"]["kind"], "notice");
  lead->send({{"type", "ack"}, {"rid", "n1"}, {"id", (*notice)["envelope"]["id"]}, {"level", "device"}});
  ASSERT_TRUE(lead->next_of("res"));
  admin->ok("clock.advance", {{"ms", 10000}});
  auto task = officer->ok("task.assign", {{"team_id", "T-P0001"}, {"what", "rescue"}, {"incident_id", incident},
                                          {"note", "东岙村滑坡搜救"}}, realm);
  auto env = lead->next_of("env", std::chrono::milliseconds(10000));
  ASSERT_TRUE(env);
  EXPECT_EQ((*env)["envelope"]["kind"], "order");
  EXPECT_EQ((*env)["envelope"]["realm"], realm);
  admin->ok("clock.advance", {{"ms", 5000}});
  lead->send({{"type", "ack"}, {"rid", "a1"}, {"id", (*env)["envelope"]["id"]}, {"level", "device"}});
  auto acked = lead->next_of("res");
  ASSERT_TRUE(acked);
  EXPECT_TRUE((*acked)["ok"].get<bool>()) << *acked;
  lead->ok("task.update_status", {{"id", task["id"]}, {"status", "acknowledged"}}, realm);
  // The level 80 scenario minutes after the landslide: late against the hour expected.
  admin->ok("clock.advance", {{"ms", 65000}});
  commander->ok("incident.set_level", {{"id", incident}, {"level", 2}, {"reason", "滑坡致人员失联，启动II级响应"}}, realm);

  // 3 h: the shelter's shortfall; one depot releases (two were expected).
  admin->ok("clock.advance", {{"ms", 15000}});
  ASSERT_TRUE(eventually([&] {
    return !by_id(director->ok("scenario.status", {}, realm)["injects"], "shelter-shortfall")["sent_at"].is_null();
  }));
  admin->ok("clock.advance", {{"ms", 20000}});
  officer->ok("release.order", {{"depot_id", "D-county-1"}, {"destination", "石塘镇中心小学安置点"}, {"incident_id", incident},
                                {"lines", {{{"item", "tent"}, {"qty", 10}}}}}, realm);

  // The report, and its numbers against the drill's event log.
  auto report = officer->ok("drill.report", {}, realm);
  auto events = drill_events(id);
  auto delay = [&](const std::string& from_kind, const std::string& from_subject, const std::string& to_kind) {
    return (first_at(events, to_kind) - first_at(events, from_kind, from_subject)) * 60;  // ×60 throughout these two spans
  };
  auto x = report["expectations"];
  EXPECT_EQ(by_id(x, "convene")["status"], "met");
  EXPECT_EQ(by_id(x, "convene")["delay_ms"], delay("scenario.inject_sent", "red-warning", "consultation.opened"));
  EXPECT_EQ(by_id(x, "convene")["delay_ms"], 30 * 60000);
  EXPECT_EQ(by_id(x, "squad-tasked")["status"], "met");
  EXPECT_EQ(by_id(x, "squad-tasked")["delay_ms"], delay("scenario.inject_sent", "landslide", "task.created"));
  EXPECT_EQ(by_id(x, "squad-reached")["status"], "met");
  EXPECT_EQ(by_id(x, "squad-reached")["by"], "石塘镇队长 刘强") << "the squad lead's handheld acknowledged it";
  EXPECT_EQ(by_id(x, "level")["status"], "late");
  EXPECT_EQ(by_id(x, "level")["delay_ms"], delay("scenario.inject_sent", "landslide", "incident.level_set"));
  EXPECT_EQ(by_id(x, "report-up")["status"], "missed");
  EXPECT_EQ(by_id(x, "two-depots")["status"], "open");
  EXPECT_EQ(by_id(x, "two-depots")["depots_released"], 1);
  EXPECT_EQ(report["summary"]["expectations_met"], 3);
  ASSERT_EQ(report["level_decisions"].size(), 1u);
  EXPECT_EQ(report["level_decisions"][0]["level"], 2);
  EXPECT_EQ(report["level_decisions"][0]["by"], "局长 张建国") << report["level_decisions"];
  // The squad's order: acknowledged 5 real seconds after it was queued, over IP.
  ASSERT_EQ(report["teams"].size(), 1u);
  EXPECT_EQ(report["teams"][0]["recipient"], "team:T-P0001");
  EXPECT_EQ(report["teams"][0]["median_ack_ms"], 5000);
  EXPECT_EQ(report["delivered_by_channel"]["ip"], 1);
  EXPECT_EQ(by_id(report["injects"], "landslide")["first_response"]["kind"], "task.created");
  EXPECT_EQ(by_id(report["injects"], "landslide")["first_response"]["delay_ms"], 10 * 60000);

  // Nothing of it touched live: its event log is byte-identical but for the real network's link
  // health (the squad's handheld came on line over IP: a fact of the real network, drill or not).
  auto without_link_health = [](const std::string& log) {
    std::istringstream in(log);
    std::string line, out;
    while (std::getline(in, line))
      if (line.find("|link.health_changed|") == std::string::npos) out += line + "\n";
    return out;
  };
  const auto live_after = event_log();
  EXPECT_TRUE(without_link_health(live_after) == without_link_health(live_before))
      << "live changed: " << live_after.substr(std::min(live_before.size(), live_after.size()));
  EXPECT_EQ(officer->call("drill.report")["error"]["code"], "bad_field");
  const auto live_incidents = officer->ok("incident.list");
  for (const auto& i : live_incidents["incidents"]) EXPECT_NE(i["id"], incident) << "not in live";
  EXPECT_TRUE(by_id(officer->ok("warning.list", {{"status", "all"}})["warnings"], warning_id).is_null());

  // Two hours after the shortfall with one depot only: missed.
  admin->ok("clock.advance", {{"ms", 120000}});
  director->ok("drill.end", {{"id", id}});
  auto ended = officer->ok("drill.report", {}, realm);
  EXPECT_EQ(by_id(ended["expectations"], "two-depots")["status"], "missed");
  EXPECT_FALSE(ended["drill"]["ended_at"].is_null());
}

TEST_F(DrillScenario, NoScriptInjectsFromTemplatesAreScoredFromWhenTheyWereSent) {
  auto director = logged_in("director"), officer = logged_in("officer"), commander = logged_in("commander");
  auto admin = logged_in("admin");
  std::string id = director->ok("drill.start", {{"name", "无脚本演练"}})["id"];
  const std::string realm = "drill:" + id;
  director->ok("drill.join", {{"teams_in", {"P0001"}}}, realm);  // 石塘镇's teams play
  auto templates = director->ok("scenario.templates", {}, realm)["templates"];
  ASSERT_GE(templates.size(), 5u);
  EXPECT_EQ(director->call("scenario.inject", {{"template", "landslide"}})["error"]["code"], "bad_field") << "not in live";
  EXPECT_EQ(director->call("scenario.inject", {{"template", "no-such"}}, realm)["error"]["code"], "not_found");
  EXPECT_EQ(director->call("scenario.inject", {{"template", "landslide"}, {"overrides", {{"casualties", {{"dead", -1}}}}}}, realm)["error"]["code"],
            "bad_field");
  EXPECT_EQ(officer->call("scenario.inject", {{"template", "landslide"}}, realm)["error"]["code"], "forbidden");

  // The director sends the landslide with the village it happens in changed.
  auto sent = director->ok("scenario.inject", {{"template", "landslide"},
                                               {"overrides", {{"title", "石塘镇大岭村山体滑坡"},
                                                              {"place", {{"name", "石塘镇大岭村"}, {"lat", 27.86039}, {"lon", 119.99543}}}}}},
                           realm);
  EXPECT_EQ(sent["id"], "landslide-1");
  EXPECT_EQ(sent["error"], "");
  std::string incident = sent["result"]["incident_id"];
  EXPECT_EQ(officer->ok("incident.get", {{"id", incident}}, realm)["incident"]["title"], "石塘镇大岭村山体滑坡");
  // A template whose effect is refused is still recorded, with why (the team does not exist).
  auto refused = director->ok("scenario.inject", {{"template", "squad-unavailable"}, {"overrides", {{"team", "T-NONE"}}}}, realm);
  EXPECT_NE(refused["error"], "");

  admin->ok("clock.advance", {{"ms", 12 * 60000}});
  officer->ok("task.assign", {{"team_id", "T-P0001"}, {"what", "rescue"}, {"incident_id", incident}}, realm);
  admin->ok("clock.advance", {{"ms", 60 * 60000}});
  commander->ok("incident.set_level", {{"id", incident}, {"level", 3}, {"reason", "滑坡，III级响应"}}, realm);

  auto report = director->ok("drill.report", {}, realm);
  auto x = report["expectations"];
  ASSERT_EQ(x.size(), 2u) << x;
  EXPECT_EQ(by_id(x, "landslide-1/team_tasked")["status"], "met");
  EXPECT_EQ(by_id(x, "landslide-1/team_tasked")["delay_ms"], 12 * 60000);
  EXPECT_EQ(by_id(x, "landslide-1/incident_level")["status"], "late");
  EXPECT_EQ(by_id(x, "landslide-1/incident_level")["delay_ms"], 72 * 60000);
  ASSERT_EQ(report["injects"].size(), 2u);
  EXPECT_EQ(report["injects"][1]["template"], "squad-unavailable");
  EXPECT_NE(report["injects"][1]["error"], "");

  // The county depot's tents are lost in the drill: its stock is gone there, live's is whole.
  auto tents = [&](const std::string& in_realm) {
    int64_t n = 0;
    const auto stock = officer->ok("stock.list", {{"depot_id", "D-county-1"}}, in_realm)["stock"];
    for (const auto& s : stock)
      if (s["item"] == "tent") n += s["qty"].get<int64_t>();
    return n;
  };
  const auto live_tents = tents("live");
  ASSERT_GT(live_tents, 0);
  auto lost = director->ok("scenario.inject", {{"template", "depot-short"}}, realm);
  EXPECT_EQ(lost["error"], "") << lost;
  EXPECT_EQ(lost["result"]["written_off"], live_tents);
  EXPECT_EQ(tents(realm), 0);
  EXPECT_EQ(tents("live"), live_tents);
  auto again = director->ok("scenario.inject", {{"template", "depot-short"}}, realm);
  EXPECT_NE(again["error_zh"].get<std::string>().find("没有该物资库存"), std::string::npos) << "a second loss finds nothing left, and says so: " << again;
}

// Participants join a drill explicitly, each within its own scope, and nothing of the drill
// reaches who has not joined: a notice to every duty officer reaches the city's (the desk that
// started it), not 石塘镇's until the township joins; a team that left is no longer ordered.
TEST_F(DrillScenario, ParticipantsJoinExplicitlyAndNothingOfTheDrillReachesAnyoneElse) {
  auto director = logged_in("director"), officer = logged_in("officer"), lead = logged_in("teamlead");
  auto water = logged_in("water"), town1 = logged_in("town1");
  std::string id = director->ok("drill.start", {{"name", "参演单位检查"}})["id"];
  const std::string realm = "drill:" + id;
  auto ids_of = [](const json& participants) {
    std::set<std::string> out;
    for (const auto& p : participants) out.insert(p["unit_id"].get<std::string>());
    return out;
  };
  EXPECT_EQ(ids_of(officer->ok("drill.participants", {}, realm)["participants"]), std::set<std::string>({"city"}));
  EXPECT_EQ(director->call("drill.join", {{"units", {"T-P0001"}}})["error"]["code"], "bad_field") << "in the drill's realm only";
  EXPECT_EQ(lead->call("drill.join", {{"units", {"T-P0007"}}}, realm)["error"]["code"], "out_of_scope") << "a team joins only itself";
  EXPECT_EQ(town1->call("drill.join", {{"units", {"P0007"}}}, realm)["error"]["code"], "out_of_scope");
  EXPECT_EQ(director->call("drill.join", {{"units", {"P9999"}}}, realm)["error"]["code"], "not_found");
  EXPECT_EQ(lead->ok("drill.join", json::object(), realm)["joined"], json({"T-P0001"}));
  EXPECT_EQ(water->ok("drill.join", {{"units", {"water_resources"}}}, realm)["joined"], json({"water_resources"}));

  // A notice to every duty officer: the city's only (石塘镇's desk has not joined).
  std::map<std::string, std::string> unit_of;  // user:<id> → its unit
  const auto users = logged_in("admin")->ok("user.list")["users"];
  for (const auto& u : users) unit_of["user:" + u["id"].get<std::string>()] = u["unit_id"];
  auto duty_officers_reached = [&](const std::string& message_id) {
    std::set<std::string> units;
    const auto deliveries = director->ok("bus.deliveries", {{"message_id", message_id}}, realm)["deliveries"];
    for (const auto& d : deliveries) units.insert(unit_of[d["recipient"].get<std::string>()]);
    return units;
  };
  json notice = {{"to", {"role:duty_officer"}}, {"kind", "text"}, {"realm", realm}, {"body", {{"text", "演练：各值班员注意"}}}};
  auto first = officer->ok("bus.send", notice, realm);
  EXPECT_EQ(duty_officers_reached(first["id"]), std::set<std::string>({"city"}));
  EXPECT_FALSE(town1->next_of("env", std::chrono::milliseconds(500))) << "石塘镇's desk is not in the drill";
  town1->ok("drill.join", {{"units", {"P0001"}}}, realm);
  auto second = officer->ok("bus.send", notice, realm);
  EXPECT_EQ(duty_officers_reached(second["id"]), std::set<std::string>({"city", "P0001"}));

  // The squad leaves: it is no longer ordered in the drill; live is untouched throughout.
  lead->ok("drill.leave", json::object(), realm);
  EXPECT_EQ(officer->call("task.assign", {{"team_id", "T-P0001"}, {"what", "patrol"}}, realm)["error"]["code"], "not_participant");
  EXPECT_EQ(event_log().find("drill.joined"), std::string::npos);
}

// A comms-outage drill: the director cuts 石塘镇's IP in the drill. The drill's order to the squad
// waits (no other link is up in this test) while a live order reaches the same handheld over IP at
// once; the drill's links screen shows the cut, live's does not. Restored, the drill's order
// reaches the squad over IP, and the report says when, over which link, for every team cut.
TEST_F(DrillScenario, ACommsOutageCutsOnlyTheDrillsLinksAndTheReportMeasuresWhenEachTeamWasReachedAgain) {
  auto director = logged_in("director"), officer = logged_in("officer"), admin = logged_in("admin");
  auto lead = logged_in("teamlead");  // the squad's handheld, on line over IP
  std::string id = director->ok("drill.start", {{"name", "石塘镇通信中断演练"}})["id"];
  const std::string realm = "drill:" + id;
  lead->ok("drill.join", json::object(), realm);  // the squad's handheld joins its team to the drill
  const auto live_before = event_log();
  EXPECT_EQ(director->call("scenario.inject", {{"inject", {{"id", "x"}, {"kind", "link_cut"}, {"title_zh", "x"}, {"title_en", "x"}}}}, realm)["error"]["code"],
            "missing_field") << "an area or teams";
  EXPECT_EQ(director->call("scenario.inject", {{"inject", {{"id", "x"}, {"kind", "link_cut"}, {"title_zh", "x"}, {"title_en", "x"},
                                                          {"area", {"P0001"}}, {"channels", {"fibre"}}}}}, realm)["error"]["code"], "bad_field");
  auto cut = director->ok("scenario.inject", {{"inject", {{"id", "shitang-ip"}, {"kind", "link_cut"}, {"title_zh", "石塘镇光缆中断、基站停电"},
                                                          {"title_en", "Shitang: fibre cut, towers down"}, {"area", {"P0001"}}}}}, realm);
  ASSERT_EQ(cut["error"], "") << cut;
  EXPECT_EQ(cut["result"]["teams"], 6) << "the township squad and its five village teams";

  auto drill_order = officer->ok("task.assign", {{"team_id", "T-P0001"}, {"what", "evacuate"}, {"note", "演练：转移东岙村群众"}}, realm);
  auto live_order = officer->ok("task.assign", {{"team_id", "T-P0001"}, {"what", "patrol"}, {"note", "巡查海堤"}});
  auto env = lead->next_of("env", std::chrono::milliseconds(10000));
  ASSERT_TRUE(env);
  EXPECT_EQ((*env)["envelope"].value("realm", "live"), "live") << "only live's order crosses the drill's cut: " << *env;
  lead->send({{"type", "ack"}, {"rid", "l1"}, {"id", (*env)["envelope"]["id"]}, {"level", "device"}});
  ASSERT_TRUE(lead->next_of("res"));
  EXPECT_FALSE(lead->next_of("env", std::chrono::milliseconds(1500))) << "the drill's order waits for a link";

  auto link_of = [](const json& status, const std::string& owner, const std::string& channel) {
    for (const auto& l : status["links"])
      if (l["owner"] == owner && l["channel"] == channel) return l;
    return json();
  };
  auto drill_links = officer->ok("link.status", {}, realm);
  EXPECT_EQ(link_of(drill_links, "team:T-P0001", "ip")["health"], "down");
  EXPECT_EQ(link_of(drill_links, "team:T-P0001", "ip")["drill_cut"], true);
  EXPECT_EQ(link_of(officer->ok("link.status"), "team:T-P0001", "ip")["health"], "up") << "live's link is live's";

  admin->ok("clock.advance", {{"ms", 40 * 60000}});
  director->ok("scenario.inject", {{"inject", {{"id", "shitang-ip-back"}, {"kind", "link_restore"}, {"title_zh", "石塘镇网络恢复"},
                                               {"title_en", "Shitang back on line"}, {"area", {"P0001"}}}}}, realm);
  auto drill_env = lead->next_of("env", std::chrono::milliseconds(10000));
  ASSERT_TRUE(drill_env);
  EXPECT_EQ((*drill_env)["envelope"]["realm"], realm);
  admin->ok("clock.advance", {{"ms", 3000}});
  lead->send({{"type", "ack"}, {"rid", "d1"}, {"id", (*drill_env)["envelope"]["id"]}, {"level", "device"}});
  ASSERT_TRUE(lead->next_of("res"));
  EXPECT_NE(link_of(officer->ok("link.status", {}, realm), "team:T-P0001", "ip")["health"], "down");

  auto report = director->ok("drill.report", {}, realm);
  auto events = drill_events(id);
  const auto outages = report["comms_outage"];
  ASSERT_EQ(outages.size(), 6u) << outages;
  EXPECT_EQ(report["summary"]["outage_teams"], 6);
  EXPECT_EQ(report["summary"]["outage_teams_reached"], 1);
  json squad;
  for (const auto& o : outages) {
    EXPECT_EQ(o["inject"], "shitang-ip");
    EXPECT_EQ(o["channels"], json({"ip"}));
    EXPECT_FALSE(o["restored_at"].is_null());
    if (o["recipient"] == "team:T-P0001") squad = o;
    else EXPECT_FALSE(o.contains("reached_at")) << o;
  }
  ASSERT_FALSE(squad.is_null());
  int64_t delivered_at = -1;
  for (const auto& e : events)
    if (e["kind"] == "bus.delivery_changed" && e["body"]["to"] == "delivered" && e["body"]["recipient"] == "team:T-P0001") delivered_at = e["at"];
  EXPECT_EQ(squad["reached_after_ms"], delivered_at - first_at(events, "drill.link_cut", "shitang-ip"));
  EXPECT_EQ(squad["reached_after_ms"], 40 * 60000 + 3000) << "restored after 40 min, acknowledged 3 s later";
  EXPECT_EQ(squad["reached_channel"], "ip");
  EXPECT_TRUE(squad["not_delivered"].empty());

  // Live: the live order's events and the handheld's own link, nothing of the drill's cut.
  const auto live_after = event_log();
  EXPECT_EQ(live_after.find("drill.link"), std::string::npos);
  std::istringstream lines(live_after);
  for (std::string line; std::getline(lines, line);)
    if (line.find("|link.health_changed|team:T-P0") != std::string::npos)
      EXPECT_EQ(line.find("\"health\":\"down\""), std::string::npos) << "the drill's cut reached live: " << line;
  (void)drill_order;
  (void)live_order;
}

// `--drill-scenario FILE` (README "Drills"): the server starts a drill playing the file; a file
// with errors stops the start, saying where.
TEST_F(DrillScenario, TheServerStartsADrillPlayingAScenarioFileWhenAsked) {
  TempDir other;
  const std::vector<std::string> base = {"--demo", "--synchronous", "NORMAL", "--clock", "manual", "--clock-start",
                                         "2026-08-20T01:00:00.000Z", "--drill-scenario"};
  auto with = [&](const std::string& file) {
    auto a = base;
    a.push_back(file);
    return a;
  };
  ServerProcess played(other.path(), with(std::string(LIFELINE_SOURCE_DIR) + "/schema/scenarios/typhoon-820.toml"));
  WsClient c("127.0.0.1", played.http_port());
  c.login("director");
  json drills;
  ASSERT_TRUE(eventually([&] { return (drills = c.ok("drill.list")["drills"]).size() == 1; }));
  EXPECT_EQ(drills[0]["name"], "8·20台风日联合演练");
  const std::string realm = "drill:" + drills[0]["id"].get<std::string>();
  ASSERT_TRUE(eventually([&] {
    auto s = c.ok("scenario.status", json::object(), realm);
    return !s["scenario"].is_null() && !s["injects"][0]["sent_at"].is_null();
  }));

  TempDir broken_dir;
  std::ofstream(broken_dir.path() + "/bad.toml") << "version = 1\n[scenario]\nname = \"Bad Name\"\n";
  EXPECT_THROW(ServerProcess(broken_dir.path(), with(broken_dir.path() + "/bad.toml")), std::exception)
      << "exits instead of listening";
}
