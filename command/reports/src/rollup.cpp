// Roll-ups: a county sums its townships' reports for a period, the city its counties'. A zero
// report counts as reported (nothing to report is a report); no report is listed as missing, with
// its deadline's state so the overdue ones stand out.
#include "lifeline/api_error.hpp"
#include "lifeline/domain/body_reader.hpp"
#include "lifeline/reports/periods.hpp"
#include "lifeline/reports/reports.hpp"
#include "lifeline/time_format.hpp"

namespace lifeline::reports {

using domain::BodyReader;
using domain::OpContext;

std::string child_kind(const std::string& unit_kind) {
  if (unit_kind == "city") return "county";
  if (unit_kind == "county") return "township";
  return "";
}

Rollup rollup_of(OpContext& ctx, const std::string& unit_id, const std::string& unit_kind, const std::string& period,
                 const std::string& start) {
  Rollup r;
  for (const auto& f : kFigures) r.sums[f] = 0;
  auto& s = ctx.store();
  auto children = s.query("SELECT id, name, name_en FROM units WHERE parent_id = ? AND kind = ? ORDER BY id",
                          {unit_id, child_kind(unit_kind)});
  for (auto& c : children) {
    std::string id = c["id"];
    auto rid = report_id(id, period, start);
    auto rep = s.query_one("SELECT zero, figures, submitted_at FROM reports WHERE id = ?", {rid});
    json child = {{"unit_id", id}, {"name", c["name"]}, {"name_en", c["name_en"]}};
    if (rep.is_null()) {
      child["status"] = "missing";
      r.missing.push_back(id);
    } else {
      auto figures = json::parse(rep["figures"].get<std::string>());
      for (auto& [k, v] : figures.items()) r.sums[k] = r.sums[k].get<int64_t>() + v.get<int64_t>();
      bool zero = rep["zero"].get<int64_t>() == 1;
      child["status"] = zero ? "zero" : "reported";
      child["figures"] = figures;
      child["submitted_at"] = format_rfc3339_ms(rep["submitted_at"].get<int64_t>());
      (zero ? r.zero : r.submitted).push_back(id);
    }
    auto dl = s.query_one("SELECT id, due_at, status, escalation_level, met_at, on_time FROM deadlines WHERE kind = ? "
                          "AND subject = ? ORDER BY opened_at DESC LIMIT 1",
                          {deadline_kind(period), rid});
    if (!dl.is_null()) {
      dl["due_at"] = format_rfc3339_ms(dl["due_at"].get<int64_t>());
      if (!dl["met_at"].is_null()) dl["met_at"] = format_rfc3339_ms(dl["met_at"].get<int64_t>());
      child["deadline"] = dl;
    }
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
          {"children", roll.children},
          {"report", own}};
}

}  // namespace

void register_rollup_ops(domain::OpRegistry& r) { r.add("report.rollup", report_rollup, false); }

}  // namespace lifeline::reports
