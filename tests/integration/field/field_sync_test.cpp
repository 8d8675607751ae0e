// Real lifeline-field processes against a real lifeline-command: orders reach the handheld, a team
// offline for a (simulated) hour keeps acking and reporting, and on reconnect the centre's state,
// timeline and receipts are exactly right with nothing duplicated; the terminal takes over when IP
// is gone and hands back when it returns; a far-off device clock is corrected.
#include <fstream>

#include "field_common.hpp"
#include "lifeline/field/gps_source.hpp"
#include "lifeline/field/local_db.hpp"

using namespace lifeline::testing;
using nlohmann::json;

namespace {
struct FieldSync : FieldFixture {};

std::string order_for(const json& inbox, const std::string& task_id) {
  for (auto& i : inbox)
    if (i["correlation_id"] == task_id && i["kind"] == "order") return i["id"];
  return "";
}
}  // namespace

TEST_F(FieldSync, OfflineHourThenReconnectLeavesTheCentreExactlyRight) {
  enrol();
  field.start();
  auto t1 = officer->ok("task.assign", {{"team_id", "T-P0001"}, {"what", "evacuate"}, {"precedence", "flash"}, {"note", "转移下洋社区群众"}});
  auto t2 = officer->ok("task.assign", {{"team_id", "T-P0001"}, {"what", "deliver"}, {"note", "运送沙袋"}});
  ASSERT_TRUE(eventually([&] { return inbox().size() == 2; })) << inbox().dump();
  // Both were stored before the device acked them.
  ASSERT_TRUE(eventually([&] { return delivery(t1["message_id"])["state"] == "delivered" && delivery(t2["message_id"])["state"] == "delivered"; }));
  auto in = inbox();
  EXPECT_EQ(in[0]["precedence"], "flash");  // FLASH first
  EXPECT_EQ(in[0]["exercise"], false);

  // The network goes: the daemon is gone, the team keeps working on the device.
  field.stop();
  auto t3 = officer->ok("task.assign", {{"team_id", "T-P0001"}, {"what", "search"}, {"note", "搜救"}});
  ASSERT_EQ(field.run({"ack", t1["message_id"]}).rc, 0);
  ASSERT_EQ(field.run({"ack", t2["message_id"]}).rc, 0);
  ASSERT_EQ(field.run({"status", "en-route", "--task", t1["id"]}).rc, 0);
  ASSERT_EQ(field.run({"status", "on-scene", "--task", t1["id"]}).rc, 0);
  ASSERT_EQ(field.run({"status", "en-route", "--task", t2["id"]}).rc, 0);
  std::vector<std::string> reports;
  for (auto text : {"下洋社区已转移 120 人", "堤坝东段渗水", "道路中断，改走北线"})
    reports.push_back(field.json_of({"report", "--text", text})["outbox_id"]);
  field.json_of({"position", "--lat", "27.851", "--lon", "120.902"});
  field.json_of({"position", "--lat", "27.852", "--lon", "120.903"});
  EXPECT_EQ(field.run({"ack", t1["message_id"]}).rc, 1);  // answering twice is refused locally
  EXPECT_EQ(info()["pending"], 10);
  admin->ok("clock.advance", {{"ms", 3600 * 1000}});

  // The link returns.
  field.start();
  ASSERT_TRUE(eventually([&] { return synced() && inbox().size() == 3; })) << info().dump() << inbox().dump();
  ASSERT_TRUE(eventually([&] { return delivery(t3["message_id"])["state"] == "delivered"; }));

  EXPECT_EQ(task(t1["id"])["status"], "on_scene");
  EXPECT_EQ(task(t2["id"])["status"], "en_route");
  EXPECT_EQ(task(t3["id"])["status"], "ordered");
  for (auto& t : {t1, t2}) {
    auto d = delivery(t["message_id"]);
    EXPECT_EQ(d["state"], "read") << d.dump();
    EXPECT_EQ(d["answer"], "accept");
    EXPECT_FALSE(d["delivered_at"].is_null());
    EXPECT_FALSE(d["read_at"].is_null());
  }
  // Timeline: each step once, in order; each report once; both positions once.
  std::map<std::string, std::vector<std::string>> steps;
  std::map<std::string, int> accepted;
  int positions = 0;
  for (auto& e : events()) {
    if (e["kind"] == "task.status_changed") steps[e["subject"]].push_back(e["body"]["to"]);
    if (e["kind"] == "bus.message_accepted") ++accepted[e["subject"]];
    if (e["kind"] == "team.position_reported" && e["subject"] == "T-P0001") ++positions;
  }
  EXPECT_EQ(steps[t1["id"]], (std::vector<std::string>{"acknowledged", "en_route", "on_scene"}));
  EXPECT_EQ(steps[t2["id"]], (std::vector<std::string>{"acknowledged", "en_route"}));
  for (auto& r : reports) EXPECT_EQ(accepted[r], 1) << r;
  EXPECT_EQ(positions, 2);
  // The reports went to the duty officers with the device's time of writing.
  auto rows = officer->ok("bus.deliveries", {{"message_id", reports[0]}});
  EXPECT_GE(rows["deliveries"].size(), 1u);

  // The centre cancels an order the team already acked: shown cancelled, with both times.
  officer->ok("task.cancel", {{"id", t1["id"]}, {"reason", "险情解除"}});
  ASSERT_TRUE(eventually([&] {
    auto i = inbox();
    for (auto& m : i)
      if (m["id"] == t1["message_id"]) return m["cancelled"] == true;
    return false;
  }));
  for (auto& m : inbox())
    if (m["id"] == t1["message_id"]) {
      EXPECT_FALSE(m["answered_ms"].is_null());
      EXPECT_FALSE(m["cancelled_ms"].is_null());
      EXPECT_EQ(m["cancel_reason"], "险情解除");
    }
  auto text = field.run({"inbox"});
  EXPECT_NE(text.out.find("[CANCELLED]"), std::string::npos) << text.out;
  // Replaying everything again (a device that lost its receipts) changes nothing at the centre.
  auto before = events().back()["seq"].get<int64_t>();
  {
    lifeline::field::LocalDb db(field.db());
    db.exec("UPDATE outbox SET state='pending'");
  }
  ASSERT_TRUE(eventually([&] { return synced(); }));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  size_t added = 0;
  for (auto& e : events())
    if (e["seq"].get<int64_t>() > before && e["kind"] != "bus.delivery_changed") ++added;
  EXPECT_EQ(added, 0u);
  EXPECT_EQ(order_for(inbox(), t1["id"]), t1["message_id"]);
}

