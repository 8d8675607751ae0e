// Every operation × every role: allowed or refused as specified. The expected matrix is written here
// by hand (not read from schema/roles.json), so a wrong entry in either shows up as a failure.
#include <map>
#include <set>

#include "server_fixture.hpp"

using namespace lifeline::testing;
using nlohmann::json;

namespace {
// Demo user per role.
const std::map<std::string, std::string> kUserOf = {
    {"admin", "admin"},         {"commander", "commander"},     {"duty_leader", "leader"},
    {"duty_officer", "officer"}, {"team_lead", "teamlead"},      {"team_member", "member"},
    {"department", "water"},    {"drill_director", "director"}, {"observer", "observer"}};
const std::set<std::string> kAll = {"admin", "commander", "duty_leader", "duty_officer", "team_lead",
                                    "team_member", "department", "drill_director", "observer"};
const std::set<std::string> kCentre = {"admin", "commander", "duty_leader", "duty_officer"};

// op -> roles allowed.
const std::map<std::string, std::set<std::string>> kExpected = {
    {"auth.whoami", kAll},
    {"board.subscribe", kAll},
    {"board.snapshot", kAll},
    {"unit.list", kAll},
    {"place.search", kAll},
    {"incident.get", kAll},
    {"incident.list", kAll},
    {"team.get", kAll},
    {"team.list", kAll},
    {"team.tracks", kAll},
    {"member.search", kAll},
    {"task.list", kAll},
    {"duty.current", kAll},
    {"unit.create", {"admin"}},
    {"user.create", {"admin"}},
    {"user.deactivate", {"admin"}},
    {"user.set_password", {"admin"}},
    {"session.revoke", {"admin"}},
    // ZeroMQ peers (schema/gateway-protocol.md, Enrolment).
    {"peer.enrol", {"admin"}},
    {"peer.revoke", {"admin"}},
    {"peer.list", {"admin"}},
    {"clock.advance", {"admin"}},
    {"user.list", kCentre},
    {"incident.create", kCentre},
    {"incident.update", kCentre},
    {"incident.set_status", kCentre},
    {"team.create", kCentre},
    {"incident.set_level", {"commander", "duty_leader"}},
    {"team.set_readiness", {"admin", "commander", "duty_leader", "duty_officer", "team_lead"}},
    {"team.set_member_duty", {"admin", "commander", "duty_leader", "duty_officer", "team_lead"}},
    {"team.record_comms_test", {"admin", "commander", "duty_leader", "duty_officer"}},
    {"team.report_position", {"team_lead", "team_member"}},
    {"team.add_member", {"admin", "duty_officer", "team_lead"}},
    {"team.set_contacts", {"admin", "duty_officer", "team_lead"}},
    {"task.assign", {"commander", "duty_leader", "duty_officer", "department"}},
    {"task.update_status", {"commander", "duty_leader", "duty_officer", "team_lead", "team_member"}},
    {"task.cancel", {"commander", "duty_leader", "duty_officer"}},
    {"task.reroute", {"commander", "duty_leader", "duty_officer"}},
    {"duty.create_shift", {"admin", "commander", "duty_leader"}},
    {"duty.handover", {"duty_officer", "duty_leader"}},
    {"duty.accept_handover", {"duty_officer", "duty_leader", "commander"}},
    {"duty.log", {"duty_officer", "duty_leader", "commander"}},
    {"depot.list", {"admin", "commander", "duty_leader", "duty_officer", "department", "drill_director", "observer"}},
    {"audit.list", {"admin", "commander", "observer"}},
    {"drill.start", {"drill_director", "admin"}},
    {"drill.end", {"drill_director", "admin"}},
    {"drill.join", {"admin", "commander", "duty_leader", "duty_officer", "team_lead", "team_member", "department", "drill_director"}},
    {"drill.leave", {"admin", "commander", "duty_leader", "duty_officer", "team_lead", "team_member", "department", "drill_director"}},
    {"drill.participants", kAll},
    {"drill.list", {"admin", "commander", "duty_leader", "duty_officer", "drill_director", "observer"}},
    {"drill.report", {"admin", "commander", "duty_leader", "duty_officer", "drill_director", "observer"}},
    {"drill.register", {"admin", "commander", "duty_leader", "duty_officer", "department", "drill_director"}},
    {"drill.register_list", {"admin", "commander", "duty_leader", "duty_officer", "department", "drill_director", "observer"}},
    {"drill.counts", {"admin", "commander", "duty_leader", "duty_officer", "department", "drill_director", "observer"}},
    {"plan.list", {"admin", "commander", "duty_leader", "duty_officer", "department", "drill_director", "observer"}},
    {"plan.revise", {"admin", "commander", "duty_leader", "duty_officer", "department"}},
    {"scenario.load", {"drill_director", "admin"}},
    {"scenario.clock", {"drill_director", "admin"}},
    {"scenario.inject", {"drill_director", "admin"}},
    {"scenario.templates", {"admin", "commander", "duty_leader", "duty_officer", "drill_director", "observer"}},
    {"scenario.status", {"admin", "commander", "duty_leader", "duty_officer", "drill_director", "observer"}},
    // Deadlines, supplies, hazards, metrics (schema/supplies.md, schema/hazards.md).
    {"deadline.list", kAll},
    {"deadline.acknowledge", {"admin", "commander", "duty_leader", "duty_officer", "department"}},
    {"deadline.silence", {"admin", "commander", "duty_leader", "duty_officer", "department"}},
    {"metrics.summary", {"admin", "commander", "duty_leader", "duty_officer", "department", "drill_director", "observer"}},
    {"item.define", {"admin", "commander"}},
    {"depot.create", {"admin", "commander"}},
    {"depot.check", kCentre},
    {"stock.receive", kCentre},
    {"stock.write_off", kCentre},
    {"stock.list", {"admin", "commander", "duty_leader", "duty_officer", "department", "drill_director", "observer"}},
    {"stock.targets", {"admin", "commander", "duty_leader", "duty_officer", "department", "drill_director", "observer"}},
    {"stock.rotation", {"admin", "commander", "duty_leader", "duty_officer", "department", "drill_director", "observer"}},
    {"device.register", {"admin", "commander", "duty_leader", "duty_officer", "department"}},
    {"device.assign", {"admin", "commander", "duty_leader", "duty_officer", "department"}},
    {"device.check", {"admin", "commander", "duty_leader", "duty_officer", "department"}},
    {"device.retire", {"admin", "commander", "duty_leader", "duty_officer", "department"}},
    {"device.list", kAll},
    {"device.history", kAll},
    {"device.targets", {"admin", "commander", "duty_leader", "duty_officer", "department", "drill_director", "observer"}},
    {"monitor_point.register", {"admin", "commander", "duty_leader", "duty_officer"}},
    {"monitor_point.list", {"admin", "commander", "duty_leader", "duty_officer", "drill_director", "observer"}},
    {"release.order", kCentre},
    {"release.approve", {"commander"}},
    {"release.depart", kCentre},
    {"release.arrive", kCentre},
    {"release.cancel", kCentre},
    {"release.list", {"admin", "commander", "duty_leader", "duty_officer", "department", "drill_director", "observer"}},
    {"hazard.report", {"admin", "commander", "duty_leader", "duty_officer", "department"}},
    {"hazard.assign", kCentre},
    {"hazard.verify", {"admin", "commander", "duty_leader", "duty_officer", "department"}},
    {"hazard.plan", {"admin", "commander", "duty_leader", "duty_officer", "department"}},
    {"hazard.rectified", {"admin", "commander", "duty_leader", "duty_officer", "department"}},
    {"hazard.accept", {"admin", "commander", "duty_leader", "duty_officer", "department"}},
    {"hazard.reopen", kCentre},
    {"hazard.report_up", {"admin", "commander", "duty_leader", "duty_officer", "department"}},
    {"hazard.reward", {"admin", "commander", "duty_leader"}},
    {"hazard.get", {"admin", "commander", "duty_leader", "duty_officer", "department", "drill_director", "observer"}},
    {"hazard.list", {"admin", "commander", "duty_leader", "duty_officer", "department", "drill_director", "observer"}},
    // Hazard governance: ledgers, city close-out, look-back, exposure board (schema/hazards.md "Governance").
    {"hazard.ledger_confirm", kCentre},
    {"hazard.ledger_status", {"admin", "commander", "duty_leader", "duty_officer", "drill_director", "observer"}},
    {"hazard.close_out", kCentre},
    {"hazard.lookback_draw", kCentre},
    {"hazard.lookback_record", kCentre},
    {"hazard.lookback_list", {"admin", "commander", "duty_leader", "duty_officer", "drill_director", "observer"}},
    {"hazard.exposure", {"admin", "commander", "duty_leader", "duty_officer", "drill_director", "observer"}},
    {"hazard.exposure_publish", {"admin", "commander", "duty_leader", "duty_officer"}},
    {"hazard.screening_record", {"admin", "commander", "duty_leader", "duty_officer"}},
    {"hazard.screening_status", {"admin", "commander", "duty_leader", "duty_officer", "drill_director", "observer"}},
    {"hazard.leader_inspection_record", {"admin", "commander", "duty_leader", "duty_officer"}},
    {"hazard.leader_inspection_status", {"admin", "commander", "duty_leader", "duty_officer", "drill_director", "observer"}},
    {"hazard.fringe_round_record", {"admin", "commander", "duty_leader", "duty_officer"}},
    {"hazard.fringe_status", {"admin", "commander", "duty_leader", "duty_officer", "drill_director", "observer"}},
    {"enterprise.register", {"admin", "commander", "duty_leader", "duty_officer"}},
    {"enterprise.update", {"admin", "commander", "duty_leader", "duty_officer"}},
    {"enterprise.record", {"admin", "commander", "duty_leader", "duty_officer"}},
    {"enterprise.list", {"admin", "commander", "duty_leader", "duty_officer", "drill_director", "observer"}},
    {"enterprise.file", {"admin", "commander", "duty_leader", "duty_officer", "drill_director", "observer"}},
    {"enterprise.dishonesty_list", {"admin", "commander", "duty_leader", "duty_officer", "department", "drill_director", "observer"}},
    {"enterprise.dishonesty_remove", {"admin", "commander", "duty_leader", "duty_officer"}},
    // Warnings (CAP) and rules (schema/cap.md, schema/rules.md).
    {"warning.import", {"commander", "duty_leader", "duty_officer", "department"}},
    {"warning.list", kAll},
    {"warning.get", kAll},
    {"warning.approve_level", {"commander", "duty_leader"}},
    {"incident.approve_level", {"commander", "duty_leader"}},
    {"proposal.list", {"admin", "commander", "duty_leader", "duty_officer", "drill_director", "observer"}},
    {"rules.reload", {"admin"}},
    {"rules.get", kCentre},
    // Consultations (schema/consultations.md): the centre runs them, a department joins, minutes
    // and updates its own decisions; reports (schema/reports.md) are the centre's.
    {"consultation.open", kCentre},
    {"consultation.start", kCentre},
    {"consultation.join", {"admin", "commander", "duty_leader", "duty_officer", "department"}},
    {"consultation.minutes", {"admin", "commander", "duty_leader", "duty_officer", "department"}},
    {"consultation.decide", kCentre},
    {"consultation.decision_update", {"admin", "commander", "duty_leader", "duty_officer", "team_lead", "department"}},
    {"consultation.close", kCentre},
    {"consultation.list", {"admin", "commander", "duty_leader", "duty_officer", "department", "drill_director", "observer"}},
    {"journal.list", {"admin", "commander", "duty_leader", "duty_officer", "department", "drill_director", "observer"}},
    {"stats.charts", {"admin", "commander", "duty_leader", "duty_officer", "department", "drill_director", "observer"}},
    {"consultation.get", {"admin", "commander", "duty_leader", "duty_officer", "department", "drill_director", "observer"}},
    {"report.submit", kCentre},
    {"report.get", {"admin", "commander", "duty_leader", "duty_officer", "drill_director", "observer"}},
    {"report.list", {"admin", "commander", "duty_leader", "duty_officer", "drill_director", "observer"}},
    {"report.rollup", {"admin", "commander", "duty_leader", "duty_officer", "drill_director", "observer"}},
    {"auth.logout", kAll},
};
}  // namespace

