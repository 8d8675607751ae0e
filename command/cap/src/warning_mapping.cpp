// CAP words <-> Lifeline words (schema/cap.md). Type names come from schema/enums.json so the
// console, the rules and CAP agree on one list.
#include "lifeline/cap/warning_mapping.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <stdexcept>

#include "lifeline/schema_files.hpp"

namespace lifeline::cap {

namespace {

const nlohmann::json& incident_types() {
  static const nlohmann::json types = [] {
    auto text = schema::find_file(schema::documents(), "enums.json");
    if (!text) throw std::logic_error("enums.json not embedded");
    return nlohmann::json::parse(*text).at("incident_types");
  }();
  return types;
}

std::string lower_ascii(std::string s) {
  for (auto& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

struct Keywords {
  const char* type;
  std::array<const char*, 6> words;  // lower-case ASCII or Chinese (simplified and traditional)
};

// First match wins, so the more specific words come first (thunderstorm before rain).
constexpr Keywords kKeywords[] = {
    {"typhoon", {"台风", "颱風", "typhoon", "tropical cyclone", "hurricane", "热带气旋"}},
    {"debris_flow", {"泥石流", "debris flow", nullptr, nullptr, nullptr, nullptr}},
    {"geohazard", {"地质灾害", "地質災害", "landslide", "滑坡", "geolog", nullptr}},
    {"forest_fire", {"森林火", "forest fire", "bushfire", "wildfire", "bush fire", "grass fire"}},
    {"lightning", {"雷电", "雷電", "thunderstorm", "lightning", nullptr, nullptr}},
    {"urban_waterlogging", {"内涝", "內澇", "waterlogging", nullptr, nullptr, nullptr}},
    {"heavy_rain", {"暴雨", "强降雨", "rainstorm", "heavy rain", "豪雨", nullptr}},
    {"flood", {"洪水", "洪涝", "flood", "洩洪", "泄洪", nullptr}},
    {"cold_wave", {"寒潮", "cold wave", "cold snap", nullptr, nullptr, nullptr}},
    {"freezing", {"道路结冰", "冰冻", "freez", "icing", nullptr, nullptr}},
    {"earthquake", {"地震", "earthquake", "seismic", nullptr, nullptr, nullptr}},
    {"sandstorm_fog", {"沙尘", "大雾", "sandstorm", "dust storm", "fog", nullptr}},
    {"drought", {"干旱", "乾旱", "drought", nullptr, nullptr, nullptr}},
    {"hazardous_chemicals", {"危险化学品", "危化", "hazmat", "chemical", nullptr, nullptr}},
};

struct ColourWord {
  const char* colour;
  std::array<const char*, 4> words;
};
constexpr ColourWord kColours[] = {
    {"red", {"red", "红", "紅", nullptr}},
    {"orange", {"orange", "橙", nullptr, nullptr}},
    {"yellow", {"yellow", "黄", "黃", nullptr}},
    {"blue", {"blue", "蓝", "藍", nullptr}},
};

}  // namespace

int colour_rank(const std::string& colour) {
  if (colour == "blue") return 1;
  if (colour == "yellow") return 2;
  if (colour == "orange") return 3;
  if (colour == "red") return 4;
  return 0;
}

bool type_known(const std::string& type) { return incident_types().contains(type); }

std::string type_name(const std::string& type, bool zh) {
  if (!type_known(type)) return type;
  return incident_types()[type].at(zh ? "zh" : "en").get<std::string>();
}

std::string colour_name(const std::string& colour, bool zh) {
  if (colour == "red") return zh ? "红色" : "red";
  if (colour == "orange") return zh ? "橙色" : "orange";
  if (colour == "yellow") return zh ? "黄色" : "yellow";
  if (colour == "blue") return zh ? "蓝色" : "blue";
  return "";
}

std::string type_of(const Info& info) {
  for (const auto& c : info.event_codes)
    if (c.name == kTypeCodeName && type_known(c.value)) return c.value;
  std::string event = lower_ascii(info.event);
  for (const auto& k : kKeywords)
    for (const char* w : k.words)
      if (w && event.find(w) != std::string::npos) return k.type;
  return "other";
}

std::string colour_of(const Info& info) {
  for (const auto& p : info.parameters) {
    auto name = lower_ascii(p.name);
    if (name != "warningcolour" && name != "warningcolor") continue;
    auto v = lower_ascii(p.value);
    for (const auto& c : kColours)
      for (const char* w : c.words)
        if (w && v.find(w) != std::string::npos) return c.colour;
  }
  if (info.severity == "Extreme") return "red";
  if (info.severity == "Severe") return "orange";
  if (info.severity == "Moderate") return "yellow";
  if (info.severity == "Minor") return "blue";
  return "";
}

std::string severity_for_colour(const std::string& colour) {
  if (colour == "red") return "Extreme";
  if (colour == "orange") return "Severe";
  if (colour == "yellow") return "Moderate";
  if (colour == "blue") return "Minor";
  return "Unknown";
}

std::string category_for_type(const std::string& t) {
  static const char* met[] = {"typhoon", "heavy_rain", "cold_wave", "freezing", "sandstorm_fog", "lightning", "drought"};
  if (std::find_if(std::begin(met), std::end(met), [&](const char* m) { return t == m; }) != std::end(met)) return "Met";
  if (t == "flood" || t == "urban_waterlogging") return "Met";
  if (t == "geohazard" || t == "debris_flow" || t == "earthquake" || t == "road_subsidence") return "Geo";
  if (t == "forest_fire" || t == "urban_fire") return "Fire";
  if (t == "hazardous_chemicals" || t == "gas_accident") return "CBRNE";
  if (t == "traffic_accident") return "Transport";
  return "Safety";
}

}  // namespace lifeline::cap
