// A small NMEA 0183 reader for the handheld's GPS: $GPRMC/$GNRMC (time, date, validity, position)
// and $GPGGA/$GNGGA (fix quality, position). The checksum is required and verified. Anything else
// is refused with a reason, never a crash (fuzzed: tests/fuzz/field).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lifeline::field {

struct NmeaFix {
  double lat = 0, lon = 0;
  int64_t fix_ms = -1;  // UTC ms when the sentence carries a date (RMC); -1 otherwise
  int seconds_of_day_ms = -1;
  bool valid = false;   // RMC status A / GGA quality > 0
  std::string sentence;  // "RMC" or "GGA"
};

struct NmeaResult {
  std::optional<NmeaFix> fix;
  std::string error;  // why the line was refused (empty when fix is set or the type is ignored)
};

NmeaResult parse_nmea(std::string_view line);

}  // namespace lifeline::field
