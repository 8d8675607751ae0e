// Internal: text that is safe inside an XML 1.0 element or attribute.
#pragma once
#include <string>
#include <string_view>

namespace lifeline::cap::detail {

// Valid UTF-8 with the characters XML 1.0 allows (invalid bytes become U+FFFD, other control
// characters are dropped), with & < > " escaped.
std::string xml_escape(std::string_view text);

}  // namespace lifeline::cap::detail
