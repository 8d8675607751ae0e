// Working days on the State Council's calendar (schema/holidays.json): the bureau's "3 working
// days" (hazard acceptance, seed-digest §4) around National Day and Spring Festival 2026.
#include <gtest/gtest.h>

#include <stdexcept>

#include "lifeline/civil_date.hpp"
#include "lifeline/deadlines/working_days.hpp"

namespace {

using lifeline::deadlines::add_working_days;
using lifeline::deadlines::WorkingCalendar;

constexpr int64_t kHour = 3600LL * 1000;

// A China Standard Time wall-clock moment as UTC milliseconds.
int64_t cst(int y, unsigned m, unsigned d, int hour = 0) {
  return lifeline::days_from_civil(y, m, d) * 24 * kHour + hour * kHour - 8 * kHour;
}

int64_t local_day(int y, unsigned m, unsigned d) { return lifeline::days_from_civil(y, m, d); }

TEST(WorkingDays, ThreeWorkingDaysAcrossNationalDay2026CountTheMakeUpSaturday) {
  // Applied for acceptance Wednesday 30 Sep 10:00; 1-7 Oct are off; Thu 8, Fri 9 and the make-up
  // Saturday 10 Oct are the three working days.
  EXPECT_EQ(add_working_days(cst(2026, 9, 30, 10), 3), cst(2026, 10, 10, 10));
}

TEST(WorkingDays, ThreeWorkingDaysBeforeNationalDay2026CountTheMakeUpSunday) {
  // Friday 18 Sep 10:00: Sunday 20 Sep is worked (调休上班), so Sun, Mon, Tue.
  EXPECT_EQ(add_working_days(cst(2026, 9, 18, 10), 3), cst(2026, 9, 22, 10));
  // Thursday 24 Sep 10:00: Fri 25 - Sun 27 is Mid-Autumn, so Fri is off too: Mon 28, Tue 29, Wed 30.
  EXPECT_EQ(add_working_days(cst(2026, 9, 24, 10), 3), cst(2026, 9, 30, 10));
}

TEST(WorkingDays, ThreeWorkingDaysAcrossSpringFestival2026) {
  // Friday 13 Feb 10:00: Sat 14 Feb is worked, 15-23 Feb are off, then Tue 24 and Wed 25.
  EXPECT_EQ(add_working_days(cst(2026, 2, 13, 10), 3), cst(2026, 2, 25, 10));
}

TEST(WorkingDays, AStartOnAHolidayCountsFromTheNextWorkingMorning) {
  // Saturday 3 Oct 2026 15:00 (holiday): from Thu 8 Oct 00:00, 3 working days on = Mon 12 Oct 00:00
  // (Fri 9, Sat 10 make-up, Mon 12).
  EXPECT_EQ(add_working_days(cst(2026, 10, 3, 15), 3), cst(2026, 10, 12, 0));
}

TEST(WorkingDays, OfficialCalendarKnowsTheDaysOff2026) {
  const auto& cal = WorkingCalendar::official();
  EXPECT_TRUE(cal.covers_year(2025));
  EXPECT_TRUE(cal.covers_year(2026));
  EXPECT_FALSE(cal.is_working_day(local_day(2026, 10, 1)));
  EXPECT_FALSE(cal.is_working_day(local_day(2026, 10, 7)));  // a Wednesday
  EXPECT_TRUE(cal.is_working_day(local_day(2026, 9, 20)));   // a Sunday, worked
  EXPECT_TRUE(cal.is_working_day(local_day(2026, 10, 10)));  // a Saturday, worked
  EXPECT_FALSE(cal.is_working_day(local_day(2026, 2, 23)));  // a Monday, Spring Festival
  EXPECT_FALSE(cal.is_working_day(local_day(2026, 1, 2)));   // a Friday, New Year
  EXPECT_TRUE(cal.is_working_day(local_day(2026, 1, 4)));    // a Sunday, worked
  // 2026 as the notice sets it: 365 days - 104 weekend days - 19 weekdays off + 6 make-up days.
  int working = 0;
  for (int64_t d = local_day(2026, 1, 1); d < local_day(2027, 1, 1); ++d) working += cal.is_working_day(d);
  EXPECT_EQ(working, 365 - 104 - 19 + 6);
}

TEST(WorkingDays, AYearWithoutANoticeCountsMondayToFriday) {
  const auto& cal = WorkingCalendar::official();
  EXPECT_FALSE(cal.covers_year(2031));
  // Friday 3 Oct 2031 10:00 + 3 = Wednesday 8 Oct 10:00 (no National Day without the notice).
  EXPECT_EQ(add_working_days(cst(2031, 10, 3, 10), 3), cst(2031, 10, 8, 10));
}

std::string refusal(const std::string& text) {
  try {
    WorkingCalendar::parse(text);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "";
}

TEST(WorkingDays, ABadCalendarIsRefusedNamingTheEntry) {
  auto year = [](const std::string& holidays, const std::string& workdays) {
    return R"({"years": {"2027": {"holidays": [)" + holidays + R"(], "workdays": [)" + workdays + "]}}}";
  };
  const std::string newyear = R"({"name_zh": "元旦", "from": "2027-01-01", "to": "2027-01-01"})";
  EXPECT_EQ(refusal(year(newyear, R"("2027-01-02")")), "");  // a Saturday made up: fine
  EXPECT_NE(refusal(year(newyear, R"("2027-01-04")")).find("2027 workdays[0]: a make-up working day is a Saturday or Sunday"), std::string::npos);
  EXPECT_NE(refusal(year(newyear, R"("2026-12-26")")).find("is not in 2027"), std::string::npos);
  EXPECT_NE(refusal(year(R"({"name_zh": "x", "from": "2027-02-30", "to": "2027-03-01"})", "")).find("does not exist"), std::string::npos);
  EXPECT_NE(refusal(year(newyear + "," + newyear, "")).find("2027 holidays[1]: overlaps another holiday"), std::string::npos);
  EXPECT_NE(refusal(year(R"({"name_zh": "x", "from": "2027-05-05", "to": "2027-05-01"})", "")).find("on or after"), std::string::npos);
  EXPECT_NE(refusal("[]").find("\"years\""), std::string::npos);
  EXPECT_NE(refusal("{").find("not JSON"), std::string::npos);
}

}  // namespace
