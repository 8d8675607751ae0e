// Order delivery and acknowledgement per channel per hour: each order's delivery row counts in the
// hour the order was given (queued), under the channel it last went out on; delivered when a device
// or a person confirmed it, acknowledged when a person answered (read). A delivery never sent has no
// channel and is counted as not sent (schema/charts.md).
#include <map>

#include "lifeline/charts/charts.hpp"
#include "lifeline/domain/enums.hpp"
#include "lifeline/time_format.hpp"

namespace lifeline::charts {

json order_receipt_series(domain::OpContext& ctx, const Window& w) {
  const auto n = static_cast<size_t>(w.hours());
  const json zeros = json(std::vector<int64_t>(n, 0));
  std::map<std::string, json> by_channel;
  for (const auto& c : domain::enums().channels)
    by_channel[c] = {{"channel", c}, {"orders", zeros}, {"delivered", zeros}, {"acknowledged", zeros}};
  json not_sent = zeros;

  auto rows = ctx.store().query(
      "SELECT d.message_id, d.channel, d.queued_at, d.delivered_at, d.read_at FROM messages m "
      "JOIN deliveries d ON d.message_id = m.id WHERE m.kind = 'order' AND m.created_at >= ? AND m.created_at < ? "
      "AND d.queued_at >= ? AND d.queued_at < ? ORDER BY d.queued_at",
      {w.from, w.to, w.from, w.to});
  const bool everything = ctx.actor().role == "admin" || ctx.actor().role == "system";
  std::map<std::string, bool> readable;  // per message: a group order has one row per team
  auto bump = [](json& arr, size_t i) { arr[i] = arr[i].get<int64_t>() + 1; };
  for (const auto& d : rows) {
    const std::string id = d["message_id"];
    if (!everything) {
      auto it = readable.find(id);
      if (it == readable.end())
        it = readable.emplace(id, ctx.scope().allows("message", id, domain::Access::read).value_or(false)).first;
      if (!it->second) continue;
    }
    const auto hour = static_cast<size_t>(w.hour_of(d["queued_at"].get<int64_t>()));
    auto ch = by_channel.find(d["channel"].get<std::string>());
    if (ch == by_channel.end()) {
      bump(not_sent, hour);
      continue;
    }
    bump(ch->second["orders"], hour);
    if (!d["delivered_at"].is_null() || !d["read_at"].is_null()) bump(ch->second["delivered"], hour);
    if (!d["read_at"].is_null()) bump(ch->second["acknowledged"], hour);
  }
  json hours = json::array();
  for (size_t i = 0; i < n; ++i) hours.push_back(format_rfc3339_ms(w.from + static_cast<int64_t>(i) * Window::kHour));
  json channels = json::array();
  for (const auto& c : domain::enums().channels) channels.push_back(std::move(by_channel[c]));
  return {{"hours", hours}, {"channels", channels}, {"not_sent", not_sent}};
}

}  // namespace lifeline::charts
