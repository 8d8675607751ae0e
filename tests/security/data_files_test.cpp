// The data files are the owner's alone: live.db (password hashes, session hashes, the whole event
// log) was world-readable, and so were its WAL and shared-memory files and the drill databases.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

#include "lifeline/testing/server_process.hpp"
#include "lifeline/testing/ws_client.hpp"

using namespace lifeline::testing;
namespace fs = std::filesystem;

namespace {
unsigned mode_of(const fs::path& p) {
  struct stat st {};
  if (::stat(p.c_str(), &st) != 0) return 0;
  return st.st_mode & 0777;
}
}  // namespace

TEST(DataFiles, DatabasesWalAndShmAreOwnerOnly) {
  TempDir dir;
  ServerProcess server(dir.path(), {"--demo", "--synchronous", "NORMAL"});
  WsClient admin("127.0.0.1", server.http_port());
  admin.login("admin");
  auto drill = admin.ok("drill.start", {{"name", "权限检查"}});

  std::vector<fs::path> files;
  for (const auto& f : fs::directory_iterator(dir.path())) {
    auto name = f.path().filename().string();
    if (name.find(".db") != std::string::npos) files.push_back(f.path());
  }
  auto has = [&](const std::string& suffix) {
    for (const auto& f : files)
      if (f.string().size() >= suffix.size() && f.string().compare(f.string().size() - suffix.size(), suffix.size(), suffix) == 0) return true;
    return false;
  };
  ASSERT_TRUE(has("live.db") && has("live.db-wal") && has("live.db-shm")) << "expected live.db with its WAL and shm";
  std::string drill_db = "drill-" + drill["id"].get<std::string>() + ".db";
  ASSERT_TRUE(has(drill_db));
  for (const auto& f : files) EXPECT_EQ(mode_of(f), 0600u) << f << " has mode " << std::oct << mode_of(f);
  std::printf("data files: %zu database files, all 0600\n", files.size());
}
