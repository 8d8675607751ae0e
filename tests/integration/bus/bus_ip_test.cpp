// The bus over IP with the real server: orders reach a connected team, acks come back and move the
// task, offline recipients get everything on return in precedence order, duplicates and forgeries
// are refused. Manual clock, so link windows and TTLs are exact.
#include <gtest/gtest.h>

#include <set>

#include "lifeline/testing/order_note.hpp"
#include "lifeline/testing/server_process.hpp"
#include "lifeline/testing/ws_client.hpp"

using namespace lifeline::testing;
using nlohmann::json;

namespace {

struct BusIp : ::testing::Test {
  TempDir dir;
  std::unique_ptr<ServerProcess> server =
      std::make_unique<ServerProcess>(dir.path(), std::vector<std::string>{"--demo", "--clock", "manual", "--clock-start",
                                                                            "2026-08-20T01:00:00.000Z", "--synchronous", "NORMAL"});
  std::unique_ptr<WsClient> connect(const std::string& user) {
    auto c = std::make_unique<WsClient>("127.0.0.1", server->http_port());
    c->login(user);
    return c;
  }
  // Deliveries of a message, keyed by recipient.
  std::map<std::string, json> deliveries(WsClient& c, const std::string& message_id) {
    std::map<std::string, json> out;
    auto res = c.ok("bus.deliveries", {{"message_id", message_id}});
    for (auto& d : res["deliveries"]) out[d["recipient"].get<std::string>()] = d;
    return out;
  }
  // Waits until the delivery reaches `state` (the router works asynchronously after commits).
  json wait_state(WsClient& c, const std::string& message_id, const std::string& recipient, const std::string& state) {
    json last;
    for (int i = 0; i < 200; ++i) {
      last = deliveries(c, message_id)[recipient];
      if (last.value("state", "") == state) return last;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ADD_FAILURE() << "delivery of " << message_id << " to " << recipient << " never reached " << state << ": " << last.dump();
    return last;
  }
};

}  // namespace

TEST_F(BusIp, OrderReachesConnectedTeamAndTheAnswerMovesTheTask) {
  auto lead = connect("teamlead");
  auto officer = connect("officer");
  officer->ok("board.subscribe");
  auto task = officer->ok("task.assign", {{"team_id", "T-P0001"}, {"what", "evacuate"}, {"precedence", "flash"},
                                          {"note", "转移下洋社区低洼处群众"}, {"place", {{"name", "石塘镇下洋社区"}}}});
  ASSERT_TRUE(task.contains("message_id"));
  EXPECT_EQ(task["deliveries"][0]["state"], "sent");
  EXPECT_EQ(task["deliveries"][0]["channel"], "ip");
  auto env = lead->next_of("env");
  ASSERT_TRUE(env) << "the team lead got no envelope";
  EXPECT_EQ((*env)["envelope"]["id"], task["message_id"]);
  EXPECT_EQ((*env)["envelope"]["kind"], "order");
  EXPECT_EQ((*env)["envelope"]["precedence"], "flash");
  EXPECT_EQ((*env)["envelope"]["body"]["note"], order_note(task, "转移下洋社区低洼处群众"));
  EXPECT_EQ((*env)["envelope"]["correlation_id"], task["id"]);

  lead->send({{"type", "ack"}, {"rid", "a1"}, {"id", task["message_id"]}, {"level", "device"}});
  auto res = lead->next_of("res");
  ASSERT_TRUE(res);
  EXPECT_EQ((*res)["result"]["state"], "delivered");
  lead->send({{"type", "ack"}, {"rid", "a2"}, {"id", task["message_id"]}, {"level", "human"}, {"answer", "accept"}});
  EXPECT_EQ((*lead->next_of("res"))["result"]["state"], "read");
  auto d = deliveries(*officer, task["message_id"])["team:T-P0001"];
  EXPECT_EQ(d["state"], "read");
  EXPECT_EQ(d["channel"], "ip");
  EXPECT_EQ(d["answer"], "accept");
  EXPECT_FALSE(d["sent_at"].is_null());
  EXPECT_FALSE(d["delivered_at"].is_null());
  EXPECT_FALSE(d["read_at"].is_null());
  auto t = officer->ok("task.list", {{"team_id", "T-P0001"}});
  EXPECT_EQ(t["tasks"][0]["status"], "acknowledged");
  // The officer saw the receipts as pushes.
  std::vector<std::string> states;
  for (int i = 0; i < 40 && states.size() < 3; ++i) {
    auto f = officer->next_of("push", std::chrono::milliseconds(2000));
    if (!f) break;
    if ((*f)["event"]["kind"] == "bus.delivery_changed") states.push_back((*f)["event"]["body"]["to"]);
  }
  EXPECT_EQ(states, (std::vector<std::string>{"sent", "delivered", "read"}));
  // A repeated ack (the device resends after a reconnect) changes nothing.
  lead->send({{"type", "ack"}, {"rid", "a3"}, {"id", task["message_id"]}, {"level", "device"}});
  EXPECT_EQ((*lead->next_of("res"))["result"]["state"], "read");
}

TEST_F(BusIp, RejectedOrderFailsTheTaskWithTheReason) {
  auto lead = connect("teamlead");
  auto officer = connect("officer");
  auto task = officer->ok("task.assign", {{"team_id", "T-P0001"}, {"what", "deliver"}});
  ASSERT_TRUE(lead->next_of("env"));
  EXPECT_EQ(lead->call("bus.ack", {{"id", task["message_id"]}, {"level", "human"}, {"answer", "reject"}})["error"]["code"],
            "missing_field");
  lead->ok("bus.ack", {{"id", task["message_id"]}, {"level", "human"}, {"answer", "reject"}, {"reason", "道路中断，无法通行"}});
  auto t = officer->ok("task.list", {{"team_id", "T-P0001"}, {"open", false}});
  EXPECT_EQ(t["tasks"][0]["status"], "failed");
  EXPECT_EQ(t["tasks"][0]["reason"], "rejected: 道路中断，无法通行");
  // The first receipt was already a person's answer: the message counts as delivered at that time.
  auto d = deliveries(*officer, task["message_id"])["team:T-P0001"];
  EXPECT_EQ(d["state"], "read");
  EXPECT_FALSE(d["delivered_at"].is_null());
  EXPECT_EQ(d["delivered_at"], d["read_at"]);
}

TEST_F(BusIp, OfflineTeamGetsEverythingOnReturnInPrecedenceOrder) {
  auto officer = connect("officer");
  std::vector<std::string> sent;
  for (auto prec : {"routine", "flash", "priority", "flash", "immediate"})
    sent.push_back(officer->ok("bus.send", {{"to", "team:T-P0001"}, {"kind", "text"}, {"precedence", prec},
                                            {"body", {{"text", std::string("消息 ") + prec}}}})["id"]);
  for (auto& id : sent) EXPECT_EQ(deliveries(*officer, id)["team:T-P0001"]["state"], "queued");
  // An hour later (simulated), the team comes back.
  auto admin = connect("admin");
  admin->ok("clock.advance", {{"ms", 3600 * 1000}});
  auto lead = connect("teamlead");
  std::vector<std::string> got;
  for (int i = 0; i < 5; ++i) {
    auto env = lead->next_of("env");
    ASSERT_TRUE(env) << "only " << i << " of 5 arrived";
    got.push_back((*env)["envelope"]["precedence"]);
  }
  EXPECT_EQ(got, (std::vector<std::string>{"flash", "flash", "immediate", "priority", "routine"}));
}

TEST_F(BusIp, ExpiredMessagesAreNotDeliveredAndSayWhy) {
  auto officer = connect("officer");
  auto admin = connect("admin");
  auto id = officer->ok("bus.send", {{"to", "team:T-P0007"}, {"kind", "text"}, {"ttl_ms", 60000}, {"body", {{"text", "一分钟有效"}}}})["id"];
  admin->ok("clock.advance", {{"ms", 61000}});
  auto d = wait_state(*officer, id, "team:T-P0007", "expired");
  EXPECT_EQ(d["reason"], "ttl");
  EXPECT_EQ(officer->call("bus.send", {{"to", "team:T-P0007"}, {"kind", "text"}, {"expires", "2026-08-20T00:00:00.000Z"}})["error"]["code"],
            "expired");
}

TEST_F(BusIp, DuplicatesForgeriesAndUnknownRecipients) {
  auto officer = connect("officer");
  json env = {{"id", "01a20ce8-bd03-7000-a16e-941ca2ef9c60"}, {"to", "team:T-P0001"}, {"kind", "text"}, {"body", {{"text", "一次"}}}};
  EXPECT_FALSE(officer->ok("bus.send", env).contains("duplicate"));
  EXPECT_TRUE(officer->ok("bus.send", env)["duplicate"].get<bool>());
  EXPECT_EQ(deliveries(*officer, env["id"]).size(), 1u);
  auto forged = env;
  forged["id"] = "01a20ce8-bd03-7000-a16e-941ca2ef9c61";
  forged["from"] = "user:someone-else";
  EXPECT_EQ(officer->call("bus.send", forged)["error"]["code"], "forged_sender");
  auto unknown = env;
  unknown["id"] = "01a20ce8-bd03-7000-a16e-941ca2ef9c62";
  unknown["to"] = "team:T-NOWHERE";
  EXPECT_EQ(officer->call("bus.send", unknown)["error"]["code"], "unknown_recipient");
  unknown["to"] = "mars:1";
  EXPECT_EQ(officer->call("bus.send", unknown)["error"]["code"], "unknown_recipient");
  auto big = env;
  big["id"] = "01a20ce8-bd03-7000-a16e-941ca2ef9c63";
  big["body"] = {{"text", std::string(70000, 'x')}};
  EXPECT_EQ(officer->call("bus.send", big)["error"]["code"], "body_too_large");
}

// Groups are offered by title to the desks whose scope holds every member; an empty group is
// offered to no one, and a title names one group only.
TEST_F(BusIp, GroupsAreListedByTitleWithinTheCallersScope) {
  auto officer = connect("officer");
  auto town = connect("town1");
  auto names = [](const json& list) {
    std::set<std::string> out;
    for (const auto& g : list["groups"]) out.insert(g["name"].get<std::string>());
    return out;
  };
  const auto city = officer->ok("group.list");
  EXPECT_TRUE(names(city).count("flood-P0001"));
  EXPECT_TRUE(names(city).count("squads-county-1"));
  for (const auto& g : city["groups"])
    if (g["name"] == "flood-P0001") EXPECT_EQ(g["title_zh"], "石塘镇防汛组");
  // The township desk: its own township's group, not the county's (other townships' squads).
  const auto own = town->ok("group.list");
  EXPECT_TRUE(names(own).count("flood-P0001"));
  EXPECT_FALSE(names(own).count("squads-county-1"));
  EXPECT_FALSE(names(own).count("flood-P0019"));
  // A township's empty group titled like the city's is offered to no one, and may not take a title in use.
  town->ok("group.set", {{"name", "town-empty"}, {"members", json::array()}, {"title_zh", "全市所有队伍"}});
  EXPECT_FALSE(names(officer->ok("group.list")).count("town-empty"));
  EXPECT_EQ(town->call("group.set", {{"name", "town-copy"}, {"members", {"team:T-P0001"}}, {"title_zh", "滨海县各乡镇救援队"}})["error"]["code"],
            "conflict");
  // A change of members keeps the title.
  officer->ok("group.set", {{"name", "flood-P0001"}, {"members", {"team:T-P0001"}}});
  const auto changed = officer->ok("group.list");  // kept: a range-for over a temporary's element dangles
  for (const auto& g : changed["groups"])
    if (g["name"] == "flood-P0001") EXPECT_EQ(g["title_zh"], "石塘镇防汛组");
}

TEST_F(BusIp, GroupBroadcastHasALiveTally) {
  auto officer = connect("officer");
  officer->ok("group.set", {{"name", "binhai_squads"}, {"members", {"team:T-P0001", "team:T-P0007", "team:T-P0013"}}});
  auto lead = connect("teamlead");
  auto sent = officer->ok("bus.send", {{"to", "group:binhai_squads"}, {"kind", "warning"}, {"precedence", "immediate"},
                                       {"body", {{"text", "台风红色预警，立即撤离"}}}});
  EXPECT_EQ(sent["recipients"], 3);
  auto env = lead->next_of("env");
  ASSERT_TRUE(env);
  lead->ok("bus.ack", {{"id", sent["id"]}, {"level", "device"}});
  auto all = officer->ok("bus.deliveries", {{"message_id", sent["id"]}});
  EXPECT_EQ(all["tally"]["total"], 3);
  EXPECT_EQ(all["tally"]["delivered"], 1);
  EXPECT_EQ(all["tally"]["queued"], 2);
}

TEST_F(BusIp, PositionsCoalesceLatestWins) {
  auto member = connect("member");
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i)
    ids.push_back(member->ok("bus.send", {{"to", "role:commander"}, {"kind", "position"}, {"body", {{"lat", 27.9 + i * 0.01}, {"lon", 120.0}}}})["id"]);
  auto officer = connect("officer");
  auto commander_delivery = [&](const std::string& id) {
    return officer->ok("bus.deliveries", {{"message_id", id}})["deliveries"][0];
  };
  EXPECT_EQ(commander_delivery(ids[0])["state"], "expired");
  EXPECT_EQ(commander_delivery(ids[1])["state"], "expired");
  EXPECT_NE(commander_delivery(ids[2])["state"], "expired");
  EXPECT_NE(commander_delivery(ids[0])["reason"].get<std::string>().find("superseded"), std::string::npos);
}

