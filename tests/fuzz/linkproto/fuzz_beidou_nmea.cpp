// NMEA splitter + typed BeiDou decode: whatever the bytes, no crash, and every sentence that decodes
// re-emits to bytes that decode to the same sentence again.
#include <cstdlib>

#include "lifeline/linkproto/beidou.hpp"

using namespace lifeline::linkproto;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  SentenceSplitter sp;
  sp.feed(in.substr(0, size / 2));
  sp.feed(in.substr(size / 2));
  std::string line;
  while (sp.next(line)) {
    auto m = beidou::parse(line);
    if (!m) continue;
    std::string again = beidou::emit(*m);
    auto m2 = beidou::parse(again);
    if (!m2 || beidou::emit(*m2) != again) abort();
  }
  (void)beidou::parse(in);
  return 0;
}
