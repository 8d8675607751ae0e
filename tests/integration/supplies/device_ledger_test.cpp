// The comms device ledger through the real lifeline-command (schema/supplies.md "Device ledger"):
// the demo city's satellite phones and walkie-talkies against the bureau's targets per tier
// (seed-digest §8: city 20 and 50, each county 10 and 30, each township squad 20 radios), checks
// that take a device out of service and put it back, overdue checks, scope, and bad input.
#include <cstdio>
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
  EXPECT_EQ(targets["total"], 2 + 8 * 2 + 30 * 2);  // the city's two, each county's two, each township's radios and handhelds
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
  EXPECT_EQ(targets["met"], 78 - 4);  // and 南湾镇 five handhelds short
  auto summary = officer->ok("metrics.summary");
  EXPECT_EQ(summary["device_targets"]["numerator"], 74);
  EXPECT_EQ(summary["device_targets"]["denominator"], 78);
  // 986 phones and radios and 435 handhelds; two radios of each county missed last month's check, one is faulty.
  EXPECT_EQ(summary["device_checks"]["denominator"], 20 + 50 + 7 * 10 + 8 + 8 * 30 + 29 * 20 + 18 + 435);
  EXPECT_EQ(summary["device_checks"]["numerator"], 986 + 435 - 16 - 1);
  auto overdue = officer->ok("device.list", {{"overdue", true}});
  EXPECT_EQ(overdue["devices"].size(), 16u);
  EXPECT_EQ(overdue["counts"]["faulty"], 1);
  EXPECT_EQ(overdue["devices"][0]["next_check_on"].get<std::string>() < overdue["today"].get<std::string>(), true);
}

TEST_F(DeviceLedger, AFaultTakesARadioOutOfServiceACheckPutsItBackAndEachDeskKeepsItsOwn) {
  auto town = logged_in("town1");  // 石塘镇 (P0001): its squad's 20 radios, RAD-T01-001…020
  auto mine = town->ok("device.list", {{"kind", "radio"}});
  EXPECT_EQ(mine["devices"].size(), 20u);
  for (const auto& d : mine["devices"]) EXPECT_EQ(d["unit_id"], "P0001");
  EXPECT_EQ(mine["devices"][0]["holder"], "石塘镇救援队队员1号");
  EXPECT_EQ(mine["devices"][0]["team_name"], "石塘镇应急救援队");

  // A fault needs a note; with one, the radio is out of service and the squad is one short.
  EXPECT_EQ(code(town->call("device.check", {{"id", "RAD-T01-005"}, {"result", "fault"}})), "missing_field");
  EXPECT_EQ(code(town->call("device.check", {{"id", "RAD-T01-005"}, {"result", "fault"}, {"note", "天线折断"}})), "ok");
  auto targets = town->ok("device.targets");
  EXPECT_EQ(targets["total"], 2);  // its own township's targets only: radios and handhelds
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
  EXPECT_EQ(lead->ok("device.list")["devices"].size(), 20u);  // its radios: the monitors' handhelds are the township's
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
  EXPECT_EQ(late["counts"]["overdue"], 20 + 20);  // 19 radios in service (one retired), the phone, the monitors' 20 handhelds
}

