/**
 * The report schedule: when a day, week or month begins, every township, county and the city gets
 * a report deadline for it (kind report.<period>, subject = the report id), due on the period's
 * last day at 16:00 local (townships), 18:00 (counties, after their townships) and 20:00 (the
 * city). A deadline missed escalates like any other (the deadline service does it).
 *
 * Operation: a tick hook on the live realm. It remembers the periods already opened, so most ticks
 * compare three strings and return; it reads the database once per period boundary (and once after
 * a restart) and writes only when a period needs opening. A period the node was down through is
 * not opened afterwards: only the current one is. Nor is a period that began before the deployment
 * did (its first event, e.g. the demo seed): a fresh deployment is first asked for the period that
 * starts after it came up, not for one that is half over or already overdue.
 *
 * Concurrency: state thread only (installed before Engine::start()).
 */
#pragma once
#include <map>
#include <string>

#include "lifeline/app/engine.hpp"

namespace lifeline::reports {

class ReportSchedule {
 public:
  explicit ReportSchedule(app::Engine& engine) : engine_(engine) {}
  void install();

 private:
  int64_t tick(int64_t now);
  void open_period(domain::OpContext& ctx, const std::string& period, const std::string& start);
  app::Engine& engine_;
  std::map<std::string, std::string> opened_;  // period -> first day of the period known to be open
  int64_t began_ms_ = -1;                      // time of the live realm's first event; -1 = none yet
};

}  // namespace lifeline::reports
