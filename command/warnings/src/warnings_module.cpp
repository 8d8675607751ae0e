#include "lifeline/warnings/warnings_module.hpp"

#include <climits>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "lifeline/time_format.hpp"
#include "module_parts.hpp"

namespace lifeline::warnings {

using nlohmann::json;

std::shared_ptr<const rules::RuleSet> load_rules(const std::string& path) {
  if (path.empty()) return rules::RuleSet::defaults();
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("rules file " + path + ": cannot be read");
  std::stringstream text;
  text << in.rdbuf();
  auto result = rules::RuleSet::load(text.str());
  if (result.ok()) return result.rules;
  std::string msg;
  for (const auto& e : result.errors) msg += (msg.empty() ? "" : "; ") + e.to_string(path);
  throw std::runtime_error(msg);
}

WarningsModule::WarningsModule(app::Engine& engine, rules::RulesHolder& rules, std::string rules_path)
    : engine_(engine), rules_(rules), rules_path_(std::move(rules_path)) {}

void WarningsModule::install() {
  auto& ops = engine_.ops();
  register_warning_ops(ops, rules_);
  register_level_ops(ops);
  register_rules_ops(ops, rules_, rules_path_);
  register_plan_ops(ops, rules_);
  wrap_incident_ops(ops, rules_);
  register_incident_reporting(ops);
  engine_.add_tick_hook([this](int64_t now) { return tick(now); });
  install_key_period_duty(engine_);
  // deadline_missed triggers: the rules run in the transaction that records the miss, so the
  // notice and the miss commit together (a crash between them lost the notice before).
  engine_.reactions().on("deadline.missed", "rules: deadline_missed", [this](domain::OpContext& ctx, const store::Event& e) {
    auto d = ctx.store().query_one("SELECT kind FROM deadlines WHERE id = ?", {e.subject});
    if (d.is_null()) return;
    rules::Trigger t;
    t.kind = rules::TriggerKind::deadline_missed;
    t.deadline_kind = d["kind"];
    t.subject = e.subject;
    auto actions = rules_.current()->evaluate(t, {});
    if (!actions.empty()) apply_actions(ctx, engine_.ops(), actions, {"deadline", e.subject});
  });
}

// A warning past its CAP expiry time holds the duty level up no longer (checked with the time
// triggers, once a minute of clock time).
void WarningsModule::release_expired_warnings(int64_t now) {
  auto expired = engine_.live().query(
      "SELECT DISTINCT r.subject FROM duty_raises r JOIN warnings w ON w.id = r.subject "
      "WHERE r.released_at IS NULL AND w.expires IS NOT NULL AND w.expires <= ?", {now});
  if (expired.empty()) return;
  engine_.run_system("live", [&](domain::OpContext& ctx) {
    for (const auto& row : expired) release_duty_level(ctx, row["subject"], "warning expired");
  });
}

// Time triggers: the clock moved through (last tick, now]; a daily_at inside it fires once. Checked
// at most once a minute of clock time (rules name minutes).
int64_t WarningsModule::tick(int64_t now) {
  if (last_tick_ < 0 || now < last_tick_) {
    last_tick_ = now;
    return now + 60'000;
  }
  if (now == last_tick_) return now + 60'000;
  release_expired_warnings(now);
  rules::Trigger t;
  t.kind = rules::TriggerKind::time;
  t.from_ms = last_tick_;
  t.to_ms = now;
  t.subject = "time:" + format_rfc3339_ms(now);
  last_tick_ = now;
  auto actions = rules_.current()->evaluate(t, {});
  if (!actions.empty())
    engine_.run_system("live", [&](domain::OpContext& ctx) { apply_actions(ctx, engine_.ops(), actions, {"time", t.subject}); });
  return now + 60'000;
}

}  // namespace lifeline::warnings
