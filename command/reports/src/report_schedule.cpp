#include "lifeline/reports/report_schedule.hpp"

#include <algorithm>
#include <climits>

#include "lifeline/deadlines/deadlines.hpp"
#include "lifeline/reports/periods.hpp"
#include "lifeline/reports/reports.hpp"

namespace lifeline::reports {

namespace {
const char* period_zh(const std::string& p) { return p == "daily" ? "日报" : p == "weekly" ? "周报" : "月报"; }
}  // namespace

void ReportSchedule::install() {
  engine_.add_tick_hook([this](int64_t now) { return tick(now); });
}

int64_t ReportSchedule::tick(int64_t now) {
  auto& live = engine_.live();
  if (began_ms_ < 0) {
    auto first = live.query_one("SELECT at FROM events ORDER BY seq LIMIT 1");
    if (!first.is_null()) began_ms_ = first["at"].get<int64_t>();
  }
  int64_t next = INT64_MAX;
  for (const char* period : kPeriods) {
    auto span = period_at(period, now);
    next = std::min(next, span.end_ms);
    if (opened_[period] == span.start_date) continue;
    if (began_ms_ < 0 || span.start_ms < began_ms_) continue;  // began before the deployment did
    bool open = !live.query_one("SELECT 1 AS x FROM report_periods WHERE period = ? AND period_start = ?",
                                {period, span.start_date})
                     .is_null();
    if (!open)
      engine_.run_system("live", [&](domain::OpContext& ctx) { open_period(ctx, period, span.start_date); });
    opened_[period] = span.start_date;
  }
  return next;
}

// Each level is asked on its own cadence only: the townships for the day, the counties for the week,
// the city for the month (seed-digest §2).
void ReportSchedule::open_period(domain::OpContext& ctx, const std::string& period, const std::string& start) {
  const std::string level = period == "daily" ? "township" : period == "weekly" ? "county" : "city";
  auto units = ctx.store().query("SELECT id, kind, name, name_en FROM units WHERE kind = ? ORDER BY id", {level});
  if (units.empty()) return;  // a deployment without units yet: nothing to ask for
  json ids = json::array();
  for (const auto& u : units) ids.push_back(u["id"]);
  ctx.emit("report.period_opened", period + "/" + start, {{"period", period}, {"period_start", start}, {"units", ids}});
  auto span = *period_from(period, start);
  for (const auto& u : units) {
    std::string kind = u["kind"], name = u["name"], name_en = u["name_en"];
    deadlines::DeadlineSpec s;
    s.kind = deadline_kind(period);
    s.subject = report_id(u["id"], period, start);
    bool rollup = kind != "township";
    s.title_zh = name + " " + start + " " + period_zh(period) + (rollup ? "（汇总下级报告，含零报告）" : "（无事报零报告）");
    s.title_en = name_en + " " + period + " report for " + start +
                 (rollup ? " (summary of the reports below, zero reports included)" : " (zero report if nothing happened)");
    s.due_at = report_due_at(span, kind);
    deadlines::open(ctx, s);
  }
}

}  // namespace lifeline::reports
