// CAP 1.2 import: bytes from HTTP or the bus -> a validated Warning, or an ApiError saying why not.
// Safe by construction: size cap, no network, no DTD, no entity substitution; any DOCTYPE stops the
// parse (billion laughs, XXE); then the OASIS XSD, then the prose rules the XSD cannot express.
#pragma once
#include <cstddef>
#include <string_view>

#include "lifeline/cap/warning.hpp"

namespace lifeline::cap {

inline constexpr const char* kCapNamespace = "urn:oasis:names:tc:emergency:cap:1.2";
inline constexpr std::size_t kDefaultMaxBytes = 256 * 1024;

struct ImportLimits {
  std::size_t max_bytes = kDefaultMaxBytes;
};

// Throws lifeline::ApiError with one of: cap_too_large, xml_dtd_refused, bad_xml,
// cap_wrong_namespace, schema_invalid, cap_invalid. The detail names the line and the reason.
Warning import_cap(std::string_view xml, const ImportLimits& limits = {});

}  // namespace lifeline::cap
