// The citizen channel's body parser and the supply books' date parser on arbitrary bytes: either
// a value or an ApiError, never a crash; a parsed date formats back to itself.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "lifeline/api_error.hpp"
#include "lifeline/supplies/dates.hpp"
#include "lifeline/supplies/supplies.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string in(reinterpret_cast<const char*>(data), size);
  try {
    auto body = lifeline::supplies::citizen_report_body(in, {});
    if (!body.contains("client_key") || body["source"] != "citizen") std::abort();
  } catch (const lifeline::ApiError&) {
  }
  if (auto ms = lifeline::supplies::date_start_ms(in.substr(0, 10)))
    if (lifeline::supplies::date_of(*ms) != in.substr(0, 10)) std::abort();
  return 0;
}
