// The shipped defaults (schema/rules.toml): warnings and national accident grades -> levels.
#include <gtest/gtest.h>

#include <algorithm>

#include "lifeline/rules/rule_set.hpp"

using namespace lifeline::rules;

namespace {

std::vector<Action> of_kind(const std::vector<Action>& as, ActionKind k) {
  std::vector<Action> out;
  std::copy_if(as.begin(), as.end(), std::back_inserter(out), [&](const Action& a) { return a.kind == k; });
  return out;
}

Trigger warning(const std::string& type, const std::string& colour, const std::string& change = "issued") {
  Trigger t;
  t.kind = TriggerKind::warning;
  t.warning_type = type;
  t.colour = colour;
  t.change = change;
  return t;
}

Trigger fact() {
  Trigger t;
  t.kind = TriggerKind::incident_fact;
  return t;
}

}  // namespace

TEST(RulesDefaults, LoadFromTheEmbeddedFile) {
  auto rules = RuleSet::defaults();
  ASSERT_TRUE(rules);
  EXPECT_GE(rules->size(), 14u);
  auto ids = rules->rule_ids();
  EXPECT_NE(std::find(ids.begin(), ids.end(), "incident.grade.I"), ids.end());
}

TEST(RulesDefaults, RedTyphoonConsultsRaisesDutyAndProposesLevelII) {
  auto as = RuleSet::defaults()->evaluate(warning("typhoon", "red"), {});
  auto consult = of_kind(as, ActionKind::require_consultation);
  ASSERT_EQ(consult.size(), 1u);
  EXPECT_EQ(consult[0].within_ms, 2 * 3600 * 1000);  // seed 000: within 2 h
  EXPECT_EQ(consult[0].deadline_kind, "consultation.convene");
  EXPECT_EQ(consult[0].chain, (std::vector<std::string>{"duty_officer", "duty_leader", "commander"}));
  EXPECT_EQ(consult[0].step_ms, 15 * 60 * 1000);
  EXPECT_EQ(consult[0].rule_id, "warning.typhoon_rain.consultation");
  EXPECT_EQ(consult[0].matched, "warning typhoon red issued");
  auto duty = of_kind(as, ActionKind::raise_duty_level);
  ASSERT_EQ(duty.size(), 1u);
  EXPECT_EQ(duty[0].readiness_percent, 100);
  EXPECT_TRUE(duty[0].leader_24h);
  auto level = of_kind(as, ActionKind::propose_level);
  ASSERT_EQ(level.size(), 1u);
  EXPECT_EQ(level[0].level, 2);
  EXPECT_EQ(level[0].approver, "commander");
  EXPECT_EQ(level[0].rule_id, "warning.red");
}

TEST(RulesDefaults, ColoursMapToLevels) {
  auto rules = RuleSet::defaults();
  auto orange = of_kind(rules->evaluate(warning("heavy_rain", "orange"), {}), ActionKind::propose_level);
  ASSERT_EQ(orange.size(), 1u);
  EXPECT_EQ(orange[0].level, 3);
  EXPECT_EQ(orange[0].approver, "duty_leader");
  auto yellow = of_kind(rules->evaluate(warning("cold_wave", "yellow"), {}), ActionKind::propose_level);
  ASSERT_EQ(yellow.size(), 1u);
  EXPECT_EQ(yellow[0].level, 4);
  auto blue = rules->evaluate(warning("cold_wave", "blue"), {});
  EXPECT_TRUE(of_kind(blue, ActionKind::propose_level).empty());
  ASSERT_EQ(of_kind(blue, ActionKind::notify).size(), 1u);
  EXPECT_EQ(blue[0].rule_id, "warning.blue");
  // A cold-wave warning needs no consultation; a cancelled one proposes nothing.
  EXPECT_TRUE(of_kind(rules->evaluate(warning("cold_wave", "red"), {}), ActionKind::require_consultation).empty());
  auto cancelled = rules->evaluate(warning("typhoon", "red", "cancelled"), {});
  ASSERT_EQ(cancelled.size(), 2u);
  EXPECT_EQ(cancelled[0].rule_id, "warning.cancelled");
  // The teams a red or orange warning told to stand by are stood down; a blue one told none.
  auto stand_down = of_kind(cancelled, ActionKind::notify_area_teams);
  ASSERT_EQ(stand_down.size(), 1u);
  EXPECT_EQ(stand_down[0].rule_id, "warning.cancelled.stand_down");
  EXPECT_EQ(stand_down[0].team_kinds, (std::vector<std::string>{"township", "village"}));
  EXPECT_TRUE(of_kind(rules->evaluate(warning("typhoon", "blue", "cancelled"), {}), ActionKind::notify_area_teams).empty());
  // Forest fire orange+ pre-positions teams.
  EXPECT_EQ(of_kind(rules->evaluate(warning("forest_fire", "orange"), {}), ActionKind::preposition_teams).size(), 1u);
  EXPECT_TRUE(of_kind(rules->evaluate(warning("forest_fire", "yellow"), {}), ActionKind::preposition_teams).empty());
}

