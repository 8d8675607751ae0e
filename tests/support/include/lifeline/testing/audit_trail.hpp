// The whole audit trail (audit.list), page by page: one call gives at most 1,000 events, and the
// demo city's seeding alone is several thousand, so a test that read one page would look only at
// the seed.
#pragma once
#include <cstdint>
#include <vector>

#include "lifeline/testing/ws_client.hpp"

namespace lifeline::testing {

// Every event after `after_seq`, oldest first. `auditor` is logged in as a role that may read it.
inline std::vector<nlohmann::json> audit_trail(WsClient& auditor, int64_t after_seq = 0) {
  std::vector<nlohmann::json> out;
  for (;;) {
    const auto page = auditor.ok("audit.list", {{"after_seq", after_seq}, {"limit", 1000}});
    const auto& events = page["events"];
    if (events.empty()) return out;
    for (const auto& e : events) out.push_back(e);
    after_seq = events.back()["seq"];
  }
}

}  // namespace lifeline::testing
