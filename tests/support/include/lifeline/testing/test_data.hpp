// Files the tests read from tests/data (the CAP samples, the field-traffic corpus: copies of the
// shared reference material kept with the code). Needs LIFELINE_SOURCE_DIR (set for every test).
#pragma once
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace lifeline::testing {

inline std::filesystem::path test_data_dir() { return std::filesystem::path(LIFELINE_SOURCE_DIR) / "tests/data"; }

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace lifeline::testing