TEST_F(FieldSync, TerminalCarriesTheTrafficWhileIpIsDownAndIpTakesBack) {
  GatewayProcess pdt(dir.path(), server->router_port(), "pdt");
  enrol({"--terminal-port", std::to_string(pdt.terminal_port())});
  EXPECT_NE(info()["terminal_address"], "");
  // IP is unreachable: the server URL points at a closed port.
  {
    lifeline::field::LocalDb db(field.db());
    db.set("server_url", "ws://127.0.0.1:1");
  }
  field.start({"--ip-retry-ms", "300"});
  ASSERT_TRUE(eventually([&] { return info()["link"] == "terminal"; })) << info().dump();
  auto t1 = officer->ok("task.assign", {{"team_id", "T-P0001"}, {"what", "evacuate"}, {"precedence", "flash"}});
  ASSERT_TRUE(eventually([&] { return inbox().size() == 1; }, 30000)) << inbox().dump();
  EXPECT_EQ(inbox()[0]["channel"], "pdt");
  ASSERT_TRUE(eventually([&] { return delivery(t1["message_id"])["state"] == "delivered"; }));
  field.run({"ack", t1["message_id"]});
  field.run({"status", "on-scene", "--task", t1["id"]});
  auto report = field.json_of({"report", "--text", "通过电台报告"})["outbox_id"].get<std::string>();
  ASSERT_TRUE(eventually([&] { return info()["pending"] == 0; }));
  EXPECT_EQ(info()["unconfirmed"], 3);  // a radio gives no reply
  ASSERT_TRUE(eventually([&] { return task(t1["id"])["status"] == "on_scene"; }))
      << officer->ok("task.list", {{"team_id", "T-P0001"}, {"open", false}}).dump().substr(0, 1500);
  EXPECT_EQ(delivery(t1["message_id"])["state"], "read");
  // IP returns: everything is confirmed over IP, nothing applied twice.
  {
    lifeline::field::LocalDb db(field.db());
    db.set("server_url", url());
  }
  ASSERT_TRUE(eventually([&] { return info()["link"] == "ip" && synced(); })) << info().dump();
  auto steps = 0, accepted = 0;
  for (auto& e : events()) {
    if (e["kind"] == "task.status_changed" && e["subject"] == t1["id"]) ++steps;
    if (e["kind"] == "bus.message_accepted" && e["subject"] == report) ++accepted;
  }
  EXPECT_EQ(steps, 2);  // acknowledged, on_scene
  EXPECT_EQ(accepted, 1);
}

