// Internal: a CAP document as UTF-8 text, so it can live in a JSON event (CAP allows any XML
// encoding; partners send ISO-8859-1). Only called on documents import_cap has already accepted.
#pragma once
#include <string>

namespace lifeline::warnings {

// The document unchanged if it is UTF-8 already; else re-serialized by libxml2 in UTF-8 (the same
// infoset, the declaration saying UTF-8). Throws ApiError bad_xml if it cannot be converted.
std::string xml_as_utf8(const std::string& xml);

}  // namespace lifeline::warnings
