// Test helpers: the CAP samples (tests/data/cap) and reading files.
#pragma once
#include "lifeline/testing/test_data.hpp"

namespace lifeline::cap::test {

inline std::filesystem::path cap_dir() { return testing::test_data_dir() / "cap"; }
using testing::read_file;

}  // namespace lifeline::cap::test
