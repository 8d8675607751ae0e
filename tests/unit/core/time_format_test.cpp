#include "lifeline/time_format.hpp"

#include <gtest/gtest.h>

using namespace lifeline;

TEST(TimeFormat, FormatsUtcWithMilliseconds) {
  EXPECT_EQ(format_rfc3339_ms(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(format_rfc3339_ms(1755651600000), "2025-08-20T01:00:00.000Z");
  EXPECT_EQ(format_rfc3339_ms(-1), "1969-12-31T23:59:59.999Z");
}

TEST(TimeFormat, ParsesWhatItFormatsAndOffsets) {
  for (int64_t ms : {0LL, 1755651600123LL, 951782400000LL /*2000-02-29*/, 4102444799999LL})
    EXPECT_EQ(parse_rfc3339(format_rfc3339_ms(ms)), ms);
  EXPECT_EQ(parse_rfc3339("2025-08-20T09:00:00+08:00"), 1755651600000);
  EXPECT_EQ(parse_rfc3339("2025-08-20T01:00:00.5Z"), 1755651600500);
}

TEST(TimeFormat, RejectsInvalidDates) {
  for (const char* bad : {"", "2025-08-20", "2025-08-20T01:00:00", "2025-13-01T00:00:00Z", "2025-02-29T00:00:00Z",
                          "2025-08-20T24:00:00Z", "2025-08-20T01:00:00Zjunk", "2025-08-20T01:00:00.Z",
                          "2025-08-20T01:00:00+8:00"})
    EXPECT_FALSE(parse_rfc3339(bad)) << bad;
}

TEST(TimeFormat, LocalTimeIsShanghaiByDefault) {
  EXPECT_EQ(format_local_minutes(1755651600000), "2025-08-20 09:00");
  EXPECT_EQ(format_local_minutes(1755651600000, 0), "2025-08-20 01:00");
}
