// Arbitrary bytes as a WebSocket/ZeroMQ request frame, through the ingress's own parse (with its
// nesting limit): either a decoded request whose fields obey the contract (schema/protocol.md), a
// refusal for depth, or an ApiError with a catalogued code; never a crash.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "lifeline/api_error.hpp"
#include "lifeline/app/request.hpp"
#include "lifeline/untrusted_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using nlohmann::json;
  json frame;
  if (lifeline::parse_untrusted_json(std::string_view(reinterpret_cast<const char*>(data), size), frame) !=
      lifeline::JsonParse::ok)
    return 0;
  lifeline::app::Request r;
  json rid;
  try {
    lifeline::app::decode_request_frame(frame, 4096, r, rid);
    if (!r.body.is_object() || r.body.dump().size() > 4096 || r.op != frame["op"].get<std::string>()) std::abort();
    if (!rid.is_string() && !rid.is_number_integer()) std::abort();
  } catch (const lifeline::ApiError& e) {
    if (!lifeline::error_code_known(e.code())) std::abort();
    if (!rid.is_null() && !rid.is_string() && !rid.is_number_integer()) std::abort();  // echoed as is
  }
  return 0;
}
