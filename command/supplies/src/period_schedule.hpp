// Deadlines that open at the start of each calendar period (a month's ledgers, an enterprise's
// self-inspection, a quarter's drill filing). A tick hook on the live realm: it remembers the
// period already opened, so most ticks compare two strings and return; it reads the database once
// per period boundary (and once after a restart) and writes only when a period needs opening. A
// period that began before the deployment did is not asked for, and what is registered later in a
// period is asked from the next one.
#pragma once
#include <functional>
#include <string>

#include "lifeline/app/engine.hpp"
#include "lifeline/supplies/governance_periods.hpp"

namespace lifeline::supplies {

struct PeriodSchedule {
  std::function<GovernancePeriod(int64_t)> period_at;
  // A period is open once a deadline of this kind has a subject ending "/<tag>/<period>".
  std::string probe_kind, probe_tag;
  // Opens the period's deadlines (in one system transaction).
  std::function<void(domain::OpContext&, const GovernancePeriod&)> open_period;
};

void install_period_schedule(app::Engine& engine, PeriodSchedule schedule);

}  // namespace lifeline::supplies
