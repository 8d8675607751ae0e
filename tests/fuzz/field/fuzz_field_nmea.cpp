// The handheld's NMEA reader on arbitrary bytes: never crashes, and a fix it accepts is in range.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "lifeline/field/nmea.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto r = lifeline::field::parse_nmea(std::string_view(reinterpret_cast<const char*>(data), size));
  if (r.fix && r.fix->valid && (r.fix->lat < -90 || r.fix->lat > 90 || r.fix->lon < -180 || r.fix->lon > 180)) std::abort();
  return 0;
}
