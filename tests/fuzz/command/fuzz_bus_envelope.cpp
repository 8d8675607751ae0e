// Arbitrary bytes as the body of bus.send: either an envelope within the limits or an ApiError
// with a catalogued code; never a crash.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "lifeline/api_error.hpp"
#include "lifeline/bus/envelope.hpp"
#include "lifeline/untrusted_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using nlohmann::json;
  json body;
  if (lifeline::parse_untrusted_json(std::string_view(reinterpret_cast<const char*>(data), size), body) !=
      lifeline::JsonParse::ok)
    return 0;
  const int64_t now = 1'790'000'000'000;  // a fixed clock: runs are reproducible
  lifeline::bus::EnvelopeLimits limits;
  limits.max_body_bytes = 2048;
  try {
    auto e = lifeline::bus::parse_envelope(body, now, limits);
    if (e.to.empty() || e.to.size() > limits.max_recipients || e.expires <= now) std::abort();
    if (e.body.dump().size() > limits.max_body_bytes) std::abort();
  } catch (const lifeline::ApiError& e) {
    if (!lifeline::error_code_known(e.code())) std::abort();
  }
  return 0;
}
