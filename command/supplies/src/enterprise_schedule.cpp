// Opens the enterprises' deadlines at the start of each period (period_schedule.hpp): every month a
// self-inspection (企业每月自查) due by the month's end, and for the watch list the month's two
// inspections; every quarter a drill filing due by the quarter's end. Seed-digest §4, §9. A miss
// tells the duty officer of the enterprise's keepers only: routine work, not a leader's alarm.
#include "lifeline/deadlines/deadlines.hpp"
#include "lifeline/supplies/enterprise_files.hpp"
#include "period_schedule.hpp"

namespace lifeline::supplies {

namespace {

void open_deadline(domain::OpContext& ctx, const nlohmann::json& e, const char* kind, const GovernancePeriod& period,
                   const std::string& zh, const std::string& en) {
  deadlines::DeadlineSpec s;
  s.kind = std::string("enterprise.") + kind;
  s.subject = filing_subject(e["id"], kind, period.name);
  const std::string name = e["name"], name_en = e["name_en"];
  s.title_zh = name + " " + zh;
  s.title_en = (name_en.empty() ? name : name_en) + " " + en;
  s.due_at = period.end_ms;
  s.chain = {"duty_officer"};  // routine filings: the desk is told, the leaders see them on the screen
  deadlines::open(ctx, s);
}

nlohmann::json enterprises(domain::OpContext& ctx) {
  return ctx.store().query("SELECT id, name, name_en, watch_list FROM enterprises ORDER BY id");
}

void open_month(domain::OpContext& ctx, const GovernancePeriod& month) {
  const std::string zh_month = period_name_zh(month.name);
  for (const auto& e : enterprises(ctx)) {
    open_deadline(ctx, e, "self_inspection", month, zh_month + "企业自查（月底前报送）",
                  "self-inspection for " + month.name + " (filed by the month's end)");
    if (e["watch_list"].get<int64_t>() != 0)
      open_deadline(ctx, e, "inspection", month, zh_month + "重点监管检查（每月至少2次）",
                    "watch-list inspections for " + month.name + " (at least 2 a month)");
  }
}

void open_quarter(domain::OpContext& ctx, const GovernancePeriod& quarter) {
  const std::string zh_quarter = period_name_zh(quarter.name);
  for (const auto& e : enterprises(ctx))
    open_deadline(ctx, e, "drill", quarter, zh_quarter + "应急演练备案", "drill filing for " + quarter.name);
}

}  // namespace

void install_enterprise_schedule(app::Engine& engine) {
  install_period_schedule(engine, {month_at, "enterprise.self_inspection", "self_inspection", open_month});
  install_period_schedule(engine, {quarter_at, "enterprise.drill", "drill", open_quarter});
}

}  // namespace lifeline::supplies
