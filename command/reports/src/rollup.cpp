// Roll-ups on the bureau's cadence: a county's weekly summary sums its townships' daily reports of
// the week, the city's monthly report its counties' weekly summaries of the weeks ending in the
// month. A zero report counts as reported (nothing to report is a report); a sub-period that has
// begun without a report is missing, with its deadline's state so the overdue ones stand out.
#include <set>

#include "lifeline/api_error.hpp"
#include "lifeline/domain/body_reader.hpp"
#include "lifeline/reports/periods.hpp"
#include "lifeline/reports/reports.hpp"
#include "lifeline/time_format.hpp"

namespace lifeline::reports {

using domain::BodyReader;
using domain::OpContext;

std::string cadence_of(const std::string& unit_kind) {
  if (unit_kind == "township") return "daily";
  if (unit_kind == "county") return "weekly";
  if (unit_kind == "city") return "monthly";
  return "";
}

std::string child_kind(const std::string& unit_kind) {
  if (unit_kind == "city") return "county";
  if (unit_kind == "county") return "township";
  return "";
}

namespace {

constexpr int64_t kDayMs = 24LL * 3600 * 1000;

// The children's periods inside `span` that have begun by `now`: the days of a week, or the weeks
// whose Sunday falls in a month.
std::vector<PeriodSpan> sub_periods(const std::string& child_period, const PeriodSpan& span, int64_t now) {
  std::vector<PeriodSpan> out;
  if (child_period == "daily") {
    for (int64_t t = span.start_ms; t < span.end_ms && t <= now; t += kDayMs) out.push_back(period_at("daily", t));
  } else {
    for (auto w = period_at("weekly", span.start_ms); w.start_ms < span.end_ms; w = period_at("weekly", w.end_ms))
      if (w.end_ms - kDayMs >= span.start_ms && w.end_ms - kDayMs < span.end_ms && w.start_ms <= now) out.push_back(w);
  }
  return out;
}

}  // namespace

Rollup rollup_of(OpContext& ctx, const std::string& unit_id, const std::string& unit_kind, const std::string& period,
                 const std::string& start) {
  Rollup r;
  for (const auto& f : kFigures) r.sums[f] = 0;
  auto& s = ctx.store();
  const std::string kid = child_kind(unit_kind), kid_period = cadence_of(kid);
  const auto span = period_from(period, start);
  const auto subs = span ? sub_periods(kid_period, *span, ctx.now()) : std::vector<PeriodSpan>{};
  std::set<std::string> opened;
  for (const auto& row : s.query("SELECT period_start FROM report_periods WHERE period = ?", {kid_period}))
    opened.insert(row["period_start"].get<std::string>());
  auto children = s.query("SELECT id, name, name_en FROM units WHERE parent_id = ? AND kind = ? ORDER BY id", {unit_id, kid});
  for (auto& c : children) {
    std::string id = c["id"];
    json child = {{"unit_id", id}, {"name", c["name"]}, {"name_en", c["name_en"]}};
    json figures = json::object(), reports = json::array();
    for (const auto& f : kFigures) figures[f] = 0;
    bool any_missing = false, any_figures = false;
    for (const auto& sub : subs) {
      auto rid = report_id(id, kid_period, sub.start_date);
      json one = {{"period_start", sub.start_date}};
      auto rep = s.query_one("SELECT zero, figures, submitted_at FROM reports WHERE id = ?", {rid});
      // A day or week the schedule never asked for (before the deployment, or while it was down)
      // is not missing; a report sent for it anyway still counts.
      if (rep.is_null() && !opened.count(sub.start_date)) continue;
      if (rep.is_null()) {
        one["status"] = "missing";
        any_missing = true;
      } else {
        auto f = json::parse(rep["figures"].get<std::string>());
        for (auto& [k, v] : f.items()) figures[k] = figures[k].get<int64_t>() + v.get<int64_t>();
        bool zero = rep["zero"].get<int64_t>() == 1;
        any_figures |= !zero;
        one["status"] = zero ? "zero" : "reported";
        one["figures"] = f;
        one["submitted_at"] = format_rfc3339_ms(rep["submitted_at"].get<int64_t>());
      }
      auto dl = s.query_one("SELECT id, due_at, status, escalation_level, met_at, on_time FROM deadlines WHERE kind = ? "
                            "AND subject = ? ORDER BY opened_at DESC LIMIT 1",
                            {deadline_kind(kid_period), rid});
      if (!dl.is_null()) {
        dl["due_at"] = format_rfc3339_ms(dl["due_at"].get<int64_t>());
        if (!dl["met_at"].is_null()) dl["met_at"] = format_rfc3339_ms(dl["met_at"].get<int64_t>());
        one["deadline"] = dl;
      }
      reports.push_back(one);
    }
    for (auto& [k, v] : figures.items()) r.sums[k] = r.sums[k].get<int64_t>() + v.get<int64_t>();
    // Missing if any report that was due to have begun is not in; else reported if any carried
    // something, else nothing to report; not asked when no report was due and none came in.
    std::string status = reports.empty() ? "not_asked" : any_missing ? "missing" : any_figures ? "reported" : "zero";
    child["status"] = status;
    child["figures"] = figures;
    child["reports"] = reports;
    (status == "missing" ? r.missing : status == "zero" ? r.zero : status == "not_asked" ? r.not_asked : r.submitted).push_back(id);
    r.children.push_back(child);
  }
  return r;
}

namespace {

json report_rollup(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto unit = r.str("unit", 64);
  auto period = r.one_of("period", {"daily", "weekly", "monthly"});
  auto start = r.str("period_start", 10);
  r.finish();
  auto u = ctx.must_find("units", unit);
  std::string kind = u["kind"];
  if (child_kind(kind).empty())
    throw ApiError("bad_field", "body.unit: only a county or the city rolls up reports", "正文.unit：仅县级、市级汇总报告");
  if (period != cadence_of(kind))
    throw ApiError("bad_field", "body.period: a county sums its townships' week (weekly), the city its counties' month (monthly)",
                   "正文.period：县级按周汇总乡镇日报，市级按月汇总各县周报");
  ctx.require_scope(unit);
  auto span = period_from(period, start);
  if (!span)
    throw ApiError("bad_field", "body.period_start: the first day (YYYY-MM-DD) of a " + period + " period",
                   "正文.period_start：应为报告期首日（YYYY-MM-DD）");
  if (span->start_ms > ctx.now()) throw ApiError("period_in_future", start);
  auto roll = rollup_of(ctx, unit, kind, period, start);
  auto own = ctx.store().query_one("SELECT * FROM reports WHERE id = ?", {report_id(unit, period, start)});
  if (!own.is_null()) {
    for (const char* k : {"figures", "own_figures", "children"})
      if (!own[k].is_null()) own[k] = json::parse(own[k].get<std::string>());
    own["zero"] = own["zero"].get<int64_t>() == 1;
    own["submitted_at"] = format_rfc3339_ms(own["submitted_at"].get<int64_t>());
  }
  return {{"unit", unit},
          {"period", period},
          {"period_start", start},
          {"due_at", format_rfc3339_ms(report_due_at(*span, kind))},
          {"sums", roll.sums},
          {"submitted", roll.submitted},
          {"reported_nothing", roll.zero},
          {"missing", roll.missing},
          {"not_asked", roll.not_asked},
          {"children", roll.children},
          {"report", own}};
}

}  // namespace

void register_rollup_ops(domain::OpRegistry& r) { r.add("report.rollup", report_rollup, false); }

}  // namespace lifeline::reports
