// Test helpers: the CAP samples (tests/data/cap, copied from the shared reference material) and reading files.
#pragma once
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace lifeline::cap::test {

inline std::filesystem::path cap_dir() { return std::filesystem::path(LIFELINE_SOURCE_DIR) / "tests/data/cap"; }

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace lifeline::cap::test
