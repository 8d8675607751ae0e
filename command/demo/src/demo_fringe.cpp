#include "demo_fringe.hpp"

#include <cstdio>

#include "lifeline/civil_date.hpp"
#include "lifeline/uuid7.hpp"

namespace lifeline::demo {

using nlohmann::json;

void seed_fringe_campaign(domain::OpContext& ctx) {
  // Events, as the depots' are: the seed runs before the supplies module installs its ops. The
  // campaign is the one hazard.fringe_status shows by default (this year's once October has begun,
  // else last year's); its rounds are those of its months gone by, and the hazards, reported now,
  // count for it.
  constexpr int64_t kDay = 24LL * 3600 * 1000;
  constexpr int kFoundPerCounty = 6;
  const auto today = china_date_of(ctx.now());
  const int64_t year = today.month >= 10 ? today.year : today.year - 1;
  const int64_t today_days = days_from_civil(today.year, today.month, today.day);
  static const char* kFinds[] = {"出租屋电动车违规充电", "废品收购站易燃物堆放", "临街商铺私拉乱接电线", "城中村消防通道堵塞",
                                 "小作坊液化气钢瓶违规存放", "违章搭建占用防火间距", "老旧民房墙体开裂"};
  int n = 0;
  for (const auto& t : ctx.store().query(
           "SELECT u.id AS county, u.name AS county_name, (SELECT MAX(p.id) FROM units p WHERE p.parent_id = u.id AND p.kind = 'township') "
           "AS township FROM units u WHERE u.kind = 'county' ORDER BY u.id")) {
    if (!t["township"].is_string()) continue;
    const std::string county = t["county"], township = t["township"];
    // A round in the middle of each campaign month gone by; 南河区 (county-3) skipped November's.
    for (unsigned month : {10u, 11u}) {
      if (days_from_civil(year, month, 15) >= today_days || (month == 11 && county == "county-3")) continue;
      char on[16], period[8];
      std::snprintf(on, sizeof on, "%04lld-%02u-15", static_cast<long long>(year), month);
      std::snprintf(period, sizeof period, "%04lld-%02u", static_cast<long long>(year), month);
      ctx.emit("hazard.fringe_screened", county + "/fringe_screening/" + period,
               {{"unit_id", county}, {"period", period}, {"on_date", on}, {"hazards_found", kFoundPerCounty / 2},
                {"note", "城中村、城郊结合部出租屋及小作坊"}});
    }
    // What the rounds found, each in the ledger: rectified and accepted, but for the last one of
    // every other county, still with the township for its fix (so the city stands short of 95 %).
    // Only while the campaign is this year's: the events are dated now, and last year's finds,
    // closed long ago, would otherwise count as closed this quarter (the look-back's population).
    if (year != today.year) continue;
    for (int i = 0; i < kFoundPerCounty; ++i, ++n) {
      const std::string id = uuid7_string(ctx.now() - kDay + n);
      ctx.emit("hazard.reported", id,
               {{"source", "inspector"}, {"title", kFinds[n % 7]}, {"description", "城乡结合部专项排查发现"},
                {"place", {{"name", t["county_name"].get<std::string>() + "城郊结合部"}}}, {"photo_ref", ""}, {"contact", ""},
                {"unit_id", township}, {"campaign", "urban_rural_fringe"}});
      ctx.emit("hazard.assigned", id, {{"unit_id", township}});
      if (i == kFoundPerCounty - 1 && county.back() % 2 == 1) continue;
      ctx.emit("hazard.verified", id, {{"valid", true}, {"grade", "general"}, {"note", ""}});
      ctx.emit("hazard.rectified", id, json::object());
      ctx.emit("hazard.accepted", id, {{"passed", true}, {"third_party", false}, {"note", "复查合格"}});
    }
  }
}

}  // namespace lifeline::demo