using RoleMatrix = ServerFixture;

TEST_F(RoleMatrix, EveryOperationForEveryRole) {
  int checked = 0;
  for (const auto& [role, user] : kUserOf) {
    auto c = logged_in(user);
    for (const auto& [op, allowed] : kExpected) {
      if (op == "auth.logout") continue;  // last, below
      // A body with a bogus field: an allowed role gets a validation error (never "forbidden"),
      // and nothing changes; a refused role gets "forbidden" before validation.
      auto res = c->call(op, {{"__probe", 1}});
      std::string code = res.value("ok", false) ? "ok" : res["error"].value("code", "");
      if (allowed.count(role))
        EXPECT_NE(code, "forbidden") << role << " should be allowed " << op;
      else
        EXPECT_EQ(code, "forbidden") << role << " should be refused " << op;
      ++checked;
    }
    EXPECT_TRUE(c->call("auth.logout").value("ok", false)) << role << " may log out";
    EXPECT_EQ(c->call("incident.list")["error"]["code"], "unauthenticated");
  }
  EXPECT_EQ(checked, 9 * (static_cast<int>(kExpected.size()) - 1));
}

TEST_F(RoleMatrix, ScopeNarrowsWhatAnAllowedRoleMayTouch) {
  // A team member may update only its own team's tasks; a county officer only its county.
  auto officer = logged_in("officer");
  auto other = officer->ok("task.assign", {{"team_id", "T-P0013"}, {"what", "patrol"}});
  auto own = officer->ok("task.assign", {{"team_id", "T-P0001"}, {"what", "patrol"}});
  auto member = logged_in("member");
  EXPECT_EQ(member->call("task.update_status", {{"id", other["id"]}, {"status", "acknowledged"}})["error"]["code"], "out_of_scope");
  EXPECT_TRUE(member->call("task.update_status", {{"id", own["id"]}, {"status", "acknowledged"}})["ok"].get<bool>());
  auto county = logged_in("county1");
  // P0013 (南湾镇) is in 南河区 (county-3), not 滨海县 (county-1).
  EXPECT_EQ(county->call("incident.create", {{"type", "flood"}, {"title", "x"}, {"place", {{"name", "南湾镇"}}}, {"unit_id", "P0013"}})["error"]["code"],
            "out_of_scope");
  EXPECT_TRUE(county->call("incident.create", {{"type", "flood"}, {"title", "x"}, {"place", {{"name", "石塘镇"}}}, {"unit_id", "P0001"}})["ok"].get<bool>());
}
