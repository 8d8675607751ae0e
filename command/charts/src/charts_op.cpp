// stats.charts: the console's chart series for a window of whole hours (default the last 24), and an
// incident's casualties when one is named (schema/charts.md). Reads only.
#include "lifeline/api_error.hpp"
#include "lifeline/charts/charts.hpp"
#include "lifeline/domain/body_reader.hpp"
#include "lifeline/time_format.hpp"

namespace lifeline::charts {

namespace {

constexpr int64_t kDefaultHours = 24;
constexpr int64_t kMaxHours = 7 * 24;  // a week of hourly points: what a chart can still show

json stats_charts(domain::OpContext& ctx, const json& body) {
  domain::BodyReader r(body);
  auto incident_id = r.opt_id("incident_id");
  auto from = r.opt_time("from");
  auto to = r.opt_time("to");
  r.finish();
  Window w;
  w.to = to.value_or(ctx.now());
  w.from = from.value_or(w.to - kDefaultHours * Window::kHour);
  if (w.to <= w.from) throw ApiError("bad_field", "body.to must be after body.from", "结束时间必须晚于开始时间");
  w.from -= ((w.from % Window::kHour) + Window::kHour) % Window::kHour;  // the whole hour it falls in
  if (w.hours() > kMaxHours)
    throw ApiError("bad_field", "body.from/to: at most 7 days (168 hours)", "统计时段最长 7 天（168 小时）");
  json out = {{"from", format_rfc3339_ms(w.from)},
              {"to", format_rfc3339_ms(w.to)},
              {"orders", order_receipt_series(ctx, w)},
              {"on_time", deadline_on_time(ctx, w)},
              {"readiness", township_readiness(ctx)}};
  if (incident_id) out["casualties"] = casualty_series(ctx, *incident_id);
  return out;
}

}  // namespace

void register_chart_ops(domain::OpRegistry& r) { r.add("stats.charts", stats_charts, false); }

void install(app::Engine& engine) { register_chart_ops(engine.ops()); }

}  // namespace lifeline::charts
