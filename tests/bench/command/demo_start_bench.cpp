// How long the demo city takes to come up on an empty data directory (seeding included) and how
// big its database is then, at the demo's real password cost and at the tests' minimum cost.
// "Up" is the moment the server has written its port file: it is listening and serving.
// Usage: bench_demo_start [runs=3]
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "lifeline/testing/server_process.hpp"

using namespace lifeline::testing;
namespace fs = std::filesystem;

namespace {

// The SQLite files (live.db and its WAL), not the server's log beside them.
uintmax_t database_bytes(const fs::path& dir) {
  uintmax_t n = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file() && e.path().filename().string().find(".db") != std::string::npos) n += e.file_size();
  return n;
}

}  // namespace

int main(int argc, char** argv) {
  const int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 3;
  for (const char* cost : {"interactive", "min"}) {
    double best = 1e9, total = 0;
    uintmax_t size = 0;
    for (int i = 0; i < runs; ++i) {
      TempDir dir;
      auto t0 = std::chrono::steady_clock::now();
      ServerProcess server(dir.path(), {"--demo", "--password-cost", cost, "--clock", "system"});
      double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      best = std::min(best, s);
      total += s;
      server.stop();  // a clean stop checkpoints the WAL: the size is the database's own
      size = database_bytes(server.data_dir());
    }
    std::printf("{\"bench\":\"demo_start\",\"password_cost\":\"%s\",\"runs\":%d,\"best_s\":%.3f,\"mean_s\":%.3f,\"database_bytes\":%ju}\n",
                cost, runs, best, total / runs, size);
  }
  return 0;
}
