// The rules engine inside the real lifeline-command: a red typhoon warning arriving as CAP opens the
// consultation deadline (due 2 h after, escalating 15 min apart along the chain), raises the duty
// level and proposes level II for the commander; incident facts propose grades and the timeline
// shows rule, matched fact and who approved; a broken rules file is refused and the old rules stay.
#include "lifeline/store/realm_store.hpp"
#include "lifeline/testing/audit_trail.hpp"
#include "warnings_fixture.hpp"

using namespace lifeline::testing;
using nlohmann::json;

namespace {

using RulesWiring = WarningsServer;

// The events of `kind` about `subject`, from the audit trail.
std::vector<json> events_of(WsClient& auditor, const std::string& kind, const std::string& subject) {
  std::vector<json> out;
  for (const auto& e : audit_trail(auditor))
    if (e["kind"] == kind && e["subject"] == subject) out.push_back(e);
  return out;
}

// A hazardous-chemicals incident in 石塘镇 with `dead` dead: 10 or more make the rules propose level II.
json chemical_incident(WsClient& officer, const std::string& title, const std::string& place, int dead, int injured = 3) {
  return officer.ok("incident.create", {{"type", "hazardous_chemicals"}, {"title", title}, {"place", {{"name", place}}}, {"unit_id", "P0001"},
                                        {"casualties", {{"dead", dead}, {"missing", 0}, {"injured", injured}}}});
}

std::set<std::string> rules_fired(const json& warning_view) {
  std::set<std::string> out;
  for (const auto& f : warning_view["rules_fired"]) out.insert(f["rule"].get<std::string>() + "/" + f["action"].get<std::string>());
  return out;
}

TEST_F(RulesWiring, RedTyphoonOverHttpConvenesConsultationRaisesDutyAndProposesLevelTwo) {
  auto r = post_cap(weather_alert("QX-2026-0820-01", "typhoon", "red"), bearer("weather"));
  ASSERT_EQ(r.status, 201) << r.body;
  auto id = json::parse(r.body)["id"].get<std::string>();
  EXPECT_EQ(json::parse(r.body)["change"], "issued");
  EXPECT_EQ(json::parse(r.body)["townships"][0]["township_id"], "P0001");

  auto officer = logged_in("officer");
  auto admin = logged_in("admin");
  auto commander = logged_in("commander");
  auto view = officer->ok("warning.get", {{"id", id}});
  EXPECT_EQ(view["warning"]["type"], "typhoon");
  EXPECT_EQ(view["warning"]["colour"], "red");
  EXPECT_EQ(view["warning"]["department"], "示范市气象局");
  EXPECT_EQ(view["warning"]["cap_identifier"], "QX-2026-0820-01");
  EXPECT_EQ(view["consultation"], (json{{"kind", "consultation.convene"}, {"subject", id}}));
  EXPECT_EQ(rules_fired(view), (std::set<std::string>{"warning.typhoon_rain.consultation/require_consultation",
                                                      "warning.red/raise_duty_level", "warning.red/notify",
                                                      "warning.red/notify_area_teams"}));
  ASSERT_EQ(view["deadlines"].size(), 1u);
  EXPECT_EQ(view["deadlines"][0]["kind"], "consultation.convene");
  EXPECT_EQ(view["deadlines"][0]["subject"], id);
  auto dl = officer->ok("deadline.list", {{"subject", id}})["deadlines"];
  ASSERT_EQ(dl.size(), 1u);
  EXPECT_EQ(dl[0]["due_at"], "2026-08-20T03:00:00.000Z");  // exactly 2 h after it arrived
  std::string deadline_id = dl[0]["id"];
  ASSERT_EQ(view["proposals"].size(), 1u);
  auto proposal = view["proposals"][0];
  EXPECT_EQ(proposal["level"], 2);
  EXPECT_EQ(proposal["approver"], "commander");
  EXPECT_EQ(proposal["rule"], "warning.red");
  EXPECT_EQ(proposal["matched"], "warning typhoon red issued");
  EXPECT_EQ(proposal["status"], "pending");
  auto duty = officer->ok("board.snapshot")["duty_level"];
  EXPECT_EQ(duty["readiness_percent"], 100);
  EXPECT_TRUE(duty["leader_24h"].get<bool>());
  EXPECT_EQ(duty["rule"], "warning.red");

  // Only the commander approves level II; the approval records who.
  auto leader = logged_in("leader");
  EXPECT_EQ(leader->call("warning.approve_level", {{"proposal_id", proposal["id"]}})["error"]["code"], "approval_required");
  auto approved = commander->ok("warning.approve_level", {{"proposal_id", proposal["id"]}});
  auto commander_ref = "user:" + commander->ok("auth.whoami")["user"]["id"].get<std::string>();
  EXPECT_EQ(approved["approved_by"], commander_ref);
  view = officer->ok("warning.get", {{"id", id}});
  EXPECT_EQ(view["warning"]["response_level"], 2);
  EXPECT_EQ(view["proposals"][0]["approved_by"], commander_ref);

  // Escalation along the chain, one step each 15 min after due: not at due itself (done at due is
  // on time), at the first instant after it, and not a millisecond earlier for the next steps.
  auto level_now = [&] { return officer->ok("deadline.list", {{"subject", id}})["deadlines"][0]["escalation_level"].get<int>(); };
  admin->ok("clock.advance", {{"to", "2026-08-20T03:00:00.000Z"}});
  EXPECT_EQ(level_now(), 0);
  admin->ok("clock.advance", {{"ms", 1}});
  EXPECT_EQ(level_now(), 1);
  admin->ok("clock.advance", {{"to", "2026-08-20T03:15:00.000Z"}});
  EXPECT_EQ(level_now(), 1);
  admin->ok("clock.advance", {{"ms", 1}});
  EXPECT_EQ(level_now(), 2);
  admin->ok("clock.advance", {{"to", "2026-08-20T03:30:00.001Z"}});
  EXPECT_EQ(level_now(), 3);
  auto escalated = events_of(*admin, "deadline.escalated", deadline_id);
  ASSERT_EQ(escalated.size(), 3u);
  const char* at[] = {"2026-08-20T03:00:00.001Z", "2026-08-20T03:15:00.001Z", "2026-08-20T03:30:00.001Z"};
  const char* role[] = {"duty_officer", "duty_leader", "commander"};
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(escalated[i]["at"], at[i]);
    EXPECT_EQ(escalated[i]["body"]["level"], i + 1);
    EXPECT_EQ(escalated[i]["body"]["to_role"], role[i]);
  }
  auto missed = events_of(*admin, "deadline.missed", deadline_id);
  ASSERT_EQ(missed.size(), 1u);
  EXPECT_EQ(missed[0]["at"], "2026-08-20T03:00:00.001Z");
  // The deadline_missed rule told the commander, in the transaction that recorded the miss (a reaction).
  auto fired = events_of(*admin, "rule.fired", deadline_id);
  ASSERT_EQ(fired.size(), 1u);
  EXPECT_EQ(fired[0]["body"]["action"]["rule"], "deadline.consultation.missed");
  EXPECT_EQ(fired[0]["at"], "2026-08-20T03:00:00.001Z");

