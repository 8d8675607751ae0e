// PDT model frames: single-frame decode and the stream reader; decoded frames re-encode identically.
#include <cstdlib>

#include "lifeline/linkproto/pdt.hpp"

using namespace lifeline::linkproto::pdt;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  if (auto f = decode(in)) {
    auto again = encode(*f);
    if (!again || *again != in) abort();
  }
  FrameReader r;
  r.feed(in.substr(0, size / 3));
  r.feed(in.substr(size / 3));
  FrameReader::Item item;
  while (r.next(item)) {
  }
  return 0;
}
