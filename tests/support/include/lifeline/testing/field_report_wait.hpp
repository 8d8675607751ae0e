// Waiting for a field report to be filed at its incident, as the desk's 现场报告 reads it (the
// journal's messages of kind report at that incident).
#pragma once
#include <chrono>
#include <nlohmann/json.hpp>
#include <string>

#include "lifeline/testing/eventually.hpp"
#include "lifeline/testing/ws_client.hpp"

namespace lifeline::testing {

// The journal entry of the first field report filed at `incident_id`; null if none is there within `timeout`.
inline nlohmann::json field_report_at(WsClient& desk, const std::string& incident_id,
                                      std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
  nlohmann::json filed;
  eventually([&] {
    const auto journal = desk.ok("journal.list", {{"incident_id", incident_id}, {"kinds", {"message"}}, {"limit", 50}});
    for (const auto& e : journal["entries"])
      if (e["summary"].value("message_kind", "") == "report") filed = e;
    return !filed.is_null();
  }, timeout, std::chrono::milliseconds(50));
  return filed;
}

}  // namespace lifeline::testing