// A message sent in a drill is acknowledged in the drill: acks name only the message, and the
// server finds the realm it was sent in. Nothing changes in live.
TEST_F(BusIp, DrillMessageIsAcknowledgedInTheDrillAndLiveIsUntouched) {
  auto director = connect("director");
  std::string realm = director->ok("drill.start", {{"name", "无脚本通信演练"}})["realm"];
  auto lead = std::make_unique<WsClient>("127.0.0.1", server->http_port());
  std::string lead_id = lead->login("teamlead")["user"]["id"];
  auto live_before = director->ok("bus.deliveries", {{"correlation_id", "drill-check"}});
  // Not before the squad joins the drill: nothing of a drill reaches who does not take part.
  json to_lead = {{"to", "user:" + lead_id}, {"kind", "text"}, {"precedence", "flash"}, {"realm", realm}, {"body", {{"text", "演练：集合"}}}};
  EXPECT_EQ(director->call("bus.send", to_lead, realm)["error"]["code"], "not_participant");
  EXPECT_FALSE(lead->next_of("env", std::chrono::milliseconds(500)));
  EXPECT_EQ(lead->ok("drill.join", json::object(), realm)["joined"], json({"T-P0001"})) << "the handheld's team joins itself";
  auto sent = director->ok("bus.send", {{"to", "user:" + lead_id}, {"kind", "text"}, {"precedence", "flash"},
                                        {"correlation_id", "drill-check"}, {"realm", realm}, {"body", {{"text", "演练：集合"}}}},
                           realm);
  auto env = lead->next_of("env");
  ASSERT_TRUE(env);
  EXPECT_EQ((*env)["envelope"]["realm"], realm);
  lead->send({{"type", "ack"}, {"rid", "d1"}, {"id", sent["id"]}, {"level", "device"}});
  auto res = lead->next_of("res");
  ASSERT_TRUE(res);
  EXPECT_EQ((*res)["ok"], true) << res->dump();
  EXPECT_EQ((*res)["result"]["state"], "delivered");
  lead->send({{"type", "ack"}, {"rid", "d2"}, {"id", sent["id"]}, {"level", "human"}});
  EXPECT_EQ(lead->next_of("res").value()["result"]["state"], "read");
  auto in_drill = director->ok("bus.deliveries", {{"message_id", sent["id"]}}, realm);
  ASSERT_EQ(in_drill["deliveries"].size(), 1u);
  EXPECT_EQ(in_drill["deliveries"][0]["state"], "read");
  // Live never saw the message nor its receipts.
  EXPECT_EQ(director->ok("bus.deliveries", {{"message_id", sent["id"]}})["deliveries"].size(), 0u);
  EXPECT_EQ(director->ok("bus.deliveries", {{"correlation_id", "drill-check"}}), live_before);
}