  // The warning exported as CAP validates; a Cancel referring to it cancels it and its deadlines.
  auto xml = get("/api/cap/" + id + ".xml");
  ASSERT_EQ(xml.status, 200);
  EXPECT_NE(xml.body.find("<source>weather@demo-city.example</source>"), std::string::npos) << xml.body;
  auto cancel = weather_alert("QX-2026-0820-02", "typhoon", "red", "Cancel",
                              "weather@demo-city.example,QX-2026-0820-01,2026-08-20T09:00:00+08:00");
  auto c = post_cap(cancel, bearer("weather"));
  ASSERT_EQ(c.status, 201) << c.body;
  EXPECT_EQ(json::parse(c.body)["id"], id);
  EXPECT_EQ(json::parse(c.body)["change"], "cancelled");
  EXPECT_EQ(officer->ok("deadline.list", {{"subject", id}})["deadlines"].size(), 0u);
  auto cancelled = get("/api/cap/" + id + ".xml");
  EXPECT_NE(cancelled.body.find("<msgType>Cancel</msgType>"), std::string::npos) << cancelled.body;
  EXPECT_EQ(alerts_in(get("/api/cap/feed.atom").body).size(), 0u);
  EXPECT_EQ(xsd_failures(dir.path(), {xml.body, cancelled.body}), "");
}

