// The comms device ledger through the real lifeline-command (schema/supplies.md "Device ledger"):
// the demo city's satellite phones and walkie-talkies against the bureau's targets per tier
// (seed-digest §8: city 20 and 50, each county 10 and 30, each township squad 20 radios), checks
// that take a device out of service and put it back, overdue checks, scope, and bad input.
#include <set>

#include "server_fixture.hpp"

using namespace lifeline::testing;
using nlohmann::json;

namespace {

struct DeviceLedger : ServerFixture {
  std::vector<std::string> args() override {
    return {"--demo", "--clock", "manual", "--clock-start", "2026-08-20T01:00:00.000Z", "--synchronous", "NORMAL"};
  }
  static json target(const json& targets, const std::string& unit, const std::string& kind) {
    for (const auto& t : targets["targets"])
      if (t["unit_id"] == unit && t["kind"] == kind) return t;
    return json();
  }
  static std::string code(const json& res) { return res.value("ok", false) ? "ok" : res["error"].value("code", ""); }
};

TEST_F(DeviceLedger, CitySatPhones20Radios50EachCounty10And30EachTownshipSquad20RadiosWithTheDemosGaps) {
  auto officer = logged_in("officer");
  auto targets = officer->ok("device.targets");
  EXPECT_EQ(targets["total"], 2 + 8 * 2 + 30);  // the city's two, each county's two, each township's one
  EXPECT_EQ(target(targets, "city", "satellite_phone")["target"], 20);
  EXPECT_EQ(target(targets, "city", "satellite_phone")["held"], 20);
  EXPECT_EQ(target(targets, "city", "radio")["target"], 50);
  EXPECT_EQ(target(targets, "county-1", "satellite_phone")["target"], 10);
  EXPECT_EQ(target(targets, "county-1", "radio")["target"], 30);
  EXPECT_EQ(target(targets, "P0001", "radio")["target"], 20);
  EXPECT_TRUE(target(targets, "P0001", "satellite_phone").is_null());  // townships have no satellite phone target
  // The demo's gaps: 南河区 two satellite phones short, 南湾镇 two radios, 青山县 one radio out of service.
  EXPECT_EQ(target(targets, "county-3", "satellite_phone")["shortfall"], 2);
  EXPECT_EQ(target(targets, "P0013", "radio")["shortfall"], 2);
  EXPECT_EQ(target(targets, "county-2", "radio")["held"], 29);
  EXPECT_EQ(targets["met"], 48 - 3);
  auto summary = officer->ok("metrics.summary");
  EXPECT_EQ(summary["device_targets"]["numerator"], 45);
  EXPECT_EQ(summary["device_targets"]["denominator"], 48);
  // 986 devices; two radios of each county missed last month's check, one is faulty.
  EXPECT_EQ(summary["device_checks"]["denominator"], 20 + 50 + 7 * 10 + 8 + 8 * 30 + 29 * 20 + 18);
  EXPECT_EQ(summary["device_checks"]["numerator"], 986 - 16 - 1);
  auto overdue = officer->ok("device.list", {{"overdue", true}});
  EXPECT_EQ(overdue["devices"].size(), 16u);
  EXPECT_EQ(overdue["counts"]["faulty"], 1);
  EXPECT_EQ(overdue["devices"][0]["next_check_on"].get<std::string>() < overdue["today"].get<std::string>(), true);
}

TEST_F(DeviceLedger, AFaultTakesARadioOutOfServiceACheckPutsItBackAndEachDeskKeepsItsOwn) {
  auto town = logged_in("town1");  // 石塘镇 (P0001): its squad's 20 radios, RAD-T01-001…020
  auto mine = town->ok("device.list");
  EXPECT_EQ(mine["devices"].size(), 20u);
  for (const auto& d : mine["devices"]) EXPECT_EQ(d["unit_id"], "P0001");
  EXPECT_EQ(mine["devices"][0]["holder"], "石塘镇救援队队员1号");
  EXPECT_EQ(mine["devices"][0]["team_name"], "石塘镇应急救援队");

  // A fault needs a note; with one, the radio is out of service and the squad is one short.
  EXPECT_EQ(code(town->call("device.check", {{"id", "RAD-T01-005"}, {"result", "fault"}})), "missing_field");
  EXPECT_EQ(code(town->call("device.check", {{"id", "RAD-T01-005"}, {"result", "fault"}, {"note", "天线折断"}})), "ok");
  auto targets = town->ok("device.targets");
  EXPECT_EQ(targets["total"], 1);  // its own township's target only
  EXPECT_EQ(target(targets, "P0001", "radio")["held"], 19);
  EXPECT_EQ(town->ok("device.list", {{"status", "faulty"}})["devices"].size(), 1u);
  // Repaired: an ok check puts it back. A check of yesterday entered late does not undo today's.
  EXPECT_EQ(code(town->call("device.check", {{"id", "RAD-T01-005"}, {"result", "ok"}, {"note", "更换天线"}})), "ok");
  EXPECT_EQ(code(town->call("device.check", {{"id", "RAD-T01-005"}, {"result", "fault"}, {"note", "补录"},
                                              {"checked_on", "2026-08-19"}})), "ok");
  EXPECT_EQ(target(town->ok("device.targets"), "P0001", "radio")["held"], 20);
  auto history = town->ok("device.history", {{"id", "RAD-T01-005"}});
  EXPECT_EQ(history["device"]["status"], "in_service");
  ASSERT_EQ(history["checks"].size(), 3u);
  EXPECT_EQ(history["checks"][0]["checked_by_name"], "石塘镇值班员");
  EXPECT_EQ(code(town->call("device.check", {{"id", "RAD-T01-005"}, {"result", "ok"}, {"checked_on", "2026-08-21"}})), "bad_field");

  // Another county's radio, or handing one of its own to another county: out of scope.
  EXPECT_EQ(code(town->call("device.check", {{"id", "RAD-C2-001"}, {"result", "ok"}})), "out_of_scope");
  EXPECT_EQ(code(town->call("device.history", {{"id", "RAD-C2-001"}})), "out_of_scope");
  EXPECT_EQ(code(town->call("device.assign", {{"id", "RAD-T01-001"}, {"unit_id", "P0007"}, {"holder", "港口镇队员"}})),
            "out_of_scope");
  // The team lead reads its squad's radios and changes none of them.
  auto lead = logged_in("teamlead");
  EXPECT_EQ(lead->ok("device.list")["devices"].size(), 20u);
  EXPECT_EQ(code(lead->call("device.check", {{"id", "RAD-T01-001"}, {"result", "ok"}})), "forbidden");

  // The county desk registers a new satellite phone for the township, and retires a radio.
  auto county = logged_in("county1");
  EXPECT_EQ(code(county->call("device.register", {{"id", "SAT-T01-001"}, {"kind", "satellite_phone"}, {"unit_id", "P0001"},
                                                  {"team_id", "T-P0001"}, {"holder", "刘强"}, {"maintainer", "滨海县应急管理局"},
                                                  {"check_every_days", 14}})), "ok");
  EXPECT_EQ(code(county->call("device.register", {{"id", "SAT-T01-001"}, {"kind", "satellite_phone"}, {"unit_id", "P0001"},
                                                  {"holder", "刘强"}, {"maintainer", "x"}})), "conflict");
  EXPECT_EQ(code(county->call("device.retire", {{"id", "RAD-T01-020"}, {"reason", "进水损坏，无法修复"}})), "ok");
  EXPECT_EQ(code(county->call("device.check", {{"id", "RAD-T01-020"}, {"result", "ok"}})), "invalid_transition");
  EXPECT_EQ(target(county->ok("device.targets"), "P0001", "radio")["held"], 19);
  EXPECT_EQ(county->ok("device.list", {{"unit_id", "P0001"}})["counts"]["retired"], 1);

  // A month on, the checks of ten days ago are overdue too; the new phone (registered today, every
  // 14 days) as well.
  logged_in("admin")->ok("clock.advance", {{"to", "2026-09-20T01:00:00.000Z"}});
  town = logged_in("town1");
  auto late = town->ok("device.list", {{"overdue", true}});
  EXPECT_EQ(late["counts"]["overdue"], 20);  // 19 radios in service (one retired) and the phone
}

TEST_F(DeviceLedger, BadInputIsRefusedAndChangesNothing) {
  auto officer = logged_in("officer");
  const auto before = event_log();
  const json good = {{"id", "SAT-X-1"}, {"kind", "satellite_phone"}, {"unit_id", "county-1"}, {"holder", "张三"}, {"maintainer", "县局"}};
  auto with = [&](const char* key, json value) {
    json b = good;
    if (value.is_null()) b.erase(key);
    else b[key] = value;
    return code(officer->call("device.register", b));
  };
  EXPECT_EQ(with("id", "卫星电话1"), "bad_field");  // an asset number, not a name
  EXPECT_EQ(with("id", "../etc"), "bad_field");
  EXPECT_EQ(with("kind", "drone"), "bad_field");
  EXPECT_EQ(with("unit_id", "county-99"), "not_found");
  EXPECT_EQ(with("holder", nullptr), "missing_field");
  EXPECT_EQ(with("check_every_days", 3), "bad_field");
  EXPECT_EQ(with("last_checked_on", "2026-02-30"), "bad_field");
  EXPECT_EQ(with("last_checked_on", "2026-08-21"), "bad_field");  // after today
  EXPECT_EQ(with("team_id", "T-NOBODY"), "not_found");
  EXPECT_EQ(with("colour", "red"), "unknown_field");
  EXPECT_EQ(code(officer->call("device.check", {{"id", "NO-SUCH"}, {"result", "ok"}})), "not_found");
  EXPECT_EQ(code(officer->call("device.check", {{"id", "RAD-T01-001"}, {"result", "maybe"}})), "bad_field");
  EXPECT_EQ(code(officer->call("device.list", {{"kind", "drone"}})), "bad_field");
  EXPECT_EQ(event_log(), before);
}

}  // namespace