// Seed-digest §8 "periodic checks": a week before a unit's devices fall due, one deadline per unit
// and due day (the demo's radios, checked ten days before 20 August every 30 days, are due on
// 9 September); checking every one of them meets it, one left unchecked keeps it open and missed
// the next day; devices already overdue (two of each county's radios) are not asked for.
TEST_F(DeviceLedger, ChecksDueMonthlyAreAskedAWeekAheadOneDeadlinePerUnitAndDay) {
  auto list = [&](WsClient& c, const std::string& subject = "") {
    json body = {{"kind", "device.check"}, {"open", false}};
    if (!subject.empty()) body["subject"] = subject;
    return c.ok("deadline.list", body)["deadlines"];
  };
  auto officer = logged_in("officer");
  EXPECT_TRUE(list(*officer).empty()) << "20 August: nothing due within the week";

  logged_in("admin")->ok("clock.advance", {{"to", "2026-09-02T01:00:00.000Z"}});  // 2 September, 09:00 local
  officer = logged_in("officer");
  auto asked = list(*officer);
  EXPECT_EQ(asked.size(), 1u + 8 + 30 + 30) << "the city, each county, each township's radios and its monitors' handhelds";
  auto town = logged_in("town1");
  auto mine = list(*town);
  ASSERT_EQ(mine.size(), 2u) << "a township desk sees its own: the handhelds (checked 12 days before) and the radios";
  EXPECT_EQ(mine[0]["subject"], "P0001/device_check/2026-09-07");
  EXPECT_EQ(mine[1]["subject"], "P0001/device_check/2026-09-09");
  EXPECT_EQ(mine[1]["title_zh"], "石塘镇 20 台通信装备定期检查（2026-09-09 前）");
  EXPECT_EQ(mine[1]["due_at"], "2026-09-09T16:00:00.000Z");
  for (const auto& d : list(*officer))
    EXPECT_FALSE(d["subject"].get<std::string>().ends_with("2026-08-05")) << "overdue before it could be asked: " << d["subject"];

  // 石塘镇 checks 19 radios: still due; the 20th found faulty: done (it is out of service, not unchecked).
  for (int i = 1; i <= 19; ++i) {
    char id[16];
    std::snprintf(id, sizeof id, "RAD-T01-%03d", i);
    town->ok("device.check", {{"id", id}, {"result", "ok"}});
  }
  EXPECT_EQ(list(*town, "P0001/device_check/2026-09-09")[0]["status"], "open");
  town->ok("device.check", {{"id", "RAD-T01-020"}, {"result", "fault"}, {"note", "电池无法充电"}});
  EXPECT_EQ(list(*town, "P0001/device_check/2026-09-09")[0]["status"], "met");
  auto county = logged_in("county1");
  EXPECT_EQ(list(*county, "county-1/device_check/2026-09-09")[0]["status"], "open");
  // A radio registered afterwards that falls due the same day: asked again at the next day's sweep.
  county->ok("device.register", {{"id", "RAD-T01-021"}, {"kind", "radio"}, {"unit_id", "P0001"}, {"holder", "石塘镇救援队队员21号"},
                                 {"maintainer", "石塘镇应急办"}, {"last_checked_on", "2026-08-10"}});
  logged_in("admin")->ok("clock.advance", {{"to", "2026-09-03T01:00:00.000Z"}});
  town = logged_in("town1");
  auto again = list(*town, "P0001/device_check/2026-09-09");
  ASSERT_EQ(again.size(), 2u);
  EXPECT_EQ(again[1]["status"], "open");
  EXPECT_EQ(again[1]["title_zh"], "石塘镇 1 台通信装备定期检查（2026-09-09 前）");
  town->ok("device.check", {{"id", "RAD-T01-021"}, {"result", "ok"}});

  logged_in("admin")->ok("clock.advance", {{"to", "2026-09-10T01:00:00.000Z"}});
  officer = logged_in("officer");
  EXPECT_EQ(list(*officer, "county-1/device_check/2026-09-09")[0]["status"], "missed");
  for (const auto& d : list(*officer, "P0001/device_check/2026-09-09")) EXPECT_EQ(d["status"], "met");
  EXPECT_EQ(list(*officer, "P0001/device_check/2026-10-09").size(), 0u) << "the next round is a month away";
}

