// The short-id dictionary: append-only tables, the built-in data, in-band updates, JSON form.
#include "lifeline/codec/dictionary.hpp"

#include <cmath>
#include <sstream>

#include "builtin_data.hpp"
#include "utf8.hpp"

namespace lifeline::codec {
namespace {

constexpr const char* kTableJson[5] = {"teams", "incidents", "places", "phrases", "items"};

bool valid_point(const GeoPoint& p) {
  return std::isfinite(p.lat) && std::isfinite(p.lon) && p.lat >= -90 && p.lat <= 90 && p.lon >= -180 &&
         p.lon <= 180;
}

// The data files' lines; empty lines and lines starting with # (comments) are not entries.
std::vector<std::string> lines(const char* text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (!line.empty() && line[0] != '#') out.push_back(line);
  return out;
}

Dictionary make_builtin() {
  Dictionary d;
  for (const auto& line : lines(detail::kBuiltinPlaces)) {
    std::istringstream f(line);
    DictEntry e{DictTable::place, {}, {}, GeoPoint{}};
    std::getline(f, e.key, '\t');
    std::getline(f, e.name, '\t');
    f >> e.point->lat >> e.point->lon;
    if (!d.add(e)) throw std::logic_error("bad built-in place: " + line);
  }
  for (const auto& s : lines(detail::kBuiltinItems))
    if (!d.add({DictTable::item, s, {}, {}})) throw std::logic_error("bad built-in item: " + s);
  for (const auto& s : lines(detail::kBuiltinPhrases))
    if (!d.add({DictTable::phrase, s, {}, {}})) throw std::logic_error("bad built-in phrase: " + s);
  // Every gazetteer name is also a phrase, after the vocabulary: reports name places in their text.
  for (uint32_t i = 0; i < d.size(DictTable::place); ++i) {
    const std::string name = d.place(i)->name;
    if (!d.add({DictTable::phrase, name, {}, {}})) throw std::logic_error("bad built-in place name: " + name);
  }
  d.set_version(kBuiltinVersion);
  return d;
}

}  // namespace

const Dictionary& Dictionary::builtin() {
  static const Dictionary d = make_builtin();
  return d;
}

Result<uint32_t> Dictionary::add(const DictEntry& e) {
  const int t = static_cast<int>(e.table);
  if (t < 0 || t > 4) return make_error("bad_field", "table");
  if (e.key.empty() || e.key.size() > kMaxEntryBytes || !detail::valid_utf8(e.key))
    return make_error("bad_field", "dictionary key: 1-255 bytes of UTF-8");
  if (auto it = index_[t].find(e.key); it != index_[t].end()) return it->second;
  if (keys_[t].size() >= kMaxTableEntries) return make_error("too_large_for_link", "dictionary table full");
  if (e.table == DictTable::place) {
    if (!e.point || !valid_point(*e.point)) return make_error("bad_field", "place point");
    if (e.name.size() > kMaxEntryBytes || !detail::valid_utf8(e.name)) return make_error("bad_field", "place name");
    places_.push_back({e.key, e.name, *e.point});
  }
  const auto idx = static_cast<uint32_t>(keys_[t].size());
  if (e.table == DictTable::phrase) phrase_starts_[e.key.substr(0, detail::utf8_seq_len(e.key, 0))].push_back(idx);
  keys_[t].push_back(e.key);
  index_[t].emplace(e.key, idx);
  return idx;
}

std::optional<uint32_t> Dictionary::find(DictTable table, std::string_view key) const {
  const int t = static_cast<int>(table);
  if (auto it = index_[t].find(std::string(key)); it != index_[t].end()) return it->second;
  return std::nullopt;
}

const std::string* Dictionary::key(DictTable table, uint32_t index) const {
  const auto& k = keys_[static_cast<int>(table)];
  return index < k.size() ? &k[index] : nullptr;
}

const std::vector<uint32_t>* Dictionary::phrases_starting_with(std::string_view first_cp) const {
  auto it = phrase_starts_.find(std::string(first_cp));
  return it == phrase_starts_.end() ? nullptr : &it->second;
}

const PlaceEntry* Dictionary::place(uint32_t index) const {
  return index < places_.size() ? &places_[index] : nullptr;
}

Result<Ok> Dictionary::apply(const DictUpdate& update) {
  if (update.new_version != version_ + 1)
    return make_error("conflict", "dictionary version " + std::to_string(update.new_version) + " after " +
                                      std::to_string(version_));
  if ((update.new_version & 0xFFFFu) == 0)  // would read as the next edition's built-in version
    return make_error("conflict", "dictionary edition out of update numbers: re-enrol");
  Dictionary next = *this;  // all or nothing
  for (const auto& e : update.entries) {
    if (find(e.table, e.key)) return make_error("conflict", "dictionary entry exists: " + e.key);
    auto r = next.add(e);
    if (!r) return r.error();
  }
  next.version_ = update.new_version;
  *this = std::move(next);
  return Ok{};
}

nlohmann::json Dictionary::to_json() const {
  nlohmann::json j{{"version", version_}};
  for (int t = 0; t < 5; ++t) {
    auto arr = nlohmann::json::array();
    if (t == static_cast<int>(DictTable::place)) {
      for (const auto& p : places_) arr.push_back({{"id", p.id}, {"name", p.name}, {"lat", p.point.lat}, {"lon", p.point.lon}});
    } else {
      for (const auto& k : keys_[t]) arr.push_back(k);
    }
    j[kTableJson[t]] = std::move(arr);
  }
  return j;
}

Result<Dictionary> Dictionary::from_json(const nlohmann::json& j) {
  if (!j.is_object() || !j.contains("version") || !j["version"].is_number_unsigned())
    return make_error("bad_field", "version");
  Dictionary d;
  for (int t = 0; t < 5; ++t) {
    if (!j.contains(kTableJson[t])) continue;
    const auto& arr = j[kTableJson[t]];
    if (!arr.is_array()) return make_error("bad_field", kTableJson[t]);
    for (const auto& v : arr) {
      DictEntry e{static_cast<DictTable>(t), {}, {}, {}};
      if (e.table == DictTable::place) {
        if (!v.is_object() || !v.contains("id") || !v["id"].is_string() || !v.contains("lat") ||
            !v["lat"].is_number() || !v.contains("lon") || !v["lon"].is_number())
          return make_error("bad_field", "places[]");
        e.key = v["id"].get<std::string>();
        e.name = v.value("name", std::string());
        e.point = GeoPoint{v["lat"].get<double>(), v["lon"].get<double>()};
      } else {
        if (!v.is_string()) return make_error("bad_field", std::string(kTableJson[t]) + "[]");
        e.key = v.get<std::string>();
      }
      if (d.find(e.table, e.key)) return make_error("conflict", "duplicate entry: " + e.key);
      auto r = d.add(e);
      if (!r) return r.error();
    }
  }
  d.version_ = j["version"].get<uint32_t>();
  return d;
}

}  // namespace lifeline::codec
