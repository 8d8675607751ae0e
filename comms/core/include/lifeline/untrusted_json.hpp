// JSON from outside the process (WebSocket and ZeroMQ frames, HTTP bodies, gateway and terminal
// lines) is checked for nesting depth before it is parsed. nlohmann::json copies, compares and
// dumps recursively: a 200 kB frame of 100,000 nested arrays overflowed the stack and killed the
// server before login. No Lifeline message nests deeper than a handful of levels.
#pragma once
#include <nlohmann/json.hpp>
#include <string_view>

namespace lifeline {

constexpr int kMaxJsonDepth = 32;

enum class JsonParse { ok, malformed, too_deep };

// The deepest nesting of arrays and objects in `text` exceeds `max_depth`? A scan that skips
// strings (and their escapes); it does not validate the rest of the syntax.
bool json_too_deep(std::string_view text, int max_depth = kMaxJsonDepth);

// Parses `text` into `out` unless it nests deeper than `max_depth` or is not JSON.
JsonParse parse_untrusted_json(std::string_view text, nlohmann::json& out, int max_depth = kMaxJsonDepth);

}  // namespace lifeline
