// The calendar of hazard governance in China Standard Time (UTC+8): months ("YYYY-MM") whose
// ledgers are confirmed before the 5th (seed-digest §2), quarters ("YYYY-Qn") of the look-back
// re-check (seed-digest §4), ISO weeks ("YYYY-Www", Monday to Sunday) of the exposure board and
// the townships' screening, and half-months ("YYYY-MM-H1": 1st–15th, "-H2": 16th–end) of the
// villages' screening. Calendar days: the digest names no working days here.
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

// ISO 8601 weeks: a week belongs to the year of its Thursday (2026-12-28 is in 2026-W53).
GovernancePeriod week_at(int64_t ms);
std::optional<GovernancePeriod> week_named(const std::string& yyyy_www);
GovernancePeriod week_before(const GovernancePeriod& w);

GovernancePeriod half_month_at(int64_t ms);
std::optional<GovernancePeriod> half_month_named(const std::string& yyyy_mm_hn);

// A period's name in Chinese, as deadline titles say it: 2026年10月, 2026年第4季度, 2026年第41周,
// 2026年10月上半月. Expects a name these functions made.
std::string period_name_zh(const std::string& name);

}  // namespace lifeline::supplies
