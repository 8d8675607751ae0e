// The dictionary data embedded from comms/codec/data/ (see data/README.md for provenance).
#pragma once

namespace lifeline::codec::detail {
extern const char* const kBuiltinPlaces;   // id \t name \t lat \t lon, one a line
extern const char* const kBuiltinItems;    // one a line
extern const char* const kBuiltinPhrases;  // one a line
}  // namespace lifeline::codec::detail
