#include "period_schedule.hpp"

#include <memory>

namespace lifeline::supplies {

namespace {

struct Ticker {
  app::Engine& engine;
  PeriodSchedule schedule;
  std::string opened;     // the period known to be open
  int64_t began_ms = -1;  // time of the live realm's first event; -1 = none yet

  int64_t tick(int64_t now) {
    auto& live = engine.live();
    if (began_ms < 0) {
      auto first = live.query_one("SELECT at FROM events ORDER BY seq LIMIT 1");
      if (!first.is_null()) began_ms = first["at"].get<int64_t>();
    }
    const auto period = schedule.period_at(now);
    if (opened == period.name) return period.end_ms;
    if (began_ms < 0 || period.start_ms < began_ms) return period.end_ms;  // began before the deployment did
    const bool open = !live.query_one("SELECT 1 AS x FROM deadlines WHERE kind = ? AND subject LIKE ? LIMIT 1",
                                      {schedule.probe_kind, "%/" + schedule.probe_tag + "/" + period.name})
                           .is_null();
    if (!open) engine.run_system("live", [&](domain::OpContext& ctx) { schedule.open_period(ctx, period); });
    opened = period.name;
    return period.end_ms;
  }
};

}  // namespace

void install_period_schedule(app::Engine& engine, PeriodSchedule schedule) {
  auto ticker = std::make_shared<Ticker>(Ticker{engine, std::move(schedule), {}, -1});
  engine.add_tick_hook([ticker](int64_t now) { return ticker->tick(now); });
}

}  // namespace lifeline::supplies