TEST_F(FieldSync, AFarOffDeviceClockIsCorrected) {
  enrol();
  const int64_t skew = -3LL * 24 * 3600 * 1000;
  field.start({"--clock-skew-ms", std::to_string(skew)});
  ASSERT_TRUE(eventually([&] { return info()["clock_offset_ms"].get<int64_t>() != 0; })) << info().dump();
  // The centre's manual clock says 2026-08-20T01:00; the device says wall time minus three days.
  auto wall = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  auto expected = 1787187600000LL - (wall + skew);
  EXPECT_NEAR(static_cast<double>(info()["clock_offset_ms"].get<int64_t>()), static_cast<double>(expected), 60000.0);
  // Reports written now carry the centre's time, not the device's.
  auto id = field.json_of({"report", "--text", "时间校正"})["outbox_id"].get<std::string>();
  ASSERT_TRUE(eventually([&] { return synced(); }));
  auto row = delivery(id);
  ASSERT_FALSE(row.is_null());
  std::ifstream log(field.log());
  std::string all((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
  EXPECT_NE(all.find("clock_off"), std::string::npos);
  EXPECT_NE(all.find("far off"), std::string::npos);
}

TEST_F(FieldSync, PositionsFromAnNmeaFileReachTheCentre) {
  enrol();
  std::string nmea = dir.path() + "/track.nmea";
  {
    std::ofstream out(nmea);
    out << "$GPGSV,1,1,00*79\n";  // other sentences are skipped
    for (int i = 0; i < 3; ++i) out << lifeline::field::make_rmc(27.85 + i * 0.001, 120.90, 1787187600000 + (10 + i) * 60000) << "\r\n";
    out << "$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*00\n";  // bad checksum: ignored
  }
  field.start({"--gps", "file:" + nmea, "--position-interval", "1"});
  ASSERT_TRUE(eventually([&] { return count_by_subject("team.position_reported")["T-P0001"] >= 3; })) << info().dump();
  std::vector<double> lats;
  for (auto& e : events())
    if (e["kind"] == "team.position_reported" && e["subject"] == "T-P0001") lats.push_back(e["body"]["lat"]);
  ASSERT_GE(lats.size(), 3u);
  EXPECT_NEAR(lats[lats.size() - 3], 27.850, 1e-6);
  EXPECT_NEAR(lats[lats.size() - 1], 27.852, 1e-6);
  // The file replays from the start: the same fixes again are stale at the centre, not new events.
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  EXPECT_EQ(count_by_subject("team.position_reported")["T-P0001"], static_cast<int>(lats.size()));
}

TEST_F(FieldSync, AReportOnATaskIsFoundAtItsIncident) {
  enrol();
  field.start();
  auto incident = officer->ok("incident.create", {{"type", "geohazard"}, {"title", "东岙村山体滑坡"}, {"place", {{"name", "石塘镇东岙村"}}}});
  auto task = officer->ok("task.assign", {{"team_id", "T-P0001"}, {"incident_id", incident["id"]}, {"what", "evacuate"}, {"note", "转移群众"}});
  auto other = field.json_of({"report", "--text", "与事件无关的报告"})["outbox_id"].get<std::string>();
  auto id = field.json_of({"report", "--text", "坡体仍在滑动，已转移 35 人", "--task", task["id"]})["outbox_id"].get<std::string>();
  ASSERT_TRUE(eventually([&] { return synced(); })) << info().dump();
  // The desk's journal of the incident holds the report on its task, said by the team, and not the
  // report on nothing.
  auto entries = officer->ok("journal.list", {{"incident_id", incident["id"]}, {"kinds", {"message"}}})["entries"];
  std::vector<std::string> subjects;
  for (auto& e : entries) subjects.push_back(e["subject"]);
  EXPECT_EQ(subjects, std::vector<std::string>{id}) << entries.dump();
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0]["summary"]["message_kind"], "report");
  EXPECT_EQ(entries[0]["summary"]["text_zh"], "坡体仍在滑动，已转移 35 人");
  EXPECT_EQ(entries[0]["summary"]["team_name"], "石塘镇应急救援队");
  EXPECT_NE(other, id);
  // A team may not file its words under another team's task.
  auto theirs = officer->ok("task.assign", {{"team_id", "T-P0007"}, {"incident_id", incident["id"]}, {"what", "search"}});
  auto lead = login("teamlead");
  auto refused = lead->call("bus.send", {{"to", "role:duty_officer"}, {"kind", "report"}, {"correlation_id", theirs["id"]},
                                         {"body", {{"text", "冒名报告"}}}});
  EXPECT_EQ(refused["error"]["code"], "out_of_scope") << refused;
}

