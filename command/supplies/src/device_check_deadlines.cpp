// The device ledger's periodic checks as deadlines (schema/supplies.md "Device ledger", seed-digest
// §8 "device ledger: user, maintenance owner, periodic checks"). Once a day (local time) each unit
// whose devices in service fall due for their check within the week gets one device.check deadline
// per due day, subject `<unit>/device_check/<YYYY-MM-DD>`, due at the end of that day: one alarm
// for a county's 30 radios checked together, not 30. It is met once none of the unit's devices in
// service is still due that day (each checked, found faulty, retired or handed over). A device
// already overdue when first seen (registered so, or overdue before the deployment) is not asked
// for: the ledger shows it overdue in red. Routine work: a miss tells the duty officer only.
#include <memory>

#include "lifeline/deadlines/deadlines.hpp"
#include "lifeline/supplies/dates.hpp"
#include "lifeline/supplies/supplies.hpp"

namespace lifeline::supplies {

using domain::OpContext;
using nlohmann::json;

namespace {

constexpr const char* kCheckKind = "device.check";
constexpr int kAskDaysAhead = 7;  // a week's notice to the holders and the maintainers
constexpr int64_t kDayMs = 24LL * 3600 * 1000;

std::string batch_id(const std::string& unit_id, const std::string& day) { return unit_id + "/device_check/" + day; }

// The unit's devices in service whose next check is `day`.
int64_t still_due(OpContext& ctx, const std::string& unit_id, const std::string& day) {
  return ctx.store().query_one("SELECT COUNT(*) AS n FROM devices d WHERE d.unit_id = ? AND d.status = 'in_service' AND " +
                                   std::string(kNextDeviceCheckSql) + " = ?", {unit_id, day})["n"].get<int64_t>();
}

void open_checks(OpContext& ctx) {
  const std::string today = date_of(ctx.now());
  for (const auto& b : ctx.store().query(
           "SELECT b.unit_id, b.day, COUNT(*) AS n, u.name, u.name_en FROM (SELECT d.unit_id, " + std::string(kNextDeviceCheckSql) +
               " AS day FROM devices d WHERE d.status = 'in_service') b JOIN units u ON u.id = b.unit_id "
               "WHERE b.day >= ? AND b.day <= date(?, '+" + std::to_string(kAskDaysAhead) + " days') "
               "GROUP BY b.unit_id, b.day ORDER BY b.unit_id, b.day",
           {today, today})) {
    const std::string unit = b["unit_id"], day = b["day"], name = b["name"], name_en = b["name_en"];
    const auto subject = batch_id(unit, day);
    // One open at a time; a day already met is asked again for a device that falls due on it later.
    if (!ctx.store().query_one("SELECT 1 AS x FROM deadlines WHERE kind = ? AND subject = ? AND status IN ('open', 'missed')",
                               {kCheckKind, subject}).is_null())
      continue;
    const auto n = std::to_string(b["n"].get<int64_t>());
    deadlines::DeadlineSpec s;
    s.kind = kCheckKind;
    s.subject = subject;
    s.title_zh = name + " " + n + " 台通信装备定期检查（" + day + " 前）";
    s.title_en = (name_en.empty() ? name : name_en) + ": periodic check of " + n + " comms devices, by " + day;
    s.due_at = *date_start_ms(day) + kDayMs;
    s.chain = {"duty_officer"};  // routine work: the desk is told, the leaders see it on the screen
    deadlines::open(ctx, s);
  }
}

// Runs the sweep at start and then once each local day.
struct DailySweep {
  app::Engine& engine;
  std::string swept;  // the local day last swept

  int64_t tick(int64_t now) {
    const auto day = date_of(now);
    const int64_t next_day = *date_start_ms(day) + kDayMs;
    if (day == swept) return next_day;
    engine.run_system("live", [](OpContext& ctx) { open_checks(ctx); });
    swept = day;
    return next_day;
  }
};

}  // namespace

void device_checks_settle(OpContext& ctx, const std::string& unit_id) {
  const std::string prefix = unit_id + "/device_check/";  // compared as text: a unit id may hold LIKE's wildcards
  for (const auto& d : ctx.store().query("SELECT subject FROM deadlines WHERE kind = ? AND status IN ('open', 'missed') "
                                         "AND substr(subject, 1, length(?)) = ?", {kCheckKind, prefix, prefix})) {
    const std::string subject = d["subject"];
    if (still_due(ctx, unit_id, subject.substr(subject.rfind('/') + 1)) == 0) deadlines::meet(ctx, kCheckKind, subject);
  }
}

void install_device_check_schedule(app::Engine& engine) {
  auto sweep = std::make_shared<DailySweep>(DailySweep{engine, {}});
  engine.add_tick_hook([sweep](int64_t now) { return sweep->tick(now); });
}

}  // namespace lifeline::supplies
