#include "lifeline/untrusted_json.hpp"

namespace lifeline {

bool json_too_deep(std::string_view text, int max_depth) {
  int depth = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    else if (c == '[' || c == '{') {
      if (++depth > max_depth) return true;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return false;
}

JsonParse parse_untrusted_json(std::string_view text, nlohmann::json& out, int max_depth) {
  if (json_too_deep(text, max_depth)) return JsonParse::too_deep;
  out = nlohmann::json::parse(text, nullptr, false);
  return out.is_discarded() ? JsonParse::malformed : JsonParse::ok;
}

}  // namespace lifeline
