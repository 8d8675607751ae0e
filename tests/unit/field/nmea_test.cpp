// The handheld's NMEA reader: real receiver sentences, checksums, hemispheres, and refusals.
#include <gtest/gtest.h>

#include "lifeline/field/gps_source.hpp"
#include "lifeline/field/nmea.hpp"
#include "lifeline/time_format.hpp"

using namespace lifeline::field;

TEST(FieldNmea, ReadsRmcWithDateAndHemispheres) {
  // The classic example sentence from the NMEA 0183 literature (48°07.038'N 11°31.000'E, 1994-03-23).
  auto r = parse_nmea("$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*6A\r\n");
  ASSERT_TRUE(r.fix) << r.error;
  EXPECT_TRUE(r.fix->valid);
  EXPECT_NEAR(r.fix->lat, 48.1173, 1e-4);
  EXPECT_NEAR(r.fix->lon, 11.516667, 1e-5);
  EXPECT_EQ(lifeline::format_rfc3339_ms(r.fix->fix_ms), "1994-03-23T12:35:19.000Z");
}

TEST(FieldNmea, ReadsGgaAndMultiConstellationTalkers) {
  auto r = parse_nmea("$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47");
  ASSERT_TRUE(r.fix) << r.error;
  EXPECT_EQ(r.fix->sentence, "GGA");
  EXPECT_EQ(r.fix->fix_ms, -1);
  EXPECT_EQ(r.fix->seconds_of_day_ms, (12 * 3600 + 35 * 60 + 19) * 1000);
  // South/West and the GN talker, built by our own writer.
  auto line = make_rmc(-33.8688, -151.2093, 1787187600000);  // 2026-08-20T01:00:00Z
  auto gn = "$GN" + line.substr(3, line.size() - 6);
  unsigned sum = 0;
  for (size_t i = 1; i < gn.size(); ++i) sum ^= static_cast<unsigned char>(gn[i]);
  char tail[4];
  std::snprintf(tail, sizeof tail, "*%02X", sum);
  auto g = parse_nmea(gn + tail);
  ASSERT_TRUE(g.fix) << g.error << " " << gn;
  EXPECT_NEAR(g.fix->lat, -33.8688, 1e-4);
  EXPECT_NEAR(g.fix->lon, -151.2093, 1e-4);
  EXPECT_EQ(lifeline::format_rfc3339_ms(g.fix->fix_ms), "2026-08-20T01:00:00.000Z");
}

TEST(FieldNmea, NoFixIsNotAnError) {
  auto r = parse_nmea("$GPRMC,123519,V,,,,,,,230394,,*33");
  ASSERT_TRUE(r.fix) << r.error;
  EXPECT_FALSE(r.fix->valid);
}

TEST(FieldNmea, RefusesBadInputWithAReason) {
  EXPECT_EQ(parse_nmea("$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*6B").error, "checksum mismatch");
  EXPECT_EQ(parse_nmea("$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W").error, "missing checksum");
  EXPECT_EQ(parse_nmea("GPRMC,1*00").error, "not an NMEA sentence");
  EXPECT_EQ(parse_nmea(std::string(200, '$')).error, "sentence too long");
  // Minutes ≥ 60 (a well-formed sentence with a valid checksum).
  EXPECT_FALSE(parse_nmea("$GPGGA,123519,4867.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*41").fix);
  // Unknown sentence types are ignored quietly.
  auto other = parse_nmea("$GPGSV,1,1,00*79");
  EXPECT_FALSE(other.fix);
  EXPECT_EQ(other.error, "");
}
