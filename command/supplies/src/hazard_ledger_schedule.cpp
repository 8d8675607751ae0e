// Opens each month's ledger deadlines (hazard_ledgers.hpp) for every ledger unit: the city, the
// counties and townships, each township's covering its villages (period_schedule.hpp).
#include "lifeline/deadlines/deadlines.hpp"
#include "lifeline/supplies/hazard_ledgers.hpp"
#include "period_schedule.hpp"

namespace lifeline::supplies {

namespace {

void open_month(domain::OpContext& ctx, const GovernancePeriod& month) {
  auto units = ctx.store().query(
      "SELECT id, kind, name, name_en FROM units WHERE kind IN ('city','county','township') ORDER BY id");
  const std::string zh_month = period_name_zh(month.name);
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

}  // namespace

void install_ledger_schedule(app::Engine& engine) {
  install_period_schedule(engine, {month_at, kLedgerDeadlineKind, "ledger", open_month});
}

}  // namespace lifeline::supplies
