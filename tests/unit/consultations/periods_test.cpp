// The report calendar in China Standard Time: which period a moment falls in, which dates start a
// period, and when each level's report is due.
#include <gtest/gtest.h>

#include "lifeline/reports/periods.hpp"
#include "lifeline/time_format.hpp"

using namespace lifeline;
using namespace lifeline::reports;

namespace {
int64_t at(const char* rfc) { return *parse_rfc3339(rfc); }
std::string when(int64_t ms) { return format_rfc3339_ms(ms); }
}  // namespace

TEST(ReportPeriods, LocalDayWeekAndMonthAroundMidnight) {
  // 2026-08-19T16:00Z is 2026-08-20 00:00 local: already the 20th.
  EXPECT_EQ(period_at("daily", at("2026-08-19T15:59:59.999Z")).start_date, "2026-08-19");
  EXPECT_EQ(period_at("daily", at("2026-08-19T16:00:00.000Z")).start_date, "2026-08-20");
  EXPECT_EQ(period_at("weekly", at("2026-08-20T01:00:00.000Z")).start_date, "2026-08-17");  // Thursday -> Monday
  EXPECT_EQ(period_at("weekly", at("2026-08-23T15:59:59.999Z")).start_date, "2026-08-17");  // Sunday 23:59 local
  EXPECT_EQ(period_at("weekly", at("2026-08-23T16:00:00.000Z")).start_date, "2026-08-24");
  EXPECT_EQ(period_at("monthly", at("2026-12-31T16:00:00.000Z")).start_date, "2027-01-01");
  auto m = period_at("monthly", at("2026-02-10T00:00:00.000Z"));
  EXPECT_EQ(m.start_date, "2026-02-01");
  EXPECT_EQ(when(m.start_ms), "2026-01-31T16:00:00.000Z");
  EXPECT_EQ(when(m.end_ms), "2026-02-28T16:00:00.000Z");
}

TEST(ReportPeriods, OnlyAPeriodsFirstDayNamesIt) {
  EXPECT_TRUE(period_from("daily", "2026-08-20"));
  EXPECT_TRUE(period_from("weekly", "2026-08-17"));
  EXPECT_FALSE(period_from("weekly", "2026-08-18"));
  EXPECT_TRUE(period_from("monthly", "2026-08-01"));
  EXPECT_FALSE(period_from("monthly", "2026-08-02"));
  EXPECT_FALSE(period_from("daily", "2026-02-29"));  // not a leap year
  EXPECT_TRUE(period_from("daily", "2028-02-29"));
  EXPECT_FALSE(period_from("daily", "2026-8-20"));
  EXPECT_FALSE(period_from("daily", "2026-08-20x"));
  EXPECT_FALSE(period_from("yearly", "2026-01-01"));
}

TEST(ReportPeriods, TownshipsAt1600CountiesAt1800TheCityAt2000OnThePeriodsLastDay) {
  auto day = *period_from("daily", "2026-08-20");
  EXPECT_EQ(when(report_due_at(day, "township")), "2026-08-20T08:00:00.000Z");
  EXPECT_EQ(when(report_due_at(day, "county")), "2026-08-20T10:00:00.000Z");
  EXPECT_EQ(when(report_due_at(day, "city")), "2026-08-20T12:00:00.000Z");
  EXPECT_EQ(when(report_due_at(*period_from("weekly", "2026-08-17"), "township")), "2026-08-23T08:00:00.000Z");
  EXPECT_EQ(when(report_due_at(*period_from("monthly", "2026-02-01"), "city")), "2026-02-28T12:00:00.000Z");
}