// A drill's order on the real handheld: marked as an exercise, acknowledged, its status and a
// report on it go to the drill (the handheld sends them in the realm the order named), and live's
// tasks and journal never see them.
TEST_F(FieldSync, ADrillOrderIsAcknowledgedAndReportedOnInTheDrillOnly) {
  enrol();
  field.start();
  auto director = login("director");
  const std::string realm = director->ok("drill.start", {{"name", "山洪转移演练"}})["realm"];
  director->ok("drill.join", {{"units", {"T-P0001"}}}, realm);
  auto task = officer->ok("task.assign", {{"team_id", "T-P0001"}, {"what", "evacuate"}, {"note", "演练：转移下洋社区"}}, realm);
  const std::string task_id = task["id"], message_id = task["message_id"];
  ASSERT_TRUE(eventually([&] {
    for (const auto& i : inbox())
      if (i["id"] == message_id) return true;
    return false;
  })) << inbox().dump();
  for (const auto& i : inbox())
    if (i["id"] == message_id) EXPECT_EQ(i["exercise"], true) << i.dump();
  ASSERT_EQ(field.run({"ack", message_id}).rc, 0);
  ASSERT_EQ(field.run({"status", "en-route", "--task", task_id}).rc, 0);
  auto report = field.json_of({"report", "--text", "演练：已出发，预计 20 分钟到达", "--task", task_id})["outbox_id"].get<std::string>();
  ASSERT_TRUE(eventually([&] { return synced(); })) << info().dump();
  auto status_in = [&](const std::string& in_realm) {
    const auto tasks = officer->ok("task.list", json::object(), in_realm)["tasks"];
    for (const auto& t : tasks)
      if (t["id"] == task_id) return t["status"].get<std::string>();
    return std::string("absent");
  };
  EXPECT_EQ(status_in(realm), "en_route");
  EXPECT_EQ(status_in("live"), "absent") << "not in live";
  EXPECT_FALSE(officer->ok("bus.deliveries", {{"message_id", report}}, realm)["deliveries"].empty()) << "the report reached the drill's desks";
  EXPECT_TRUE(officer->ok("bus.deliveries", {{"message_id", report}})["deliveries"].empty()) << "the report is not live's";
  for (const auto& item : field.json_of({"outbox", "--json"}))
    EXPECT_EQ(item["state"], "done") << item.dump();
}

// The same over the radio: with IP unreachable, the drill's order reaches the handheld over PDT
// and its answer, status and report, uplinked with no realm, are applied in the drill (the command
// finds the realm by the message and the task they name); live gets none of it.
TEST_F(FieldSync, ADrillOrderOverTheRadioIsAnsweredInTheDrill) {
  GatewayProcess pdt(dir.path(), server->router_port(), "pdt");
  enrol({"--terminal-port", std::to_string(pdt.terminal_port())});
  {
    lifeline::field::LocalDb db(field.db());
    db.set("server_url", "ws://127.0.0.1:1");
  }
  field.start({"--ip-retry-ms", "300"});
  ASSERT_TRUE(eventually([&] { return info()["link"] == "terminal"; })) << info().dump();
  auto director = login("director");
  const std::string realm = director->ok("drill.start", {{"name", "断网条件下的电台演练"}})["realm"];
  director->ok("drill.join", {{"units", {"T-P0001"}}}, realm);
  auto t1 = officer->ok("task.assign", {{"team_id", "T-P0001"}, {"what", "evacuate"}, {"precedence", "flash"}}, realm);
  ASSERT_TRUE(eventually([&] { return inbox().size() == 1; }, 30000)) << inbox().dump();
  EXPECT_EQ(inbox()[0]["channel"], "pdt");
  EXPECT_EQ(inbox()[0]["exercise"], true);
  field.run({"ack", t1["message_id"]});
  field.run({"status", "on-scene", "--task", t1["id"]});
  auto report = field.json_of({"report", "--text", "演练：经电台报告，已到达", "--task", t1["id"]})["outbox_id"].get<std::string>();
  ASSERT_TRUE(eventually([&] { return info()["pending"] == 0; }));
  auto drill_task = [&] {
    const auto tasks = officer->ok("task.list", {{"team_id", "T-P0001"}, {"open", false}}, realm)["tasks"];
    return tasks.empty() ? json() : tasks[0];
  };
  ASSERT_TRUE(eventually([&] { return drill_task().value("status", "") == "on_scene"; })) << drill_task().dump();
  ASSERT_TRUE(eventually([&] { return !officer->ok("bus.deliveries", {{"message_id", report}}, realm)["deliveries"].empty(); }));
  EXPECT_TRUE(officer->ok("task.list", {{"team_id", "T-P0001"}, {"open", false}})["tasks"].empty()) << "nothing in live";
  EXPECT_TRUE(officer->ok("bus.deliveries", {{"message_id", report}})["deliveries"].empty());
}
