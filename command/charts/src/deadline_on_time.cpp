// On time per deadline kind: of the deadlines that fell due in the window and were decided, how many
// were met by their due time and how many were missed (and escalated). Open and cancelled ones are
// not decided. The same count as metrics.summary's on_time, over a window (schema/charts.md).
#include "lifeline/charts/charts.hpp"

namespace lifeline::charts {

json deadline_on_time(domain::OpContext& ctx, const Window& w) {
  auto rows = ctx.readable("deadline", ctx.store().query("SELECT id, kind, subject, on_time FROM deadlines "
                                                         "WHERE on_time IS NOT NULL AND due_at >= ? AND due_at < ? ORDER BY kind, id",
                                                         {w.from, w.to}));
  json out = json::array();
  for (const auto& d : rows) {
    if (out.empty() || out.back()["kind"] != d["kind"]) out.push_back({{"kind", d["kind"]}, {"met", 0}, {"missed", 0}});
    auto& k = out.back()[d["on_time"].get<int64_t>() == 1 ? "met" : "missed"];
    k = k.get<int64_t>() + 1;
  }
  return out;
}

}  // namespace lifeline::charts
