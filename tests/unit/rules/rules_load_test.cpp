// Loading: every error has line:column and a reason; a broken file changes nothing.
#include <gtest/gtest.h>

#include "lifeline/api_error.hpp"
#include "lifeline/rules/rule_set.hpp"
#include "lifeline/rules/rules_holder.hpp"

using namespace lifeline::rules;

namespace {

const char* kGood = R"(version = 1
[[rule]]
id = "r1"
title_zh = "甲"
title_en = "A"
[rule.when]
trigger = "warning"
colours = ["red"]
[[rule.then]]
action = "propose_level"
level = "I"
)";

std::vector<RuleError> errors_of(const std::string& text) {
  auto r = RuleSet::load(text);
  EXPECT_EQ(r.ok(), r.errors.empty());
  return r.errors;
}

// The single error of `text`, as "line:column: reason".
std::string one_error(const std::string& text) {
  auto e = errors_of(text);
  if (e.size() != 1) {
    std::string all;
    for (auto& x : e) all += x.to_string() + " | ";
    return "expected 1 error, got " + std::to_string(e.size()) + ": " + all;
  }
  return std::to_string(e[0].line) + ":" + std::to_string(e[0].column) + ": " + e[0].reason;
}

std::string replaced(std::string s, const std::string& from, const std::string& to) {
  s.replace(s.find(from), from.size(), to);
  return s;
}

}  // namespace

TEST(RulesLoad, GoodFileLoads) {
  auto r = RuleSet::load(kGood);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.rules->size(), 1u);
}

TEST(RulesLoad, TomlSyntaxErrorHasLineAndColumn) {
  auto e = errors_of(replaced(kGood, "colours = [\"red\"]", "colours = @"));
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].line, 8);
  EXPECT_GT(e[0].column, 0);
  EXPECT_FALSE(e[0].reason.empty());
  EXPECT_EQ(e[0].to_string("rules.toml").rfind("rules.toml:8:", 0), 0u);
}

TEST(RulesLoad, SemanticErrorsPointAtTheNode) {
  EXPECT_EQ(one_error(replaced(kGood, "colours = [\"red\"]", "colours = [\"crimson\"]")),
            "8:12: rule \"r1\".when.colours: unknown value \"crimson\" (allowed: blue, orange, red, yellow)");
  EXPECT_EQ(one_error(replaced(kGood, "trigger = \"warning\"", "trigger = \"earthquake\"")).substr(0, 5), "7:11:");
  EXPECT_EQ(one_error(replaced(kGood, "colours =", "colors =")).substr(0, 4), "8:1:");
  EXPECT_NE(one_error(replaced(kGood, "colours =", "colors =")).find("unknown key \"colors\""), std::string::npos);
  EXPECT_NE(one_error(replaced(kGood, "level = \"I\"", "level = 1")).find("must be a string"), std::string::npos);
  EXPECT_NE(one_error(replaced(kGood, "level = \"I\"", "level = \"V\"")).find("\"I\", \"II\", \"III\" or \"IV\""),
            std::string::npos);
}

TEST(RulesLoad, ApprovalRulesAreEnforced) {
  // Level I/II: only the commander approves, and a rule may not set it directly.
  EXPECT_NE(one_error(replaced(kGood, "level = \"I\"", "level = \"I\"\napprover = \"duty_leader\"")).find("commander"),
            std::string::npos);
  EXPECT_NE(one_error(replaced(kGood, "propose_level", "set_level")).find("cannot set level I/II"), std::string::npos);
  EXPECT_TRUE(RuleSet::load(replaced(replaced(kGood, "propose_level", "set_level"), "\"I\"", "\"III\"")).ok());
}

