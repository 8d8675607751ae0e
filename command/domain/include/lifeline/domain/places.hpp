// The gazetteer's places (townships and villages of schema/gazetteer.json) found by what people
// type: an incident reported by name only (港口镇渔港, 青峰镇新桥村) is put on the map, and the
// console's place search offers the candidates. Names are Chinese with the township first in a
// village's name (石塘镇东岙村), so the most specific place named in a free text is the longest.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lifeline::domain {

struct Place {
  std::string id, kind, name, name_en, township, county;
  double lat = 0, lon = 0;
};

// The demo city's places, embedded at build time.
const std::vector<Place>& gazetteer_places();

// Places for a query, best first: the exact name; then the places the text names (longest, i.e.
// most specific, first); then the names containing the text (typing a part of a name); then the
// English names containing it (case-insensitive). At most `limit`.
std::vector<const Place*> find_places(std::string_view query, size_t limit);

// The one place a free-text place name stands for, or nullopt when none or several fit equally
// (the console then offers the choice).
std::optional<Place> locate_place(std::string_view name);

}  // namespace lifeline::domain