TEST(RulesDefaults, NationalAccidentGrades) {
  auto rules = RuleSet::defaults();
  auto level_for = [&](Facts f) -> std::pair<int, std::string> {
    auto as = of_kind(rules->evaluate(fact(), f), ActionKind::propose_level);
    if (as.empty()) return {0, ""};
    EXPECT_EQ(as.size(), 1u);  // one level decision per evaluation
    return {as[0].level, as[0].matched};
  };
  Facts f;
  f.incident_type = "production_safety";
  EXPECT_EQ(level_for(f).first, 0);  // nothing happened
  f.dead = 30;
  EXPECT_EQ(level_for(f), (std::pair<int, std::string>{1, "dead=30 ≥ 30"}));
  f.dead = 29;
  EXPECT_EQ(level_for(f), (std::pair<int, std::string>{2, "dead=29 ≥ 10"}));
  f.dead = 10;
  EXPECT_EQ(level_for(f).first, 2);
  f.dead = 9;
  EXPECT_EQ(level_for(f).first, 3);
  f.dead = 3;
  EXPECT_EQ(level_for(f).first, 3);
  f.dead = 2;
  EXPECT_EQ(level_for(f).first, 4);
  f = {};
  f.injured = 100;
  EXPECT_EQ(level_for(f).first, 1);
  f.injured = 50;
  EXPECT_EQ(level_for(f).first, 2);
  f.injured = 10;
  EXPECT_EQ(level_for(f).first, 3);
  f = {};
  f.losses_yuan = 100'000'000;
  EXPECT_EQ(level_for(f), (std::pair<int, std::string>{1, "losses_yuan=100000000 ≥ 100000000"}));
  f.losses_yuan = 99'999'999;
  EXPECT_EQ(level_for(f).first, 2);
  f.losses_yuan = 10'000'000;
  EXPECT_EQ(level_for(f).first, 3);
  f.losses_yuan = 9'999'999;
  EXPECT_EQ(level_for(f).first, 4);
  f = {};
  f.missing = 1;
  EXPECT_EQ(level_for(f).first, 4);
}

TEST(RulesDefaults, LevelOnlyRisesAboveTheLevelInForce) {
  auto rules = RuleSet::defaults();
  Facts f;
  f.dead = 12;
  f.current_level = 2;
  EXPECT_TRUE(of_kind(rules->evaluate(fact(), f), ActionKind::propose_level).empty());
  f.current_level = 3;
  EXPECT_EQ(of_kind(rules->evaluate(fact(), f), ActionKind::propose_level).at(0).level, 2);
  f.dead = 31;
  f.current_level = 2;
  EXPECT_EQ(of_kind(rules->evaluate(fact(), f), ActionKind::propose_level).at(0).level, 1);
}

TEST(RulesDefaults, IncidentCreatedHazmatDeadlineAndTime) {
  auto rules = RuleSet::defaults();
  Trigger created;
  created.kind = TriggerKind::incident_created;
  Facts f;
  f.incident_type = "hazardous_chemicals";
  f.hazmat = true;
  f.injured = 12;
  auto as = rules->evaluate(created, f);
  auto deadline = of_kind(as, ActionKind::open_deadline);
  ASSERT_EQ(deadline.size(), 1u);
  EXPECT_EQ(deadline[0].deadline_kind, "incident.report_up");
  EXPECT_EQ(deadline[0].within_ms, 3600 * 1000);  // seed 000: reported upward within 1 h
  EXPECT_EQ(of_kind(as, ActionKind::propose_level).at(0).level, 3);  // 12 seriously injured
  auto notify = of_kind(as, ActionKind::notify);
  ASSERT_EQ(notify.size(), 1u);
  EXPECT_EQ(notify[0].matched, "hazmat=true");
  EXPECT_NE(std::find(notify[0].to.begin(), notify[0].to.end(), "dept:ecology_environment"), notify[0].to.end());

  Trigger missed;
  missed.kind = TriggerKind::deadline_missed;
  missed.deadline_kind = "consultation.convene";
  auto m = rules->evaluate(missed, {});
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].to, (std::vector<std::string>{"role:commander"}));
  missed.deadline_kind = "supply.dispatch";
  EXPECT_TRUE(rules->evaluate(missed, {}).empty());

  // 16:00 Asia/Shanghai = 08:00 UTC. 2026-08-20T07:59Z -> 08:01Z crosses it; 08:01 -> 09:00 does not.
  Trigger tick;
  tick.kind = TriggerKind::time;
  const int64_t t0800 = 1787212800000;  // 2026-08-20T08:00:00Z
  tick.from_ms = t0800 - 60'000;
  tick.to_ms = t0800 + 60'000;
  auto daily = rules->evaluate(tick, {});
  ASSERT_EQ(daily.size(), 1u);
  EXPECT_EQ(daily[0].matched, "daily at 16:00");
  tick.from_ms = t0800 + 60'000;
  tick.to_ms = t0800 + 3'600'000;
  EXPECT_TRUE(rules->evaluate(tick, {}).empty());
  tick.from_ms = t0800;  // the window is (from, to]: exactly 08:00 was the previous window's
  EXPECT_TRUE(rules->evaluate(tick, {}).empty());
}

TEST(RulesDefaults, ActionJsonNamesRuleFactAndApprover) {
  auto as = RuleSet::defaults()->evaluate(warning("typhoon", "red"), {});
  auto level = of_kind(as, ActionKind::propose_level).at(0).to_json();
  EXPECT_EQ(level["action"], "propose_level");
  EXPECT_EQ(level["rule"], "warning.red");
  EXPECT_EQ(level["matched"], "warning typhoon red issued");
  EXPECT_EQ(level["approver"], "commander");
  EXPECT_EQ(level["level_roman"], "II");
}
