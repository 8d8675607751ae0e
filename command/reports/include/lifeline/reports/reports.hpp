// Routine reports township -> county -> city: operation registration and the module's install.
#pragma once
#include <string>
#include <vector>

#include "lifeline/app/engine.hpp"
#include "lifeline/domain/op_registry.hpp"

namespace lifeline::reports {

using nlohmann::json;

// The figures a report may carry (non-negative counts; a roll-up sums its children's).
inline const std::vector<std::string> kFigures = {"incidents", "dead",           "missing",           "injured",
                                                  "evacuated", "hazards_found", "hazards_rectified", "losses_yuan"};

// Deadline kind of a period's reports: report.daily, report.weekly, report.monthly.
inline std::string deadline_kind(const std::string& period) { return "report." + period; }
// One report per unit and period: "<unit>/<period>/<YYYY-MM-DD>", also its deadline's subject.
inline std::string report_id(const std::string& unit, const std::string& period, const std::string& start) {
  return unit + "/" + period + "/" + start;
}

// report.submit, report.get, report.list.
void register_report_ops(domain::OpRegistry& r);
// report.rollup.
void register_rollup_ops(domain::OpRegistry& r);

// The bureau's cadence (seed-digest §2 日报告、周汇总、月总结): townships report daily to the county,
// counties send a weekly summary to the city, the city reports monthly. "" for any other kind.
std::string cadence_of(const std::string& unit_kind);

// What a county's or the city's children said for its period: a county's week is its townships'
// daily reports of that week, the city's month is its counties' weekly summaries of the weeks that
// end in that month. Figures summed; each child reported something, reported nothing (零报告) or is
// missing a report for a sub-period that has begun.
struct Rollup {
  json sums = json::object();
  // not_asked: none of the child's reports in the period was asked for (before the deployment,
  // or while it was down) and none came in: neither a zero report nor missing.
  std::vector<std::string> submitted, zero, missing, not_asked;
  // [{unit_id, name, name_en, status: reported|zero|missing|not_asked, figures?, reports[]{period_start,
  //   status, figures?, submitted_at?, deadline?}}]
  json children = json::array();
};
// The child kind of a reporting unit kind ("" for townships: they have no children to roll up).
std::string child_kind(const std::string& unit_kind);
Rollup rollup_of(domain::OpContext& ctx, const std::string& unit_id, const std::string& unit_kind,
                 const std::string& period, const std::string& start);

// Registers the ops; the node also installs a ReportSchedule (report_schedule.hpp).
void install(app::Engine& engine);

}  // namespace lifeline::reports