// The red warning over 石塘镇 reaches its township squad and village teams on standby or available
// (not those of other townships, not professional teams) as one message the desk follows by the
// warning's id; the rule firing names the teams and the message.
TEST_F(RulesWiring, RedWarningTellsTheTeamsOfItsTownshipsInOneMessage) {
  auto admin = logged_in("admin");
  auto officer = logged_in("officer");
  std::set<std::string> expected;
  auto units = admin->ok("unit.list")["units"];
  std::set<std::string> area = {"P0001"};
  for (const auto& u : units)
    if (u["parent_id"] == "P0001") area.insert(u["id"].get<std::string>());
  auto teams = officer->ok("team.list")["teams"];
  for (const auto& t : teams)
    if (area.count(t["unit_id"].get<std::string>()) && (t["kind"] == "township" || t["kind"] == "village") &&
        (t["readiness"] == "available" || t["readiness"] == "standby"))
      expected.insert("team:" + t["id"].get<std::string>());
  ASSERT_GE(expected.size(), 2u) << "the demo has a township squad and a village team in 石塘镇";

  auto r = post_cap(weather_alert("QX-AREA-1", "typhoon", "red"), bearer("weather"));
  ASSERT_EQ(r.status, 201) << r.body;
  auto id = json::parse(r.body)["id"].get<std::string>();
  auto view = officer->ok("warning.get", {{"id", id}});
  json fired;
  for (const auto& f : view["rules_fired"])
    if (f["action"] == "notify_area_teams") fired = f["detail"];
  ASSERT_TRUE(fired.is_object()) << view["rules_fired"].dump();
  std::set<std::string> told(fired["teams"].begin(), fired["teams"].end());
  EXPECT_EQ(told, expected);
  ASSERT_EQ(fired["message_ids"].size(), 1u) << "up to 64 teams a message";
  const auto message_id = fired["message_ids"][0];
  auto deliveries = officer->ok("bus.deliveries", {{"correlation_id", id}})["deliveries"];
  std::set<std::string> recipients;
  for (const auto& d : deliveries)
    if (d["message_id"] == message_id) recipients.insert(d["recipient"].get<std::string>());
  EXPECT_EQ(recipients, expected) << "one message, one delivery per team";
}

