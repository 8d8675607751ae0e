// The rules loader on arbitrary text: a RuleSet or errors with positions, never a crash; a loaded
// set evaluates every trigger kind without trouble.
#include <cstdlib>

#include "lifeline/rules/rule_set.hpp"

using namespace lifeline::rules;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  auto r = RuleSet::load(in);
  if (r.ok() != r.errors.empty()) abort();
  if (!r.ok()) {
    for (const auto& e : r.errors)
      if (e.reason.empty()) abort();
    return 0;
  }
  Facts f;
  f.dead = static_cast<int64_t>(size);
  f.injured = 12;
  f.hazmat = size % 2;
  for (auto kind : {TriggerKind::warning, TriggerKind::incident_created, TriggerKind::incident_fact,
                    TriggerKind::deadline_missed, TriggerKind::time}) {
    Trigger t;
    t.kind = kind;
    t.warning_type = "typhoon";
    t.colour = "red";
    t.deadline_kind = "consultation.convene";
    t.from_ms = 0;
    t.to_ms = 2 * 86'400'000LL;
    for (const auto& a : r.rules->evaluate(t, f)) (void)a.to_json().dump();
  }
  return 0;
}
