// No file outside the console's own files can be read over HTTP: the `//` absolute-path join that
// served /etc/passwd and live.db, encoded and doubled traversal, and symlinks in the console dir.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "lifeline/testing/http_client.hpp"
#include "lifeline/testing/server_process.hpp"

using namespace lifeline::testing;
namespace fs = std::filesystem;

TEST(StaticFiles, TraversalCorpusAndSymlinksAreRefusedConsoleFilesServed) {
  TempDir dir;
  // A console dir of our own with a file, a subfolder, and symlinks pointing out of it.
  auto console = dir.path() + "/console";
  fs::create_directories(console + "/js");
  std::ofstream(console + "/index.html") << "<!doctype html><title>console</title>";
  std::ofstream(console + "/js/app.js") << "console.log(1)";
  fs::create_symlink("/etc/passwd", console + "/passwd");
  fs::create_directory_symlink("/etc", console + "/etc");
  fs::create_symlink(dir.path() + "/data/live.db", console + "/live.db");
  fs::create_directories(dir.path() + "/data");
  ServerProcess server(dir.path() + "/data", {"--demo", "--synchronous", "NORMAL", "--console-dir", console});
  int port = server.http_port();

  auto index = http(port, "GET", "/");
  EXPECT_EQ(index.status, 200);
  EXPECT_NE(index.body.find("<title>console</title>"), std::string::npos);
  EXPECT_EQ(http(port, "GET", "/js/app.js").status, 200);
  EXPECT_EQ(http(port, "GET", "/index.html?v=2").status, 200);

  const std::string data = fs::canonical(dir.path() + "/data").string();
  const std::string corpus[] = {
      "//etc/passwd", "///etc/passwd", "//proc/self/cwd/" + data + "/live.db", "/" + data + "/live.db",
      "//" + data + "/live.db-wal", "/../../../../etc/passwd", "/js/../../../../etc/passwd",
      "/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2f..%2fetc%2fpasswd", "/%2F%2Fetc%2Fpasswd",
      "/..\\..\\..\\etc\\passwd", "/./index.html/../../../etc/passwd", "/passwd", "/etc/passwd", "/etc/hostname",
      "/live.db", "/js/", "/js", "/.", "/index.html%00.js", "/proc/self/environ", "//proc/self/environ"};
  int refused = 0;
  for (const auto& path : corpus) {
    auto r = http(port, "GET", path);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_EQ(r.body.find("root:"), std::string::npos) << path;
    EXPECT_EQ(r.body.find("SQLite format"), std::string::npos) << path;
    refused += r.status == 404;
  }
  std::printf("static files: %d of %zu traversal paths refused\n", refused, std::size(corpus));
}