// A team cut off while a red warning is issued and then cancelled gets the stand-down only: the
// stand-down supersedes the stand-by still queued for it (collapse key, bus.md §3), which would
// otherwise reach the team after the stand-down, when its link comes back. Both are the rules'
// notices, sent from role:system whoever imported the warning (here the weather desk the Alert,
// the duty officer the Cancel on its behalf).
TEST_F(RulesWiring, TheStandDownSupersedesAStandByTheTeamHasNotReceived) {
  auto officer = logged_in("officer"), admin = logged_in("admin");
  auto issued = post_cap(weather_alert("QX-SD-1", "typhoon", "red"), bearer("weather"));
  ASSERT_EQ(issued.status, 201) << issued.body;
  auto id = json::parse(issued.body)["id"].get<std::string>();
  auto cancel = post_cap(weather_alert("QX-SD-2", "typhoon", "red", "Cancel", "weather@demo-city.example,QX-SD-1,2026-08-20T09:00:00+08:00"),
                         bearer("officer"));
  ASSERT_EQ(cancel.status, 201) << cancel.body;

  std::string stand_by, stand_down;
  auto fired = officer->ok("warning.get", {{"id", id}})["rules_fired"];
  for (const auto& f : fired) {
    if (f["action"] != "notify_area_teams" || f["detail"]["message_ids"].empty()) continue;
    (f["rule"] == "warning.cancelled.stand_down" ? stand_down : stand_by) = f["detail"]["message_ids"][0];
  }
  ASSERT_FALSE(stand_by.empty());
  ASSERT_FALSE(stand_down.empty());
  for (const auto& m : {stand_by, stand_down}) {
    auto accepted = events_of(*admin, "bus.message_accepted", m);
    ASSERT_EQ(accepted.size(), 1u) << m;
    EXPECT_EQ(accepted[0]["body"]["envelope"]["from"], "role:system") << accepted[0].dump();
  }
  // No team in the demo has a handheld connected here: every stand-by was still on its way.
  auto before = officer->ok("bus.deliveries", {{"message_id", stand_by}})["deliveries"];
  auto after = officer->ok("bus.deliveries", {{"message_id", stand_down}})["deliveries"];
  ASSERT_GE(before.size(), 2u);
  std::set<std::string> superseded, told;
  for (const auto& d : before) {
    EXPECT_EQ(d["state"], "expired") << d.dump();
    EXPECT_EQ(d["reason"], "superseded by " + stand_down) << d.dump();
    superseded.insert(d["recipient"].get<std::string>());
  }
  for (const auto& d : after) {
    EXPECT_NE(d["state"], "expired") << d.dump();
    told.insert(d["recipient"].get<std::string>());
  }
  EXPECT_EQ(superseded, told) << "the same teams are told to stand down";
  // Other notices under the warning (the desk's) are not touched: they have no such key.
  auto all = officer->ok("bus.deliveries", {{"correlation_id", id}})["deliveries"];
  for (const auto& d : all)
    if (d["message_id"] != stand_by) EXPECT_NE(d["reason"], "superseded by " + stand_down) << d.dump();
}

// The warning's id is public, the notices under it are not: a department reading the deliveries
// by the warning's id gets none of the teams' rows, and no role outside the desk reads a team's
// phone or terminal numbers (bus.deliveries, team.get).
TEST_F(RulesWiring, TheTeamsNoticesAndNumbersStayWithTheDesk) {
  auto r = post_cap(weather_alert("QX-AREA-2", "typhoon", "red"), bearer("weather"));
  ASSERT_EQ(r.status, 201) << r.body;
  auto id = json::parse(r.body)["id"].get<std::string>();
  auto officer = logged_in("officer"), water = logged_in("water"), observer = logged_in("observer");
  auto desk = officer->ok("bus.deliveries", {{"correlation_id", id}})["deliveries"];
  ASSERT_GE(desk.size(), 2u);
  bool numbered = false;
  for (const auto& d : desk) numbered |= d.contains("address");
  EXPECT_TRUE(numbered) << "the desk sees where each went";
  EXPECT_EQ(water->ok("bus.deliveries", {{"correlation_id", id}})["deliveries"].size(), 0u);
  auto observed = observer->ok("bus.deliveries", {{"correlation_id", id}})["deliveries"];
  for (const auto& d : observed) EXPECT_FALSE(d.contains("address")) << d.dump();
  auto contacts = observer->ok("team.get", {{"id", "T-P0001"}})["contacts"];
  ASSERT_FALSE(contacts.empty());
  for (const auto& c : contacts) EXPECT_EQ(c["address"], "") << c.dump();
  auto desk_contacts = officer->ok("team.get", {{"id", "T-P0001"}})["contacts"];
  EXPECT_NE(desk_contacts[0]["address"], "");
}

