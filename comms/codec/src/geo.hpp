// Absolute fixed-point positions: lat in 24 bits (2^-24 of 180°), lon in 25 bits (2^-25 of 360°),
// both ≈1.19 m per step at the equator (schema/codec.md §4.1).
#pragma once
#include <cmath>

#include "bits.hpp"
#include "lifeline/codec/messages.hpp"

namespace lifeline::codec::detail {

inline constexpr int kLatBits = 24, kLonBits = 25;

inline bool point_in_range(const GeoPoint& p) {
  return std::isfinite(p.lat) && std::isfinite(p.lon) && p.lat >= -90 && p.lat <= 90 && p.lon >= -180 &&
         p.lon <= 180;
}

inline void put_point(BitWriter& w, const GeoPoint& p) {
  const double lat_units = std::llround((p.lat + 90.0) / 180.0 * (1 << kLatBits));
  const double lon_units = std::llround((p.lon + 180.0) / 360.0 * (1 << kLonBits));
  const auto lat = static_cast<uint32_t>(std::min(lat_units, double((1 << kLatBits) - 1)));
  const auto lon = static_cast<uint32_t>(lon_units) & ((1u << kLonBits) - 1);  // +180 wraps to -180
  w.put(lat, kLatBits);
  w.put(lon, kLonBits);
}

inline GeoPoint get_point(BitReader& r) {
  GeoPoint p;
  p.lat = static_cast<double>(r.get(kLatBits)) * 180.0 / (1 << kLatBits) - 90.0;
  p.lon = static_cast<double>(r.get(kLonBits)) * 360.0 / (1 << kLonBits) - 180.0;
  return p;
}

// The value a point reads back as after a round trip.
inline GeoPoint quantize(const GeoPoint& p) {
  BitWriter w;
  put_point(w, p);
  BitReader r(w.bytes());
  return get_point(r);
}

}  // namespace lifeline::codec::detail