TEST(RulesLoad, ActionFieldErrors) {
  std::string deadline = replaced(kGood, "action = \"propose_level\"\nlevel = \"I\"\n",
                                  "action = \"open_deadline\"\nkind = \"k\"\nwithin = \"2 hours\"\n");
  EXPECT_NE(one_error(deadline).find("not a duration"), std::string::npos);
  EXPECT_TRUE(RuleSet::load(replaced(deadline, "2 hours", "1h30m")).ok());
  std::string notify = replaced(kGood, "action = \"propose_level\"\nlevel = \"I\"\n",
                                "action = \"notify\"\nto = [\"role:mayor\"]\nmessage_zh = \"x\"\nmessage_en = \"x\"\n");
  EXPECT_NE(one_error(notify).find("\"role:mayor\" is not an address"), std::string::npos);
  std::string duty = replaced(kGood, "action = \"propose_level\"\nlevel = \"I\"\n",
                              "action = \"raise_duty_level\"\nreadiness_percent = 120\n");
  EXPECT_NE(one_error(duty).find("from 1 to 100"), std::string::npos);
  std::string teams = replaced(kGood, "action = \"propose_level\"\nlevel = \"I\"\n",
                               "action = \"preposition_teams\"\nteam_kinds = [\"navy\"]\n");
  EXPECT_FALSE(errors_of(teams).empty());
}

TEST(RulesLoad, AllErrorsAreReportedAtOnce) {
  std::string text = std::string(kGood) + R"(
[[rule]]
id = "r1"
title_zh = "乙"
title_en = "B"
[rule.when]
trigger = "incident_fact"
[[rule.then]]
action = "fly"
)";
  auto e = errors_of(text);
  // duplicate id, incident_fact without a threshold, unknown action
  ASSERT_EQ(e.size(), 3u);
  EXPECT_NE(e[0].reason.find("duplicate id"), std::string::npos);
  EXPECT_EQ(e[0].line, 14);
  EXPECT_NE(e[1].reason.find("at least one of dead"), std::string::npos);
  EXPECT_NE(e[2].reason.find("unknown action \"fly\""), std::string::npos);
  EXPECT_EQ(e[2].line, 20);
}

TEST(RulesLoad, StructureErrors) {
  EXPECT_NE(one_error("").find("version"), std::string::npos);
  EXPECT_NE(one_error("version = 2").find("from 1 to 1"), std::string::npos);
  EXPECT_NE(one_error("version = 1\nrule = 3\n").find("[[rule]]"), std::string::npos);
  EXPECT_NE(one_error(replaced(kGood, "[[rule.then]]\naction = \"propose_level\"\nlevel = \"I\"\n", "")).find("[[rule.then]]"),
            std::string::npos);
  auto e = errors_of("version = 1\n[settings]\nescalation_step = \"soon\"\n");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].line, 3);
}

TEST(RulesLoad, DisabledRuleDoesNotFire) {
  auto r = RuleSet::load(replaced(kGood, "title_en = \"A\"", "title_en = \"A\"\nenabled = false"));
  ASSERT_TRUE(r.ok());
  Trigger t;
  t.warning_type = "typhoon";
  t.colour = "red";
  EXPECT_TRUE(r.rules->evaluate(t, {}).empty());
  EXPECT_EQ(RuleSet::load(kGood).rules->evaluate(t, {}).size(), 1u);
}

TEST(RulesHolder, BrokenReloadKeepsTheRulesInForce) {
  RulesHolder holder;
  auto before = holder.current();
  EXPECT_GE(before->size(), 14u);
  auto errors = holder.reload(replaced(kGood, "\"red\"", "\"purple\""));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].line, 8);
  EXPECT_EQ(holder.current(), before);  // same object: nothing changed
  try {
    throw_rules_invalid(errors);
  } catch (const lifeline::ApiError& e) {
    EXPECT_EQ(e.code(), "rules_invalid");
    EXPECT_NE(e.detail().find("rules.toml:8:"), std::string::npos);
  }
  EXPECT_TRUE(holder.reload(kGood).empty());
  EXPECT_EQ(holder.current()->size(), 1u);
  EXPECT_EQ(before->size(), RuleSet::defaults()->size());  // a snapshot taken before stays usable
}