TEST_F(RulesWiring, UpgradeProposesTheHigherLevelOnceAndKeepsOneConsultation) {
  auto auth = bearer("weather");
  auto first = json::parse(post_cap(weather_alert("QX-U-1", "typhoon", "orange"), auth).body);
  auto officer = logged_in("officer");
  auto id = first["id"].get<std::string>();
  auto view = officer->ok("warning.get", {{"id", id}});
  ASSERT_EQ(view["proposals"].size(), 1u);
  EXPECT_EQ(view["proposals"][0]["level"], 3);
  EXPECT_EQ(view["proposals"][0]["approver"], "duty_leader");
  auto up = post_cap(weather_alert("QX-U-2", "typhoon", "red", "Update", "weather@demo-city.example,QX-U-1,2026-08-20T09:00:00+08:00"), auth);
  ASSERT_EQ(up.status, 201) << up.body;
  EXPECT_EQ(json::parse(up.body)["change"], "upgraded");
  view = officer->ok("warning.get", {{"id", id}});
  ASSERT_EQ(view["proposals"].size(), 2u);
  EXPECT_EQ(view["proposals"][1]["level"], 2);
  EXPECT_EQ(view["proposals"][1]["matched"], "warning typhoon red upgraded");
  EXPECT_EQ(view["deadlines"].size(), 1u);  // the consultation already open is not opened twice
  EXPECT_EQ(view["messages"].size(), 2u);
  // The consultation held for the warning meets its convene deadline (command/consultations).
  auto held = officer->ok("consultation.open", {{"subject", id}, {"title", "台风联合会商"}, {"departments", {"meteorology"}},
                                                {"scheduled_at", "2026-08-20T01:00:00.000Z"}, {"held", true}});
  EXPECT_EQ(held["convene_met"], 1);
  EXPECT_EQ(officer->ok("deadline.list", {{"subject", id}})["deadlines"].size(), 0u);
}

// A proposal overtaken by a level set at or above it reads `superseded` on every desk and cannot be
// approved (the console showed a live 批准 for it); closing the incident supersedes what is left.
TEST_F(RulesWiring, AProposalOvertakenByTheLevelInForceReadsSuperseded) {
  auto officer = logged_in("officer");
  auto commander = logged_in("commander");
  auto inc = chemical_incident(*officer, "化工园区储罐泄漏", "石塘镇化工园区", 12);
  auto id = inc["id"].get<std::string>();
  auto p = officer->ok("incident.get", {{"id", id}})["proposals"][0];
  ASSERT_EQ(p["status"], "pending");
  commander->ok("incident.set_level", {{"id", id}, {"level", 1}, {"reason", "省指挥部要求提级"}});
  auto view = officer->ok("incident.get", {{"id", id}});
  EXPECT_EQ(view["proposals"][0]["status"], "superseded");
  EXPECT_EQ(commander->call("incident.approve_level", {{"proposal_id", p["id"]}})["error"]["code"], "invalid_transition");
  EXPECT_TRUE(commander->ok("proposal.list")["proposals"].empty());

  auto other = chemical_incident(*officer, "港区危化品车辆侧翻", "港口镇", 12, 0);
  ASSERT_EQ(officer->ok("incident.get", {{"id", other["id"]}})["proposals"][0]["status"], "pending");
  officer->ok("incident.set_status", {{"id", other["id"]}, {"status", "closed"}, {"reason", "误报"}});
  EXPECT_EQ(officer->ok("incident.get", {{"id", other["id"]}})["proposals"][0]["status"], "superseded");
}

