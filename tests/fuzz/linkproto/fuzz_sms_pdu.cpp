// SMS PDU decoders on arbitrary hex; anything that decodes must re-encode and decode to the same text.
#include <cstdlib>

#include "lifeline/linkproto/sms_pdu.hpp"

using namespace lifeline::linkproto;
using namespace lifeline::linkproto::sms;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string hex = hex_encode(data, size);
  if (auto d = decode_deliver(hex)) {
    if (auto again = encode_deliver(*d)) {
      auto d2 = decode_deliver(again->hex);
      if (!d2 || d2->user_data != d->user_data) abort();
    }
  }
  if (auto s = decode_submit(hex)) {
    if (auto again = encode_submit(*s)) {
      auto s2 = decode_submit(again->hex);
      if (!s2 || s2->user_data != s->user_data) abort();
    }
  }
  (void)decode_deliver(std::string_view(reinterpret_cast<const char*>(data), size));
  ConcatAssembler a(4);
  return 0;
}
