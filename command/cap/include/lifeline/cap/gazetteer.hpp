// Townships with their geocode and area, and the matcher that says which townships a CAP <area>
// covers: by <geocode> (the gazetteer's geocode), by name in <areaDesc>, or by polygon/circle overlap.
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lifeline/cap/warning.hpp"

namespace lifeline::cap {

using LatLon = std::pair<double, double>;  // degrees, WGS 84

struct Township {
  std::string id, name, name_en, county, geocode;
  std::vector<LatLon> area;  // closed ring
};

struct AreaMatch {
  std::string township_id;
  std::string how;  // geocode, name, polygon, circle
  bool operator==(const AreaMatch&) const = default;
};

class Gazetteer {
 public:
  // Reads {"places": [{id, kind, name, name_en?, county?, geocode?, area?}, ...]}; only kind
  // "township" is kept. Throws ApiError bad_json / bad_field with the place index.
  static Gazetteer from_json(std::string_view text);
  // The demo city shipped in schema/gazetteer.json (embedded).
  static const Gazetteer& builtin();

  const std::vector<Township>& townships() const { return townships_; }
  // Each township at most once, with the first way it matched (geocode, name, polygon, circle).
  std::vector<AreaMatch> match(const Area& area) const;
  std::vector<AreaMatch> match(const std::vector<Area>& areas) const;

 private:
  std::vector<Township> townships_;
};

// "lat,lon lat,lon ..." -> points; empty if malformed.
std::vector<LatLon> parse_cap_polygon(std::string_view text);
// True if the two simple polygons (closed rings) overlap or touch.
bool polygons_intersect(const std::vector<LatLon>& a, const std::vector<LatLon>& b);

}  // namespace lifeline::cap
