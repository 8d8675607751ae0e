// The plans register's data (schema/plans.toml): the city's 1 master plan and 25 special plans
// (seed-digest §9 "Plan counts"), each rule a plan names is a rule of the shipped rules, and every
// shipped rule is named by some plan (the system does nothing no plan states). A broken plans file
// is refused with line:column and reason.
#include <gtest/gtest.h>

#include <set>

#include "lifeline/rules/plan_catalog.hpp"

using namespace lifeline::rules;

TEST(PlanCatalog, TheCityKeepsOneMasterPlanAnd25SpecialPlans) {
  const auto& plans = PlanCatalog::shipped().plans;
  int master = 0, special = 0;
  for (const auto& p : plans) (p.kind == "master" ? master : special)++;
  EXPECT_EQ(master, 1);
  EXPECT_EQ(special, 25);
  ASSERT_NE(PlanCatalog::shipped().find("flood_typhoon"), nullptr);
  EXPECT_EQ(PlanCatalog::shipped().find("nonexistent"), nullptr);
}

TEST(PlanCatalog, EveryRuleAPlanNamesIsShippedAndEveryShippedRuleHasAPlan) {
  auto shipped = RuleSet::defaults()->rule_ids();
  std::set<std::string> rules(shipped.begin(), shipped.end()), named;
  for (const auto& p : PlanCatalog::shipped().plans)
    for (const auto& r : p.rules) {
      EXPECT_TRUE(rules.count(r)) << p.id << " names " << r << ", not a rule of schema/rules.toml";
      named.insert(r);
    }
  for (const auto& r : rules) EXPECT_TRUE(named.count(r)) << r << " is named by no plan";
}

TEST(PlanCatalog, ABrokenFileIsRefusedWithLineColumnAndReason) {
  auto two_masters = PlanCatalog::load(R"(version = 1
[[plan]]
id = "a"
kind = "master"
title_zh = "甲"
title_en = "A"
lead = "city"
activation_zh = "x"
activation_en = "x"
rules = []
[[plan]]
id = "a"
kind = "mistress"
title_zh = "乙"
title_en = "B"
lead = "city"
activation_zh = "x"
activation_en = "x"
rulez = []
)");
  EXPECT_TRUE(two_masters.plans.empty());
  std::string all;
  for (const auto& e : two_masters.errors) all += e.to_string("plans.toml") + "\n";
  EXPECT_NE(all.find("id a used twice"), std::string::npos) << all;
  EXPECT_NE(all.find("kind must be master or special"), std::string::npos) << all;
  EXPECT_NE(all.find("unknown field rulez"), std::string::npos) << all;
  EXPECT_NE(all.find("plans.toml:19:"), std::string::npos) << all;  // the unknown field's line
  auto syntax = PlanCatalog::load("version = 1\n[[plan]\n");
  ASSERT_EQ(syntax.errors.size(), 1u);
  EXPECT_EQ(syntax.errors[0].line, 2);
}
