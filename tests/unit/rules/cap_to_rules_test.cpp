// Issue 8's scenario: a red typhoon warning arriving as CAP opens the consultation deadline (2 h),
// raises the duty level and proposes level II, per the shipped rules; the areas match townships.
#include <gtest/gtest.h>

#include "lifeline/cap/cap_import.hpp"
#include "lifeline/cap/gazetteer.hpp"
#include "lifeline/rules/rule_set.hpp"

using namespace lifeline;

namespace {

const char* kRedTyphoon = R"(<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>QX-2026-0820-TY-01</identifier>
  <sender>weather@demo-city.example</sender>
  <sent>2026-08-20T09:00:00+08:00</sent>
  <status>Actual</status>
  <msgType>Alert</msgType>
  <scope>Public</scope>
  <info>
    <language>zh-CN</language>
    <category>Met</category>
    <event>台风红色预警</event>
    <urgency>Immediate</urgency>
    <severity>Severe</severity>
    <certainty>Likely</certainty>
    <senderName>示范市气象局</senderName>
    <headline>示范市气象台发布台风红色预警信号</headline>
    <parameter><valueName>warningColour</valueName><value>红色</value></parameter>
    <area>
      <areaDesc>滨海县石塘镇、港口镇</areaDesc>
      <geocode><valueName>GB/T 2260</valueName><value>339901001</value></geocode>
    </area>
  </info>
</alert>)";

}  // namespace

TEST(CapToRules, RedTyphoonAsCapTriggersTheDefaults) {
  auto w = cap::import_cap(kRedTyphoon);
  EXPECT_EQ(w.type, "typhoon");
  EXPECT_EQ(w.colour, "red");  // the warningColour parameter wins over severity Severe (orange)
  auto towns = cap::Gazetteer::builtin().match(w.areas);
  ASSERT_EQ(towns.size(), 2u);
  EXPECT_EQ(towns[0], (cap::AreaMatch{"P0001", "geocode"}));
  EXPECT_EQ(towns[1], (cap::AreaMatch{"P0007", "name"}));

  rules::Trigger t;
  t.kind = rules::TriggerKind::warning;
  t.subject = w.identifier;
  t.warning_type = w.type;
  t.colour = w.colour;
  t.change = w.msg_type == "Cancel" ? "cancelled" : "issued";
  auto actions = rules::RuleSet::defaults()->evaluate(t, {});
  bool consult = false, duty = false, level = false;
  for (const auto& a : actions) {
    if (a.kind == rules::ActionKind::require_consultation && a.within_ms == 2 * 3600 * 1000) consult = true;
    if (a.kind == rules::ActionKind::raise_duty_level && a.readiness_percent == 100 && a.leader_24h) duty = true;
    if (a.kind == rules::ActionKind::propose_level && a.level <= 2 && a.approver == "commander") level = true;
    EXPECT_EQ(a.matched, "warning typhoon red issued");
  }
  EXPECT_TRUE(consult);
  EXPECT_TRUE(duty);
  EXPECT_TRUE(level);
}
