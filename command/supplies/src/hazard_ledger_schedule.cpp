// Opens each month's ledger deadlines (hazard_ledgers.hpp). A tick hook on the live realm: it
// remembers the month already opened, so most ticks compare two strings and return; it reads the
// database once per month boundary (and once after a restart) and writes only when a month needs
// opening. Units created later in the month are asked from the next month on.
#include <algorithm>
#include <climits>
#include <memory>

#include "lifeline/deadlines/deadlines.hpp"
#include "lifeline/supplies/governance_periods.hpp"
#include "lifeline/supplies/hazard_ledgers.hpp"

namespace lifeline::supplies {

namespace {

struct LedgerSchedule {
  app::Engine& engine;
  std::string opened;     // the month known to be open
  int64_t began_ms = -1;  // time of the live realm's first event; -1 = none yet

  int64_t tick(int64_t now) {
    auto& live = engine.live();
    if (began_ms < 0) {
      auto first = live.query_one("SELECT at FROM events ORDER BY seq LIMIT 1");
      if (!first.is_null()) began_ms = first["at"].get<int64_t>();
    }
    const auto month = month_at(now);
    if (opened == month.name) return month.end_ms;
    if (began_ms < 0 || month.start_ms < began_ms) return month.end_ms;  // began before the deployment did
    const bool open = !live.query_one("SELECT 1 AS x FROM deadlines WHERE kind = ? AND subject LIKE ? LIMIT 1",
                                      {kLedgerDeadlineKind, "%/ledger/" + month.name})
                           .is_null();
    if (!open) engine.run_system("live", [&](domain::OpContext& ctx) { open_month(ctx, month); });
    opened = month.name;
    return month.end_ms;
  }

  static void open_month(domain::OpContext& ctx, const GovernancePeriod& month) {
    auto units = ctx.store().query(
        "SELECT id, kind, name, name_en FROM units WHERE kind IN ('city','county','township','village') ORDER BY id");
    const std::string zh_month = month.name.substr(0, 4) + "年" + std::to_string(std::stoi(month.name.substr(5, 2))) + "月";
    for (const auto& u : units) {
      deadlines::DeadlineSpec s;
      s.kind = kLedgerDeadlineKind;
      s.subject = ledger_id(u["id"], month.name);
      const std::string name = u["name"], name_en = u["name_en"];
      s.title_zh = name + " " + zh_month + "隐患台账更新（每月5日前）";
      s.title_en = (name_en.empty() ? name : name_en) + " hazard ledger for " + month.name + " (update before the 5th)";
      s.due_at = ledger_due_at(month);
      deadlines::open(ctx, s);
    }
  }
};

}  // namespace

void install_ledger_schedule(app::Engine& engine) {
  auto schedule = std::make_shared<LedgerSchedule>(LedgerSchedule{engine, {}, -1});
  engine.add_tick_hook([schedule](int64_t now) { return schedule->tick(now); });
}

}  // namespace lifeline::supplies
