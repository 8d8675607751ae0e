#include "demo_rosters.hpp"

#include "lifeline/time_format.hpp"

namespace lifeline::demo {

using nlohmann::json;

void seed_rosters(domain::OpContext& ctx, const domain::OpRegistry& ops, const std::map<std::string, std::string>& users) {
  constexpr int64_t kHour = 3600 * 1000, kDay = 24 * kHour;
  const int64_t today = ctx.now() - (ctx.now() % kDay);  // 08:00 local (00:00 UTC) of today
  auto shift = [&](const std::string& unit, int64_t from, int64_t to, const char* officer, const char* leader) {
    json body = {{"unit_id", unit}, {"starts_at", format_rfc3339_ms(from)}, {"ends_at", format_rfc3339_ms(to)},
                 {"officer_id", users.at(officer)}};
    if (leader) body["leader_id"] = users.at(leader);
    ops.find("duty.create_shift")->handler(ctx, body);
  };
  for (int d = -1; d <= 14; ++d) {
    const int64_t start = today + d * kDay;
    // The city: 08:00–08:00 shifts, the two officers by turns, the duty leader on every one.
    shift("city", start, start + kDay, d % 2 == 0 ? "officer" : "officer2", "leader");
    // 滨海县: 24 h duty by two officers in turns, the county's two leaders leading alternate days;
    // on the fourth day the leader is not named yet, which the roster check shows in the flood and
    // fire seasons (county leaders on 24 h duty).
    shift("county-1", start, start + kDay, d % 2 == 0 ? "county1" : "county1b", d == 3 ? nullptr : d % 2 == 0 ? "kleader" : "kcommander");
    // 石塘镇: a day shift 08:00–20:00 led by the township's leader every day (领导每日带班), but the
    // fifth day has no leader on it yet; nights are answered by the county's 24 h duty.
    shift("P0001", start, start + 12 * kHour, "town1", d == 4 ? nullptr : "town1lead");
  }
}

}  // namespace lifeline::demo
