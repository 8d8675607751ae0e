// Shared by the field client's integration and fault tests: a real lifeline-command (manual clock,
// demo city), an officer and an admin over WebSocket, and helpers that read the centre's record.
#pragma once
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <thread>

#include "lifeline/testing/eventually.hpp"
#include "lifeline/testing/field_client.hpp"
#include "lifeline/testing/server_process.hpp"
#include "lifeline/testing/ws_client.hpp"

namespace lifeline::testing {

struct FieldFixture : ::testing::Test {
  TempDir dir;
  std::unique_ptr<ServerProcess> server = std::make_unique<ServerProcess>(
      dir.path(), std::vector<std::string>{"--demo", "--clock", "manual", "--clock-start", "2026-08-20T01:00:00.000Z", "--synchronous", "NORMAL"});
  std::unique_ptr<WsClient> officer = login("officer");
  std::unique_ptr<WsClient> admin = login("admin");
  FieldClient field{dir.path()};

  std::unique_ptr<WsClient> login(const std::string& user) {
    auto c = std::make_unique<WsClient>("127.0.0.1", server->http_port());
    c->login(user);
    return c;
  }
  std::string url() const { return "ws://127.0.0.1:" + std::to_string(server->http_port()); }
  void enrol(std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"enrol", "--server", url(), "--user", "teamlead", "--password", "lifeline-demo"};
    args.insert(args.end(), extra.begin(), extra.end());
    auto r = field.run(args);
    ASSERT_EQ(r.rc, 0) << r.err;
  }
  nlohmann::json info() { return field.json_of({"info"}); }
  nlohmann::json inbox() { return field.json_of({"inbox", "--json"}); }
  bool synced() {
    auto i = info();
    return i["pending"] == 0 && i["unconfirmed"] == 0;
  }
  // Every event of the live log (admin audit.list, paged).
  std::vector<nlohmann::json> events() {
    std::vector<nlohmann::json> out;
    int64_t after = 0;
    for (;;) {
      auto res = admin->ok("audit.list", {{"after_seq", after}, {"limit", 1000}});
      auto page = res["events"];
      if (page.empty()) break;
      for (auto& e : page) out.push_back(e);
      after = page.back()["seq"];
      if (page.size() < 1000) break;
    }
    return out;
  }
  std::map<std::string, int> count_by_subject(const std::string& kind) {
    std::map<std::string, int> n;
    for (auto& e : events())
      if (e["kind"] == kind) ++n[e["subject"].get<std::string>()];
    return n;
  }
  nlohmann::json delivery(const std::string& message_id) {
    auto d = officer->ok("bus.deliveries", {{"message_id", message_id}})["deliveries"];
    return d.empty() ? nlohmann::json() : d[0];
  }
  nlohmann::json task(const std::string& id) {
    auto all = officer->ok("task.list", {{"team_id", "T-P0001"}, {"open", false}});
    for (auto& t : all["tasks"])
      if (t["id"] == id) return t;
    return nullptr;
  }
};

}  // namespace lifeline::testing
