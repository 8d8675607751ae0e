// Townships and area matching. Coordinates are treated as planar (lat, lon) degrees: townships are a
// few km across, far from the poles and the antimeridian, so the error is negligible.
#include "lifeline/cap/gazetteer.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <stdexcept>

#include "lifeline/api_error.hpp"
#include "lifeline/schema_files.hpp"

namespace lifeline::cap {

namespace {

bool point_in_polygon(const LatLon& p, const std::vector<LatLon>& poly) {
  bool inside = false;
  for (std::size_t i = 0, j = poly.size() - 1; i < poly.size(); j = i++) {
    auto [yi, xi] = poly[i];
    auto [yj, xj] = poly[j];
    if ((yi > p.first) != (yj > p.first) && p.second < (xj - xi) * (p.first - yi) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

double cross(const LatLon& o, const LatLon& a, const LatLon& b) {
  return (a.first - o.first) * (b.second - o.second) - (a.second - o.second) * (b.first - o.first);
}

bool on_segment(const LatLon& p, const LatLon& a, const LatLon& b) {
  return std::min(a.first, b.first) <= p.first && p.first <= std::max(a.first, b.first) &&
         std::min(a.second, b.second) <= p.second && p.second <= std::max(a.second, b.second);
}

bool segments_intersect(const LatLon& a, const LatLon& b, const LatLon& c, const LatLon& d) {
  double d1 = cross(c, d, a), d2 = cross(c, d, b), d3 = cross(a, b, c), d4 = cross(a, b, d);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
  return (d1 == 0 && on_segment(a, c, d)) || (d2 == 0 && on_segment(b, c, d)) || (d3 == 0 && on_segment(c, a, b)) ||
         (d4 == 0 && on_segment(d, a, b));
}

// "lat,lon radius_km" as a 32-gon.
std::vector<LatLon> circle_polygon(std::string_view text) {
  auto sp = text.find_first_of(" \t");
  if (sp == std::string_view::npos) return {};
  auto centre = parse_cap_polygon(text.substr(0, sp));
  std::string r_text(text.substr(sp + 1));
  char* end = nullptr;
  double r = std::strtod(r_text.c_str(), &end);
  if (centre.size() != 1 || !std::isfinite(r) || r < 0) return {};
  constexpr double kKmPerDegree = 111.32, kPi = 3.14159265358979323846;
  double dlat = r / kKmPerDegree, dlon = r / (kKmPerDegree * std::max(0.01, std::cos(centre[0].first * kPi / 180)));
  std::vector<LatLon> ring;
  for (int i = 0; i <= 32; ++i) {
    double a = 2 * kPi * (i % 32) / 32;
    ring.push_back({centre[0].first + dlat * std::sin(a), centre[0].second + dlon * std::cos(a)});
  }
  return ring;
}

}  // namespace

std::vector<LatLon> parse_cap_polygon(std::string_view text) {
  std::vector<LatLon> pts;
  std::string s(text);
  const char* p = s.c_str();
  while (true) {
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') ++p;
    if (!*p) break;
    char* end = nullptr;
    double lat = std::strtod(p, &end);
    if (end == p || *end != ',') return {};
    p = end + 1;
    double lon = std::strtod(p, &end);
    if (end == p || !std::isfinite(lat) || !std::isfinite(lon)) return {};
    if (*end && *end != ' ' && *end != '\t' && *end != '\n' && *end != '\r') return {};
    p = end;
    pts.push_back({lat, lon});
  }
  return pts;
}

bool polygons_intersect(const std::vector<LatLon>& a, const std::vector<LatLon>& b) {
  if (a.size() < 3 || b.size() < 3) return false;
  for (std::size_t i = 0; i + 1 < a.size(); ++i)
    for (std::size_t j = 0; j + 1 < b.size(); ++j)
      if (segments_intersect(a[i], a[i + 1], b[j], b[j + 1])) return true;
  return point_in_polygon(a[0], b) || point_in_polygon(b[0], a);
}

Gazetteer Gazetteer::from_json(std::string_view text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("places") || !j["places"].is_array())
    throw ApiError("bad_json", "gazetteer needs {\"places\": [...]}", "地名库须为 {\"places\": [...]}");
  Gazetteer g;
  std::size_t index = 0;
  for (const auto& p : j["places"]) {
    std::string where = "places[" + std::to_string(index++) + "]";
    if (!p.is_object() || !p.contains("kind") || !p["kind"].is_string()) throw ApiError("bad_field", where + ".kind");
    if (p.value("kind", std::string{}) != "township") continue;
    Township t;
    try {
      t.id = p.at("id").get<std::string>();
      t.name = p.at("name").get<std::string>();
      t.name_en = p.value("name_en", std::string{});
      t.county = p.value("county", std::string{});
      t.geocode = p.value("geocode", std::string{});
      if (p.contains("area"))
        for (const auto& pt : p["area"]) t.area.push_back({pt.at(0).get<double>(), pt.at(1).get<double>()});
    } catch (const nlohmann::json::exception&) {
      throw ApiError("bad_field", where + ": id, name, geocode, area [[lat, lon], ...]");
    }
    g.townships_.push_back(std::move(t));
  }
  return g;
}

const Gazetteer& Gazetteer::builtin() {
  static const Gazetteer g = [] {
    auto text = schema::find_file(schema::documents(), "gazetteer.json");
    if (!text) throw std::logic_error("gazetteer.json not embedded");
    return from_json(*text);
  }();
  return g;
}

std::vector<AreaMatch> Gazetteer::match(const Area& area) const {
  std::vector<AreaMatch> out;
  std::vector<std::vector<LatLon>> shapes;
  for (const auto& p : area.polygons) shapes.push_back(parse_cap_polygon(p));
  for (const auto& c : area.circles) shapes.push_back(circle_polygon(c));
  for (const auto& t : townships_) {
    std::string how;
    for (const auto& g : area.geocodes)
      if (!t.geocode.empty() && g.value == t.geocode) how = "geocode";
    if (how.empty() && ((!t.name.empty() && area.desc.find(t.name) != std::string::npos) ||
                        (!t.name_en.empty() && area.desc.find(t.name_en) != std::string::npos)))
      how = "name";
    for (std::size_t i = 0; how.empty() && i < shapes.size(); ++i)
      if (polygons_intersect(shapes[i], t.area)) how = i < area.polygons.size() ? "polygon" : "circle";
    if (!how.empty()) out.push_back({t.id, how});
  }
  return out;
}

std::vector<AreaMatch> Gazetteer::match(const std::vector<Area>& areas) const {
  std::vector<AreaMatch> out;
  for (const auto& a : areas)
    for (auto& m : match(a))
      if (std::none_of(out.begin(), out.end(), [&](const AreaMatch& x) { return x.township_id == m.township_id; }))
        out.push_back(m);
  return out;
}

}  // namespace lifeline::cap
