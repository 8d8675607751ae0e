// CAP import on arbitrary bytes: either a Warning or an ApiError, never a crash, a leak or a fetch.
// An accepted alert must export to a document that validates and imports again.
#include <cstdlib>

#include "lifeline/api_error.hpp"
#include "lifeline/cap/cap_export.hpp"
#include "lifeline/cap/cap_import.hpp"
#include "lifeline/cap/gazetteer.hpp"
#include "lifeline/cap/xsd.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  lifeline::cap::Warning w;
  try {
    w = lifeline::cap::import_cap(in, {.max_bytes = 64 * 1024});
  } catch (const lifeline::ApiError&) {
    return 0;
  }
  (void)lifeline::cap::Gazetteer::builtin().match(w.areas);
  std::string xml = lifeline::cap::export_cap(w);
  if (!lifeline::cap::xsd_errors(xml).empty()) abort();
  auto back = lifeline::cap::import_cap(xml);
  if (back.identifier != w.identifier || back.type != w.type || back.colour != w.colour) abort();
  return 0;
}
