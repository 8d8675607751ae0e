// Arbitrary bytes as a drill scenario file (the director uploads it; schema/drills.md): either a
// scenario whose injects are in time order with unique ids, or errors with a line and column;
// never a crash or an exception out of the loader.
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string_view>

#include "lifeline/drills/scenario.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto got = lifeline::drills::load_scenario(std::string_view(reinterpret_cast<const char*>(data), size));
  if (got.scenario.has_value() == !got.errors.empty()) std::abort();
  for (const auto& e : got.errors)
    if (e.line < 0 || e.column < 0 || e.reason.empty()) std::abort();
  if (!got.scenario) return 0;
  std::set<std::string> ids;
  int64_t last = 0;
  for (const auto& i : got.scenario->injects) {
    if (!i.at_ms || *i.at_ms < last || !ids.insert(i.id).second) std::abort();
    last = *i.at_ms;
  }
  return 0;
}
