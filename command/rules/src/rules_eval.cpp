// Evaluation: which rules a trigger and the facts satisfy, and the actions they call for, each
// stamped with the rule and the fact that fired it (the incident timeline shows both).
#include <algorithm>

#include "lifeline/rules/rule_set.hpp"
#include "rule.hpp"

namespace lifeline::rules {

namespace {

bool contains(const std::vector<std::string>& set, const std::string& v) {
  return set.empty() || std::find(set.begin(), set.end(), v) != set.end();
}

// Human-readable "what matched" for an incident_fact rule; empty if it does not match.
std::string fact_match(const Rule& r, const Facts& f) {
  std::vector<std::string> hits;
  int conditions = 0;
  auto check = [&](const std::optional<int64_t>& threshold, int64_t value, const char* name) {
    if (!threshold) return;
    ++conditions;
    if (value >= *threshold) hits.push_back(std::string(name) + "=" + std::to_string(value) + " ≥ " + std::to_string(*threshold));
  };
  check(r.dead, f.dead, "dead");
  check(r.missing, f.missing, "missing");
  check(r.injured, f.injured, "injured");
  check(r.losses_yuan, f.losses_yuan, "losses_yuan");
  if (r.hazmat) {
    ++conditions;
    if (f.hazmat) hits.push_back("hazmat=true");
  }
  if (hits.empty() || (r.match_all && static_cast<int>(hits.size()) != conditions)) return {};
  std::string out;
  for (const auto& h : hits) out += (out.empty() ? "" : ", ") + h;
  return out;
}

// True if a local daily_at minute falls in (from, to].
bool daily_due(int minute, int64_t from, int64_t to, int offset_minutes) {
  constexpr int64_t kDay = 86'400'000;
  if (to <= from) return false;
  int64_t off = static_cast<int64_t>(offset_minutes) * 60'000;
  int64_t local_from = from + off, local_to = to + off;
  int64_t day = local_from >= 0 ? local_from / kDay : (local_from - kDay + 1) / kDay;
  int64_t at = day * kDay + static_cast<int64_t>(minute) * 60'000;
  if (at <= local_from) at += kDay;
  return at <= local_to;
}

std::string matched_text(const Rule& r, const Trigger& t, const Facts& f, int offset) {
  switch (r.trigger) {
    case TriggerKind::warning:
      if (t.kind != TriggerKind::warning || !contains(r.types, t.warning_type) || !contains(r.colours, t.colour) ||
          !contains(r.changes, t.change))
        return {};
      return "warning " + t.warning_type + " " + t.colour + " " + t.change;
    case TriggerKind::incident_created:
      if (t.kind != TriggerKind::incident_created || !contains(r.incident_types, f.incident_type)) return {};
      return "incident created, type " + f.incident_type;
    case TriggerKind::incident_fact:
      // Facts are checked when an incident is created and whenever its facts change.
      if ((t.kind != TriggerKind::incident_fact && t.kind != TriggerKind::incident_created) ||
          !contains(r.incident_types, f.incident_type))
        return {};
      return fact_match(r, f);
    case TriggerKind::deadline_missed:
      if (t.kind != TriggerKind::deadline_missed || !contains(r.deadline_kinds, t.deadline_kind)) return {};
      return "deadline " + t.deadline_kind + " missed";
    case TriggerKind::time: {
      if (t.kind != TriggerKind::time || !daily_due(r.daily_at_minute, t.from_ms, t.to_ms, offset)) return {};
      char hhmm[8];
      std::snprintf(hhmm, sizeof hhmm, "%02d:%02d", r.daily_at_minute / 60 % 100, r.daily_at_minute % 60);
      return std::string("daily at ") + hhmm;
    }
  }
  return {};
}

bool is_level(const Action& a) { return a.kind == ActionKind::propose_level || a.kind == ActionKind::set_level; }

}  // namespace

RuleSet::RuleSet() = default;
RuleSet::~RuleSet() = default;

std::size_t RuleSet::size() const { return rules_.size(); }

std::vector<std::string> RuleSet::rule_ids() const {
  std::vector<std::string> ids;
  for (const auto& r : rules_) ids.push_back(r.id);
  return ids;
}

std::vector<RuleSet::Summary> RuleSet::summaries() const {
  std::vector<Summary> out;
  for (const auto& r : rules_) out.push_back({r.id, r.title_zh, r.title_en, r.enabled});
  return out;
}

std::vector<Action> RuleSet::evaluate(const Trigger& trigger, const Facts& facts) const {
  std::vector<Action> out;
  for (const auto& r : rules_) {
    if (!r.enabled) continue;
    std::string matched = matched_text(r, trigger, facts, utc_offset_minutes_);
    if (matched.empty()) continue;
    for (Action a : r.actions) {
      a.matched = matched;
      out.push_back(std::move(a));
    }
  }
  // One level decision per evaluation: the highest level any rule asks for (≥30 dead also meets
  // ≥10 and ≥3), and only if it raises the level in force. A proposal outranks a set at the same level.
  const Action* best = nullptr;
  for (const auto& a : out)
    if (is_level(a) && (!best || a.level < best->level ||
                        (a.level == best->level && a.kind == ActionKind::propose_level && best->kind != a.kind)))
      best = &a;
  if (best) {
    Action keep = *best;
    bool raises = facts.current_level == 0 || keep.level < facts.current_level;
    std::vector<Action> filtered;
    bool placed = false;
    for (auto& a : out) {
      if (!is_level(a)) {
        filtered.push_back(std::move(a));
      } else if (!placed && raises) {
        filtered.push_back(keep);
        placed = true;
      }
    }
    out = std::move(filtered);
  }
  return out;
}

}  // namespace lifeline::rules
