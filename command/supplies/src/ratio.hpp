// A rate as the seeds ask for it (seed-digest §10): numerator and denominator, the rate derived and
// null when there is nothing to divide by. One definition for every metric of the summary.
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>

namespace lifeline::supplies {

inline nlohmann::json ratio(int64_t num, int64_t den) {
  return {{"numerator", num}, {"denominator", den}, {"rate", den > 0 ? nlohmann::json(double(num) / double(den)) : nlohmann::json()}};
}

}  // namespace lifeline::supplies
