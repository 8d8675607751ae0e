// The calendar of hazard governance in China Standard Time (UTC+8): months ("YYYY-MM") whose
// ledgers are confirmed before the 5th (seed-digest §2), and quarters ("YYYY-Qn") of the look-back
// re-check (seed-digest §4). Calendar days: the digest names no working days here.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace lifeline::supplies {

struct GovernancePeriod {
  std::string name;      // 2026-10 or 2026-Q4
  int64_t start_ms = 0;  // local midnight of the first day, UTC ms
  int64_t end_ms = 0;    // the next period's start
};

// The month containing `ms`, and a month by name (nullopt if malformed).
GovernancePeriod month_at(int64_t ms);
std::optional<GovernancePeriod> month_named(const std::string& yyyy_mm);
// "Before the 5th": the ledger is due at 00:00 local on the 5th of its month.
int64_t ledger_due_at(const GovernancePeriod& month);

GovernancePeriod quarter_at(int64_t ms);
std::optional<GovernancePeriod> quarter_named(const std::string& yyyy_qn);
// The quarter before `q`.
GovernancePeriod quarter_before(const GovernancePeriod& q);

}  // namespace lifeline::supplies
