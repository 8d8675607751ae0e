#include "lifeline/domain/places.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "lifeline/schema_files.hpp"

namespace lifeline::domain {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// How well a place fits the query; 0: not at all.
int score(const Place& p, std::string_view q, const std::string& q_lower) {
  if (p.name == q || lower(p.name_en) == q_lower) return 1000;
  if (q.find(p.name) != std::string_view::npos) return 500 + static_cast<int>(p.name.size());
  if (p.name.find(q) != std::string::npos) return p.name.rfind(q, 0) == 0 ? 210 : 200;
  if (q_lower.size() >= 2 && lower(p.name_en).find(q_lower) != std::string::npos) return 100;
  return 0;
}

}  // namespace

const std::vector<Place>& gazetteer_places() {
  static const std::vector<Place> places = [] {
    auto text = schema::find_file(schema::documents(), "gazetteer.json");
    if (!text) throw std::logic_error("gazetteer.json not embedded");
    auto doc = nlohmann::json::parse(*text);
    std::vector<Place> out;
    for (const auto& p : doc.at("places")) {
      if (!p.contains("lat") || !p.contains("lon")) continue;
      out.push_back({p.at("id"), p.at("kind"), p.at("name"), p.value("name_en", ""),
                     p.value("township", p.value("kind", "") == "township" ? p.value("name", "") : ""), p.value("county", ""),
                     p.at("lat"), p.at("lon")});
    }
    return out;
  }();
  return places;
}

std::vector<const Place*> find_places(std::string_view query, size_t limit) {
  auto q = trim(query);
  if (q.empty() || limit == 0) return {};
  const auto q_lower = lower(q);
  std::vector<std::pair<int, const Place*>> hits;
  for (const auto& p : gazetteer_places())
    if (int s = score(p, q, q_lower)) hits.emplace_back(s, &p);
  std::stable_sort(hits.begin(), hits.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<const Place*> out;
  for (size_t i = 0; i < hits.size() && out.size() < limit; ++i) out.push_back(hits[i].second);
  return out;
}

std::optional<Place> locate_place(std::string_view name) {
  auto q = trim(name);
  if (q.empty()) return std::nullopt;
  const auto q_lower = lower(q);
  int best = 0, ties = 0;
  const Place* found = nullptr;
  for (const auto& p : gazetteer_places()) {
    int s = score(p, q, q_lower);
    if (s > best) best = s, ties = 1, found = &p;
    else if (s == best && s > 0) ++ties;
  }
  // A part of a name (东岙村) locates only when one place has it; an English fragment never does.
  if (!found || ties > 1 || best < 200) return std::nullopt;
  return *found;
}

}  // namespace lifeline::domain
