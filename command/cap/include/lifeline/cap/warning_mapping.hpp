// How CAP words map to Lifeline's (schema/cap.md): warning type from <eventCode>/<event>, colour
// from the warningColour parameter or else severity, and back.
#pragma once
#include <string>

#include "lifeline/cap/warning.hpp"

namespace lifeline::cap {

inline constexpr const char* kTypeCodeName = "lifeline:warningType";  // <eventCode> valueName we write
inline constexpr const char* kColourParamName = "warningColour";      // <parameter> valueName

// Incident type key for an info block: a lifeline:warningType event code if it names a known type,
// else keywords in <event> (zh or en), else "other".
std::string type_of(const Info& info);
// red/orange/yellow/blue from a warningColour parameter (英文 or 中文), else from severity
// (Extreme red, Severe orange, Moderate yellow, Minor blue); empty if neither.
std::string colour_of(const Info& info);
std::string severity_for_colour(const std::string& colour);
// Known incident type keys with zh/en names (schema/enums.json incident_types).
bool type_known(const std::string& type);
std::string type_name(const std::string& type, bool zh);
std::string colour_name(const std::string& colour, bool zh);
// CAP <category> for a type (Met for weather, Geo, Fire, CBRNE, Transport, Safety ...).
std::string category_for_type(const std::string& type);

}  // namespace lifeline::cap
