// The key-period calendar (schema/key_periods.json): the holidays on the State Council's dates
// (schema/holidays.json), the flood and fire seasons, local midnights as edges, and the file's
// errors said by entry.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "lifeline/domain/key_periods.hpp"
#include "lifeline/schema_files.hpp"
#include "lifeline/time_format.hpp"

using lifeline::parse_rfc3339;
using lifeline::domain::KeyPeriodCalendar;
using nlohmann::json;

namespace {

std::vector<std::string> periods_at(const char* at) {
  std::vector<std::string> out;
  for (const auto& p : KeyPeriodCalendar::shipped().in_force(*parse_rfc3339(at))) out.push_back(p.period);
  return out;
}

std::string error_of(const std::string& text) {
  try {
    KeyPeriodCalendar::parse(text);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "ok";
}

}  // namespace

TEST(KeyPeriods, NationalDay2026RunsFromOctober1To7LocalTimeAndTheFloodSeasonEndsBeforeIt) {
  EXPECT_EQ(periods_at("2026-09-30T15:59:59.999Z"), std::vector<std::string>{"flood_season"});  // 09-30 23:59:59 local
  EXPECT_EQ(periods_at("2026-09-30T16:00:00.000Z"), std::vector<std::string>{"national_day"});  // 10-01 00:00 local
  EXPECT_EQ(periods_at("2026-10-07T15:59:00.000Z"), std::vector<std::string>{"national_day"});
  EXPECT_TRUE(periods_at("2026-10-07T16:00:00.000Z").empty()) << "10-08: back to normal duty until the fire season";
  EXPECT_EQ(periods_at("2026-11-01T00:00:00.000Z"), std::vector<std::string>{"fire_season"});
  EXPECT_EQ(periods_at("2026-08-20T01:00:00.000Z"), std::vector<std::string>{"flood_season"});
  // The 2025-26 fire season spans Spring Festival 2026: both are in force.
  EXPECT_EQ(periods_at("2026-02-16T04:00:00.000Z"), (std::vector<std::string>{"fire_season", "spring_festival"}));
  EXPECT_EQ(KeyPeriodCalendar::shipped().next_change_after(*parse_rfc3339("2026-10-02T00:00:00.000Z")),
            *parse_rfc3339("2026-10-07T16:00:00.000Z"));
}

TEST(KeyPeriods, HolidayPeriodsHaveTheStateCouncilsDates) {
  auto holidays = json::parse(lifeline::schema::find_file(lifeline::schema::documents(), "holidays.json").value());
  auto periods = json::parse(lifeline::schema::find_file(lifeline::schema::documents(), "key_periods.json").value());
  const std::map<std::string, std::string> by_name = {
      {"new_year", "元旦"}, {"spring_festival", "春节"}, {"may_day", "劳动节"}, {"national_day", "国庆"}};
  int checked = 0;
  for (const auto& [year, list] : periods["years"].items()) {
    for (const auto& p : list) {
      auto name = by_name.find(p["period"]);
      if (name == by_name.end()) continue;
      bool found = false;
      for (const auto& h : holidays["years"][year]["holidays"])
        if (h["name_zh"].get<std::string>().find(name->second) != std::string::npos) {
          EXPECT_EQ(p["from"], h["from"]) << year << " " << name->second;
          EXPECT_EQ(p["to"], h["to"]) << year << " " << name->second;
          found = true;
        }
      EXPECT_TRUE(found) << year << " " << name->second;
      ++checked;
    }
  }
  EXPECT_GE(checked, 8);
}

TEST(KeyPeriods, BaselineRulesPerLevelAndRuleNamesInBothLanguages) {
  const auto& cal = KeyPeriodCalendar::shipped();
  EXPECT_EQ(cal.baseline("city"), std::vector<std::string>{"leader_24h"});
  EXPECT_EQ(cal.baseline("county"), std::vector<std::string>{"round_the_clock"});
  EXPECT_EQ(cal.baseline("township"), std::vector<std::string>{"leader_daily"});
  EXPECT_EQ(cal.rule_name("leader_24h").name_zh, "领导24小时带班");
  EXPECT_EQ(cal.rule_name("leader_daily").name_en, "a leader leads a shift every day");
  auto flood = cal.in_force(*parse_rfc3339("2026-08-20T01:00:00.000Z")).at(0);
  EXPECT_EQ(flood.readiness_percent, 100);
  EXPECT_EQ(flood.rules.at("county"), std::vector<std::string>{"leader_24h"});
  EXPECT_EQ(flood.subject(), "key_period:flood_season:2026-06-01");
  EXPECT_EQ(cal.find("key_period:flood_season:2026-06-01")->name_zh, "主汛期");
}

TEST(KeyPeriods, AMalformedCalendarIsRefusedNamingTheEntry) {
  const std::string head = R"({"rules": {"round_the_clock": {"name_zh": "a", "name_en": "a"}, "leader_24h": {"name_zh": "b", "name_en": "b"},
    "leader_daily": {"name_zh": "c", "name_en": "c"}}, "baseline": {"city": ["leader_24h"]},
    "periods": {"p": {"name_zh": "国庆节", "name_en": "National Day", "readiness_percent": 100}}, "years": )";
  EXPECT_EQ(error_of(head + R"({"2026": [{"period": "p", "from": "2026-10-01", "to": "2026-10-07"}]}})"), "ok");
  EXPECT_NE(error_of(head + R"({"2026": [{"period": "p", "from": "2026-02-30", "to": "2026-03-07"}]}})").find("years.2026[0]"), std::string::npos);
  EXPECT_NE(error_of(head + R"({"2026": [{"period": "q", "from": "2026-10-01", "to": "2026-10-07"}]}})").find("unknown period"), std::string::npos);
  EXPECT_NE(error_of(head + R"({"2026": [{"period": "p", "from": "2026-10-07", "to": "2026-10-01"}]}})").find("on or after"), std::string::npos);
  EXPECT_NE(error_of(head + R"({"2025": [{"period": "p", "from": "2026-10-01", "to": "2026-10-07"}]}})").find("not in 2025"), std::string::npos);
  EXPECT_NE(error_of(R"({"rules": {}, "baseline": {}, "periods": {}, "years": {}})").find("has no names"), std::string::npos);
}