TEST_F(RulesWiring, IncidentFactsProposeTheGradeAndTheTimelineShowsRuleFactAndApprover) {
  auto officer = logged_in("officer");
  auto commander = logged_in("commander");
  auto inc = chemical_incident(*officer, "化工园区储罐泄漏", "石塘镇化工园区", 12);
  auto id = inc["id"].get<std::string>();
  auto view = officer->ok("incident.get", {{"id", id}});
  ASSERT_EQ(view["proposals"].size(), 1u);
  auto p = view["proposals"][0];
  EXPECT_EQ(p["level"], 2);
  EXPECT_EQ(p["rule"], "incident.grade.II");
  EXPECT_EQ(p["matched"], "dead=12 ≥ 10");
  EXPECT_EQ(p["approver"], "commander");
  std::set<std::string> kinds;
  for (const auto& d : view["deadlines"]) kinds.insert(d["kind"]);
  EXPECT_EQ(kinds, (std::set<std::string>{"incident.report_up"}));
  EXPECT_EQ(view["consultation"]["subject"], id);
  bool hazmat_rule = false;
  for (const auto& t : view["timeline"])
    if (t["kind"] == "rule.fired" && t["summary"]["rule"] == "incident.hazmat") hazmat_rule = true;
  EXPECT_TRUE(hazmat_rule) << view["timeline"].dump();

  EXPECT_EQ(officer->call("incident.approve_level", {{"proposal_id", p["id"]}})["error"]["code"], "forbidden");
  EXPECT_EQ(logged_in("leader")->call("incident.approve_level", {{"proposal_id", p["id"]}})["error"]["code"], "approval_required");
  commander->ok("incident.approve_level", {{"proposal_id", p["id"]}});
  EXPECT_EQ(commander->call("incident.approve_level", {{"proposal_id", p["id"]}})["error"]["code"], "invalid_transition");
  auto commander_ref = "user:" + commander->ok("auth.whoami")["user"]["id"].get<std::string>();
  view = officer->ok("incident.get", {{"id", id}});
  EXPECT_EQ(view["incident"]["level"], 2);
  json proposed, set;
  for (const auto& t : view["timeline"]) {
    if (t["kind"] == "incident.level_proposed") proposed = t["summary"];
    if (t["kind"] == "incident.level_set") set = t["summary"];
  }
  ASSERT_TRUE(proposed.is_object()) << view["timeline"].dump();
  EXPECT_EQ(proposed["rule"], "incident.grade.II");
  EXPECT_EQ(proposed["matched"], "dead=12 ≥ 10");
  EXPECT_EQ(proposed["approver"], "commander");
  ASSERT_TRUE(set.is_object()) << view["timeline"].dump();
  EXPECT_EQ(set["rule"], "incident.grade.II");
  EXPECT_EQ(set["matched"], "dead=12 ≥ 10");
  EXPECT_EQ(set["approver"], "commander");
  EXPECT_EQ(set["approved_by"], commander_ref);

  // More dead: level I proposed; the same facts again propose nothing new.
  officer->ok("incident.update", {{"id", id}, {"casualties", {{"dead", 31}, {"missing", 0}, {"injured", 3}}}});
  officer->ok("incident.update", {{"id", id}, {"title", "化工园区储罐泄漏爆炸"}});
  view = officer->ok("incident.get", {{"id", id}});
  ASSERT_EQ(view["proposals"].size(), 2u);
  EXPECT_EQ(view["proposals"][1]["level"], 1);
  EXPECT_EQ(view["proposals"][1]["matched"], "dead=31 ≥ 30");
}

struct RulesReload : WarningsServer {
  std::string rules_path;
  void SetUp() override {
    rules_path = dir.path() + "/rules.toml";
    std::ofstream(rules_path) << read_file(std::filesystem::path(LIFELINE_SOURCE_DIR) / "schema/rules.toml");
    extra_args = {"--rules-file", rules_path};
    WarningsServer::SetUp();
  }
};

