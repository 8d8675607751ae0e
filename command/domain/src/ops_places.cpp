// place.search: the gazetteer's places for what a duty officer types (the incident form's place,
// the map's search box), best first. Reference data, the same for every user.
#include "lifeline/domain/body_reader.hpp"
#include "lifeline/domain/op_registry.hpp"
#include "lifeline/domain/places.hpp"

namespace lifeline::domain {

namespace {

json place_search(OpContext&, const json& body) {
  BodyReader r(body);
  auto q = r.str("q", 100);
  auto limit = r.opt_integer("limit", 1, 50).value_or(10);
  r.finish();
  json out = json::array();
  for (const auto* p : find_places(q, static_cast<size_t>(limit)))
    out.push_back({{"id", p->id}, {"kind", p->kind}, {"name", p->name}, {"name_en", p->name_en}, {"township", p->township},
                   {"county", p->county}, {"lat", p->lat}, {"lon", p->lon}});
  return {{"places", out}};
}

}  // namespace

void register_place_ops(OpRegistry& r) { r.add("place.search", place_search, false); }

}  // namespace lifeline::domain
