// Test helpers: the shared CAP samples and reading files.
#pragma once
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace lifeline::cap::test {

inline std::filesystem::path cap_dir() { return std::filesystem::path(LIFELINE_SOURCE_DIR) / "../shared/interop/cap"; }

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace lifeline::cap::test