TEST_F(RulesReload, ABrokenFileIsReportedWithLineAndReasonAndTheOldRulesStayInForce) {
  auto admin = logged_in("admin");
  auto before = admin->ok("rules.get");
  EXPECT_EQ(before["source"], rules_path);
  auto ids = before["rules"];
  EXPECT_NE(std::find(ids.begin(), ids.end(), "warning.red"), ids.end());

  auto text = read_file(rules_path);
  auto broken = text;
  broken.replace(broken.find("colours = [\"red\"]"), 17, "colours = [\"crimson\"]");
  std::ofstream(rules_path, std::ios::trunc) << broken;
  auto res = admin->call("rules.reload");
  ASSERT_FALSE(res["ok"].get<bool>());
  EXPECT_EQ(res["error"]["code"], "rules_invalid");
  std::string msg = res["error"]["message_en"];
  // The line of the broken value, its column, and why.
  int line = 1;
  for (size_t i = 0; i < broken.find("crimson"); ++i) line += broken[i] == '\n';
  EXPECT_NE(msg.find("rules.toml:" + std::to_string(line) + ":"), std::string::npos) << msg;
  EXPECT_NE(msg.find("crimson"), std::string::npos) << msg;
  EXPECT_FALSE(res["error"]["message_zh"].get<std::string>().empty());
  EXPECT_EQ(admin->ok("rules.get")["rules"], ids);
  // Still the old rules: a red warning proposes level II.
  auto w = json::parse(post_cap(weather_alert("QX-R-1", "typhoon", "red"), bearer("weather")).body);
  EXPECT_EQ(admin->ok("warning.get", {{"id", w["id"]}})["proposals"][0]["rule"], "warning.red");

  // Only the admin reloads; a valid file is put in force.
  EXPECT_EQ(logged_in("officer")->call("rules.reload")["error"]["code"], "forbidden");
  std::ofstream(rules_path, std::ios::trunc) << "version = 1\n\n[[rule]]\nid = \"only.blue\"\ntitle_zh = \"蓝\"\ntitle_en = \"blue\"\n"
                                                "[rule.when]\ntrigger = \"warning\"\ncolours = [\"blue\"]\n[[rule.then]]\n"
                                                "action = \"notify\"\nto = [\"role:duty_officer\"]\nmessage_zh = \"蓝\"\nmessage_en = \"blue\"\n";
  EXPECT_EQ(admin->ok("rules.reload")["rules"], json::array({"only.blue"}));
  EXPECT_EQ(admin->ok("rules.get")["rules"], json::array({"only.blue"}));
  auto w2 = json::parse(post_cap(weather_alert("QX-R-2", "typhoon", "red"), bearer("weather")).body);
  EXPECT_EQ(admin->ok("warning.get", {{"id", w2["id"]}})["proposals"].size(), 0u);
}

}  // namespace

namespace {

// Everything the warnings and rules write is a projection of events: replay gives the same tables.
TEST_F(RulesWiring, ReplayOfWarningsProposalsApprovalsAndRuleFiringsEqualsLive) {
  auto auth = bearer("weather");
  auto w = json::parse(post_cap(weather_alert("QX-P-1", "typhoon", "red"), auth).body);
  auto commander = logged_in("commander");
  auto officer = logged_in("officer");
  auto p = officer->ok("warning.get", {{"id", w["id"]}})["proposals"][0];
  commander->ok("warning.approve_level", {{"proposal_id", p["id"]}});
  auto inc = officer->ok("incident.create", {{"type", "gas_accident"}, {"title", "燃气爆炸"}, {"place", {{"name", "石塘镇"}}},
                                             {"unit_id", "P0001"}, {"hazmat", true}, {"casualties", {{"dead", 4}, {"missing", 0}, {"injured", 0}}}});
  auto ip = officer->ok("incident.get", {{"id", inc["id"]}})["proposals"][0];
  logged_in("leader")->ok("incident.approve_level", {{"proposal_id", ip["id"]}});
  logged_in("admin")->ok("clock.advance", {{"ms", 3 * 3600 * 1000}});
  post_cap(weather_alert("QX-P-2", "typhoon", "red", "Cancel", "weather@demo-city.example,QX-P-1,2026-08-20T09:00:00+08:00"), auth);
  settle();
  server->stop();
  auto projector = std::make_shared<lifeline::store::Projector>();
  lifeline::store::RealmStore live(dir.path() + "/live.db", "live", projector, 0);
  EXPECT_GT(live.query("SELECT * FROM rule_firings").size(), 3u);
  EXPECT_EQ(live.query("SELECT * FROM level_proposals WHERE status = 'approved'").size(), 2u);
  auto before = live.dump_projections();
  live.rebuild();
  EXPECT_EQ(before, live.dump_projections());
}

}  // namespace
