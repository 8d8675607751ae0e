// A real lifeline-command with the demo city on a free port, per test.
#pragma once
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <memory>

#include "lifeline/testing/server_process.hpp"
#include "lifeline/testing/ws_client.hpp"

namespace lifeline::testing {

struct ServerFixture : ::testing::Test {
  TempDir dir;
  std::unique_ptr<ServerProcess> server;
  std::vector<std::string> extra_args;

  void SetUp() override { server = std::make_unique<ServerProcess>(dir.path(), args()); }
  virtual std::vector<std::string> args() { return {"--demo", "--synchronous", "NORMAL"}; }
  std::unique_ptr<WsClient> client() { return std::make_unique<WsClient>("127.0.0.1", server->http_port()); }
  std::unique_ptr<WsClient> logged_in(const std::string& user) {
    auto c = client();
    c->login(user);
    return c;
  }
  // The event log as text, read through a separate read-only connection (WAL allows it).
  std::string event_log() {
    sqlite3* db = nullptr;
    sqlite3_open_v2((dir.path() + "/live.db").c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    std::string out;
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, "SELECT seq, at, actor, kind, subject, channel, body FROM events ORDER BY seq", -1, &st, nullptr);
    while (sqlite3_step(st) == SQLITE_ROW) {
      for (int c = 0; c < 7; ++c) {
        auto t = sqlite3_column_text(st, c);
        out += t ? reinterpret_cast<const char*>(t) : "";
        out += '|';
      }
      out += '\n';
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return out;
  }
};

}  // namespace lifeline::testing
