// The short-id dictionary agreed between the centre and a device at enrolment (schema/codec.md §3):
// teams, incidents, places, phrases and items, each an append-only table whose index is the short
// id on the wire. Versioned; its version is bound into every MAC, so frames encoded against another
// version are rejected instead of being misread.
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "lifeline/codec/messages.hpp"
#include "lifeline/codec/result.hpp"

namespace lifeline::codec {

inline constexpr size_t kMaxTableEntries = 65535;
inline constexpr size_t kMaxEntryBytes = 255;

// The edition of the built-in data (comms/codec/data/). A dictionary's version is its edition times
// 65536 plus 1, plus one per in-band update applied (schema/codec.md §3): two editions never share a
// version, so a frame encoded against another edition's tables fails the MAC instead of being misread.
// Edition 0 (version 1) had the test corpus' sentences as phrases; edition 1 the work's vocabulary.
inline constexpr uint32_t kBuiltinEdition = 1;
inline constexpr uint32_t kBuiltinVersion = kBuiltinEdition << 16 | 1;

struct PlaceEntry {
  std::string id;
  std::string name;
  GeoPoint point;
};

class Dictionary {
 public:
  Dictionary() = default;
  // Places, items and phrases embedded from comms/codec/data/ (no teams or incidents), version kBuiltinVersion.
  static const Dictionary& builtin();

  uint32_t version() const { return version_; }
  void set_version(uint32_t v) { version_ = v; }

  // Add an entry (no-op and the existing index if the key is already there).
  Result<uint32_t> add(const DictEntry& entry);
  Result<uint32_t> add_team(std::string id) { return add({DictTable::team, std::move(id), {}, {}}); }
  Result<uint32_t> add_incident(std::string id) { return add({DictTable::incident, std::move(id), {}, {}}); }

  std::optional<uint32_t> find(DictTable table, std::string_view key) const;
  size_t size(DictTable table) const { return keys_[static_cast<int>(table)].size(); }
  // Key of entry `index` (nullptr if out of range).
  const std::string* key(DictTable table, uint32_t index) const;
  const PlaceEntry* place(uint32_t index) const;
  const std::vector<std::string>& phrases() const { return keys_[static_cast<int>(DictTable::phrase)]; }
  // Indices of the phrases whose first code point is `first_cp` (its UTF-8 bytes), or nullptr.
  const std::vector<uint32_t>* phrases_starting_with(std::string_view first_cp) const;

  // Apply an in-band update: new_version must be version()+1 and every entry new; all or nothing.
  Result<Ok> apply(const DictUpdate& update);

  // {"version", "teams": [...], "incidents": [...], "places": [{id,name,lat,lon}], "phrases", "items"}
  nlohmann::json to_json() const;
  static Result<Dictionary> from_json(const nlohmann::json& j);

 private:
  uint32_t version_ = kBuiltinVersion;
  std::vector<std::string> keys_[5];
  std::unordered_map<std::string, uint32_t> index_[5];
  std::vector<PlaceEntry> places_;
  std::unordered_map<std::string, std::vector<uint32_t>> phrase_starts_;
};

}  // namespace lifeline::codec