// Seed-digest §8: "handheld terminals go to every geohazard-point monitor (328 points, one monitor
// each) and every forest-fire checkpoint attendant (112 checkpoints)". Each township's points are
// its handheld target; a handheld names the point whose monitor carries it, one per point.
TEST_F(DeviceLedger, AHandheldForEachOfThe328GeohazardMonitorsAnd112CheckpointAttendants) {
  auto officer = logged_in("officer");
  auto all = officer->ok("monitor_point.list");
  EXPECT_EQ(all["counts"]["points"], 328 + 112);
  EXPECT_EQ(officer->ok("monitor_point.list", {{"kind", "geohazard"}})["counts"]["points"], 328);
  EXPECT_EQ(officer->ok("monitor_point.list", {{"kind", "fire_checkpoint"}})["counts"]["points"], 112);
  EXPECT_EQ(all["counts"]["without_handheld"], 5) << "南湾镇 has not issued five";
  auto targets = officer->ok("device.targets");
  EXPECT_EQ(target(targets, "P0001", "handheld")["target"], 20);  // five villages: a checkpoint and three points each
  EXPECT_EQ(target(targets, "P0001", "handheld")["held"], 20);
  EXPECT_EQ(target(targets, "P0013", "handheld")["shortfall"], 5);

  // 石塘镇 registers a new point in one of its villages: one handheld short until it is issued.
  auto town = logged_in("town1");
  EXPECT_EQ(code(town->call("monitor_point.register", {{"id", "GH-P0002-9"}, {"kind", "geohazard"}, {"unit_id", "P0002"},
                                                       {"name", "东岙村后山滑坡隐患点"}, {"monitor", "陈海燕"}, {"lat", 27.9}, {"lon", 120.06}})),
            "ok");
  EXPECT_EQ(target(town->ok("device.targets"), "P0001", "handheld")["shortfall"], 1);
  auto mine = town->ok("monitor_point.list", {{"without_handheld", true}});
  ASSERT_EQ(mine["points"].size(), 1u);
  EXPECT_EQ(mine["points"][0]["id"], "GH-P0002-9");
  EXPECT_EQ(mine["counts"]["points"], 21) << "its own township's points only";
  json handheld = {{"id", "HH-GH-P0002-9"}, {"kind", "handheld"}, {"unit_id", "P0001"}, {"holder", "陈海燕"},
                   {"maintainer", "石塘镇应急办"}, {"point_id", "GH-P0002-9"}};
  EXPECT_EQ(code(town->call("device.register", handheld)), "ok");
  EXPECT_EQ(target(town->ok("device.targets"), "P0001", "handheld")["shortfall"], 0);
  // One handheld per point, even while it is being repaired; a radio is not issued to a point;
  // another county's point is not ours.
  town->ok("device.check", {{"id", "HH-GH-P0002-9"}, {"result", "fault"}, {"note", "屏幕碎裂，送修"}});
  handheld["id"] = "HH-SPARE-1";
  EXPECT_EQ(code(town->call("device.register", handheld)), "conflict");
  handheld["kind"] = "radio";
  EXPECT_EQ(code(town->call("device.register", handheld)), "bad_field");
  handheld["kind"] = "handheld";
  handheld["point_id"] = "GH-P0008-1";
  EXPECT_EQ(code(town->call("device.register", handheld)), "out_of_scope");
  // A point lies in a township or a village, and has both coordinates or neither.
  EXPECT_EQ(code(officer->call("monitor_point.register", {{"id", "FC-X"}, {"kind", "fire_checkpoint"}, {"unit_id", "county-1"},
                                                          {"name", "卡口"}, {"monitor", "值守员"}})), "bad_field");
  EXPECT_EQ(code(officer->call("monitor_point.register", {{"id", "FC-X"}, {"kind", "fire_checkpoint"}, {"unit_id", "P0002"},
                                                          {"name", "卡口"}, {"monitor", "值守员"}, {"lat", 27.9}})), "bad_field");
  EXPECT_EQ(code(town->call("monitor_point.register", {{"id", "GH-P0002-9"}, {"kind", "geohazard"}, {"unit_id", "P0002"},
                                                       {"name", "重复"}, {"monitor", "某人"}})), "conflict");
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
