// The OASIS CAP 1.2 schema compiled into the library, and a validator over it (libxml2).
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace lifeline::cap {

// The embedded CAP-v1.2.xsd text (command/cap/data/, provenance in its README).
std::string_view cap_xsd_text();

// Validates a whole document (parsed safely, as import does) against the CAP 1.2 XSD. Returns the
// errors as "line N: reason"; empty means valid.
std::vector<std::string> xsd_errors(std::string_view xml);

}  // namespace lifeline::cap
