// The key-period calendar raises the duty level (schema/key_periods.json): when a period begins
// on the server's clock its raise is held (readiness 100 % on post), when it ends the raise is
// released and the level falls back to what else holds it up — the same duty_raises the warnings'
// rules hold, so the desks, the journal and the readiness metric read one duty level.
#include <set>

#include "lifeline/app/engine.hpp"
#include "lifeline/domain/key_periods.hpp"
#include "module_parts.hpp"

namespace lifeline::warnings {

namespace {

using domain::KeyPeriodCalendar;
using domain::KeyPeriodSpan;
using nlohmann::json;

const char* kind_zh(const std::string& kind) { return kind == "city" ? "市级" : kind == "county" ? "县级" : "乡镇"; }

// "主汛期：100% 在岗，县级领导24小时带班" — what the period asks, for the duty screen and journal.
std::pair<std::string, std::string> raise_title(const KeyPeriodSpan& p) {
  const auto& cal = KeyPeriodCalendar::shipped();
  std::string zh = p.name_zh + "：" + std::to_string(p.readiness_percent) + "% 在岗";
  std::string en = p.name_en + ": " + std::to_string(p.readiness_percent) + "% on post";
  for (const auto& [kind, rules] : p.rules)
    for (const auto& rule : rules) {
      auto name = cal.rule_name(rule);
      zh += std::string("，") + kind_zh(kind) + name.name_zh;
      en += ", " + kind + ": " + name.name_en;
    }
  return {zh, en};
}

int64_t tick(app::Engine& engine, int64_t now) {
  const auto& cal = KeyPeriodCalendar::shipped();
  std::vector<KeyPeriodSpan> begun;
  std::set<std::string> due;
  for (auto& p : cal.in_force(now)) {
    due.insert(p.subject());
    begun.push_back(std::move(p));
  }
  std::set<std::string> held;
  for (const auto& r : engine.live().query(
           "SELECT DISTINCT subject FROM duty_raises WHERE released_at IS NULL AND subject LIKE 'key_period:%'"))
    held.insert(r["subject"].get<std::string>());
  std::vector<std::string> ended;
  for (const auto& s : held)
    if (!due.count(s)) ended.push_back(s);
  std::erase_if(begun, [&](const KeyPeriodSpan& p) { return held.count(p.subject()) > 0; });
  if (!begun.empty() || !ended.empty())
    engine.run_system("live", [&](domain::OpContext& ctx) {
      for (const auto& s : ended) release_duty_level(ctx, s, "key period ended");
      for (const auto& p : begun) {
        auto [zh, en] = raise_title(p);
        // The leader on 24 h here is the city-wide flag of the duty level; what a period asks of
        // each level's roster (county leaders on 24 h in the flood season) is the roster check's.
        ctx.emit("duty.level_raised", p.subject(),
                 {{"readiness_percent", p.readiness_percent}, {"leader_24h", false}, {"rule", "key_period." + p.period},
                  {"title_zh", zh}, {"title_en", en}, {"matched", "key period " + p.period + " " + p.from + ".." + p.to},
                  {"subject", p.subject()}});
      }
    });
  return cal.next_change_after(now);
}

}  // namespace

void install_key_period_duty(app::Engine& engine) {
  engine.add_tick_hook([&engine](int64_t now) { return tick(engine, now); });
}

}  // namespace lifeline::warnings
