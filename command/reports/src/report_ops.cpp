// Submitting a report for one unit and period (a township with nothing to report submits a zero
// report: that is a report), reading reports back. Each unit reports on its level's cadence
// (cadence_of). A county's weekly or the city's monthly submission is its roll-up: its own figures
// plus its children's, with the children that reported nothing and those missing recorded as they
// stood. Submitting meets the unit's report deadline for the period.
#include "lifeline/api_error.hpp"
#include "lifeline/deadlines/deadlines.hpp"
#include "lifeline/domain/body_reader.hpp"
#include "lifeline/reports/periods.hpp"
#include "lifeline/reports/reports.hpp"
#include "lifeline/time_format.hpp"

namespace lifeline::reports {

using domain::BodyReader;
using domain::OpContext;

namespace {

constexpr int64_t kMaxFigure = 1'000'000'000'000LL;

json read_figures(BodyReader& r) {
  json out = json::object();
  auto f = r.opt_object("figures");
  if (!f) return out;
  for (const auto& k : kFigures)
    if (auto v = f->opt_integer(k.c_str(), 0, kMaxFigure)) out[k] = *v;
  f->finish();  // a figure not in the catalogue is unknown_field
  return out;
}

bool any_positive(const json& figures) {
  for (const auto& [k, v] : figures.items())
    if (v.get<int64_t>() > 0) return true;
  return false;
}

json wire(json rep) {
  for (const char* k : {"figures", "own_figures", "children"})
    if (!rep[k].is_null()) rep[k] = json::parse(rep[k].get<std::string>());
  rep["zero"] = rep["zero"].get<int64_t>() == 1;
  rep["submitted_at"] = format_rfc3339_ms(rep["submitted_at"].get<int64_t>());
  return rep;
}

json report_submit(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto unit = r.str("unit", 64);
  auto period = r.one_of("period", {"daily", "weekly", "monthly"});
  auto start = r.str("period_start", 10);
  bool zero = r.boolean("zero");
  auto own = read_figures(r);
  auto text = r.opt_str("text", 4000).value_or("");
  auto client_key = r.opt_str("client_key", 100);
  r.finish();
  auto id = report_id(unit, period, start);
  auto& s = ctx.store();
  if (client_key) {
    // Idempotent by client key: the resubmission of a lost ack returns the first report unchanged.
    auto prev = s.query_one("SELECT id FROM reports WHERE client_key = ?", {*client_key});
    if (!prev.is_null()) {
      if (prev["id"] != id)
        throw ApiError("conflict", "client_key already used for report " + prev["id"].get<std::string>(),
                       "client_key 已用于报告 " + prev["id"].get<std::string>());
      return {{"id", id}, {"duplicate", true}};
    }
  }
  auto u = s.query_one("SELECT kind FROM units WHERE id = ?", {unit});
  if (u.is_null()) throw ApiError("not_found", "body.unit: no unit " + unit, "正文.unit：无此单位 " + unit);
  std::string kind = u["kind"];
  if (kind != "township" && kind != "county" && kind != "city")
    throw ApiError("bad_field", "body.unit: " + unit + " is a " + kind + "; townships, counties and the city report",
                   "正文.unit：" + unit + " 不是报告单位（乡镇、县、市）");
  ctx.require_scope(unit);
  if (period != cadence_of(kind))
    throw ApiError("bad_field", "body.period: " + unit + " is a " + kind + " and reports " + cadence_of(kind) +
                                    " (townships daily to the county, counties weekly to the city, the city monthly)",
                   "正文.period：" + unit + " 应报" + (kind == "township" ? "日报" : kind == "county" ? "周报" : "月报") +
                       "（乡镇向县日报告、县向市周汇总、市级月总结）");
  auto span = period_from(period, start);
  if (!span)
    throw ApiError("bad_field", "body.period_start: the first day (YYYY-MM-DD) of a " + period + " period" +
                                    (period == "weekly" ? " (a Monday)" : period == "monthly" ? " (the 1st)" : ""),
                   "正文.period_start：应为报告期首日（YYYY-MM-DD；周报为周一，月报为1日）");
  if (span->start_ms > ctx.now())
    throw ApiError("period_in_future", period + " " + start, "报告期 " + start + " 尚未开始");
  if (zero && any_positive(own))
    throw ApiError("bad_field", "body.figures: a zero report (zero: true) carries no figures", "正文.figures：零报告不应有数字");
  if (!zero && !any_positive(own) && text.empty() && kind == "township")
    throw ApiError("bad_field", "body: nothing in the report; send zero: true for a zero report",
                   "正文：报告无内容；无事可报请报零报告（zero: true）");
  if (!s.query_one("SELECT id FROM reports WHERE id = ?", {id}).is_null())
    throw ApiError("report_exists", id, id);
  json figures = json::object();
  for (const auto& k : kFigures) figures[k] = own.value(k, int64_t{0});
  json ev = {{"unit_id", unit}, {"period", period}, {"period_start", start}, {"own_figures", own}, {"text", text}};
  if (client_key) ev["client_key"] = *client_key;
  if (!child_kind(kind).empty()) {
    auto roll = rollup_of(ctx, unit, kind, period, start);
    for (const auto& k : kFigures) figures[k] = figures[k].get<int64_t>() + roll.sums[k].get<int64_t>();
    ev["children"] = {{"submitted", roll.submitted}, {"zero", roll.zero}, {"missing", roll.missing}, {"not_asked", roll.not_asked}};
  }
  // A roll-up is a zero report only if nothing was reported below it either.
  bool nothing = zero && !any_positive(figures);
  ev["zero"] = nothing;
  ev["figures"] = figures;
  ctx.emit("report.submitted", id, ev);
  int met = deadlines::meet(ctx, deadline_kind(period), id);
  json out = {{"id", id}, {"zero", nothing}, {"figures", figures}, {"deadline_met", met}};
  if (ev.contains("children")) out["children"] = ev["children"];
  return out;
}

json report_get(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto unit = r.str("unit", 64);
  auto period = r.one_of("period", {"daily", "weekly", "monthly"});
  auto start = r.str("period_start", 10);
  r.finish();
  ctx.must_find("units", unit);
  ctx.require_scope(unit);
  auto rep = ctx.store().query_one("SELECT * FROM reports WHERE id = ?", {report_id(unit, period, start)});
  if (rep.is_null()) throw ApiError("not_found", "report " + report_id(unit, period, start), "报告 " + report_id(unit, period, start));
  return wire(rep);
}

json report_list(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto period = r.opt_one_of("period", {"daily", "weekly", "monthly"});
  auto start = r.opt_str("period_start", 10);
  auto unit = r.opt_str("unit", 64);
  r.finish();
  std::string sql = "SELECT * FROM reports WHERE 1=1";
  json params = json::array();
  if (period) sql += " AND period = ?", params.push_back(*period);
  if (start) sql += " AND period_start = ?", params.push_back(*start);
  if (unit) sql += " AND unit_id = ?", params.push_back(*unit);
  sql += " ORDER BY period_start DESC, unit_id LIMIT 2000";
  json out = json::array();
  for (auto& rep : ctx.store().query(sql, params))
    if (ctx.in_scope(rep["unit_id"])) out.push_back(wire(rep));
  return {{"reports", out}};
}

}  // namespace

void register_report_ops(domain::OpRegistry& r) {
  r.add("report.submit", report_submit);
  r.add("report.get", report_get, false);
  r.add("report.list", report_list, false);
}

}  // namespace lifeline::reports
