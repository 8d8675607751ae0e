// X-Forwarded-For names the client only when the connection comes from a configured reverse proxy
// (--trusted-proxies); from anyone else it is ignored, so a client cannot choose the address its
// failed logins are counted and logged under.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "lifeline/testing/field_client.hpp"
#include "lifeline/testing/server_process.hpp"
#include "lifeline/testing/ws_client.hpp"

using namespace lifeline::testing;

namespace {

// The remote address auth_log recorded for the last login attempt.
std::string last_logged_remote(const std::string& data_dir) {
  sqlite3* db = nullptr;
  std::string remote;
  if (sqlite3_open_v2((data_dir + "/live.db").c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT remote FROM auth_log ORDER BY rowid DESC LIMIT 1", -1, &st, nullptr) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
      remote = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  return remote;
}

std::string failed_login_remote(const std::vector<std::string>& server_flags) {
  TempDir dir;
  std::vector<std::string> args = {"--demo", "--synchronous", "NORMAL"};
  args.insert(args.end(), server_flags.begin(), server_flags.end());
  ServerProcess server(dir.path(), args);
  WsClient client("127.0.0.1", server.http_port(), {{"X-Forwarded-For", "198.51.100.1, 203.0.113.7"}});
  auto res = client.call("auth.login", {{"username", "officer"}, {"password", "wrong-password"}});
  EXPECT_FALSE(res.value("ok", true));
  return last_logged_remote(dir.path());
}

}  // namespace

TEST(ForwardedFor, IgnoredUnlessThePeerIsATrustedProxy) {
  EXPECT_EQ(failed_login_remote({}).rfind("127.0.0.1:", 0), 0u);
  EXPECT_EQ(failed_login_remote({"--trusted-proxies", "192.0.2.9"}).rfind("127.0.0.1:", 0), 0u);
}

TEST(ForwardedFor, ATrustedProxysLastEntryNamesTheClient) {
  EXPECT_EQ(failed_login_remote({"--trusted-proxies", "192.0.2.9, 127.0.0.1"}), "203.0.113.7");
}

TEST(ForwardedFor, ATrustedProxyThatIsNotAnAddressStopsTheServer) {
  TempDir dir;
  auto r = run_program({binary("command/main/lifeline-command"), "--port", "0", "--data-dir", dir.path(), "--trusted-proxies",
                        "proxy.example"},
                       20000);
  EXPECT_NE(r.rc, 0);
  EXPECT_NE(r.err.find("trusted proxy must be a numeric IP address"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("可信代理"), std::string::npos) << r.err;
}
