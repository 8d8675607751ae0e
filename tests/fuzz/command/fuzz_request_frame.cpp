// Arbitrary bytes as a WebSocket/ZeroMQ request frame: either a decoded request whose fields obey
// the contract (schema/protocol.md) or an ApiError with a catalogued code; never a crash.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "lifeline/api_error.hpp"
#include "lifeline/app/request.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using nlohmann::json;
  auto frame = json::parse(std::string_view(reinterpret_cast<const char*>(data), size), nullptr, false);
  if (frame.is_discarded()) return 0;
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
