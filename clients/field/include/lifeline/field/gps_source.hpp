// Where positions come from: an NMEA serial port (`serial:/dev/ttyUSB0`), a recorded NMEA file
// replayed one fix per poll (`file:PATH`), or a simulated track (`sim:LAT,LON`) that walks a circle
// and goes through the same NMEA parser. poll() returns the newest valid fix since the last call.
#pragma once
#include <memory>
#include <optional>
#include <string>

#include "lifeline/field/nmea.hpp"

namespace lifeline::field {

class GpsSource {
 public:
  virtual ~GpsSource() = default;
  virtual std::optional<NmeaFix> poll(int64_t now_ms) = 0;
};

// Throws FieldError("gps_source") with the reason when the spec cannot be opened.
std::unique_ptr<GpsSource> open_gps_source(const std::string& spec);

// One $GPRMC sentence for (lat, lon) at `ms` (with checksum); used by the simulator and tests.
std::string make_rmc(double lat, double lon, int64_t ms);

}  // namespace lifeline::field
