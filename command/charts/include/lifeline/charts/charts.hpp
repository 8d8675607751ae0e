// Chart series for the console (schema/charts.md): each series is computed from the projections and
// the event log on request, within the caller's scope, with counts rather than percentages (a rate is
// derived by the reader, and has no value when nothing was counted). Times are UTC ms here and RFC 3339
// on the wire.
#pragma once
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "lifeline/app/engine.hpp"
#include "lifeline/domain/op_context.hpp"
#include "lifeline/domain/op_registry.hpp"

namespace lifeline::charts {

using nlohmann::json;

// The hours a window covers: [from, to) cut at whole UTC hours, which are whole hours in Beijing too.
struct Window {
  int64_t from = 0;  // the first hour's start
  int64_t to = 0;    // exclusive
  static constexpr int64_t kHour = 3600 * 1000;
  int64_t hours() const { return (to - from + kHour - 1) / kHour; }
  int64_t hour_of(int64_t at) const { return (at - from) / kHour; }
};

// Dead, missing and injured as the incident's events set them, one point per change, oldest first:
// {incident_id, number, title, points[]{at, dead, missing, injured}}.
json casualty_series(domain::OpContext& ctx, const std::string& incident_id);
// Orders given in each hour of the window, by the channel each went out on, and how many of them were
// delivered and acknowledged since: {hours[], channels[]{channel, orders[], delivered[], acknowledged[]},
// not_sent[]}. Only orders the caller may read.
json order_receipt_series(domain::OpContext& ctx, const Window& w);
// Deadlines that fell due in the window and were decided, per kind: [{kind, met, missed}]. Only
// deadlines the caller may read.
json deadline_on_time(domain::OpContext& ctx, const Window& w);
// Teams ready (available or on standby, and on no open task) against teams, per township in the
// caller's unit or below: [{unit_id, name, name_en, ready, teams}].
json township_readiness(domain::OpContext& ctx);

// stats.charts (schema/charts.md).
void register_chart_ops(domain::OpRegistry& r);

void install(app::Engine& engine);

}  // namespace lifeline::charts
