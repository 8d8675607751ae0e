// libFuzzer target for the compact codec's receive path. The first input byte picks the mode:
//  0: the bytes as a frame straight into LinkReceiver (MAC check, fragments, decode, replay window);
//  1: the bytes with a valid MAC appended, so the body parsers behind the MAC are explored;
//  2: the bytes as a stream of fragment pieces into a Reassembler with a small memory bound.
// Any input must give a value or an error, never a crash, leak or UB (ASan+UBSan build).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "lifeline/codec/codec.hpp"
#include "lifeline/codec/link.hpp"

using namespace lifeline::codec;

namespace {

// Shared and immutable: each input's receiver starts from the same dictionary without copying it.
const std::shared_ptr<const Dictionary>& fuzz_dictionary() {
  static const std::shared_ptr<const Dictionary> d = [] {
    auto x = std::make_shared<Dictionary>(Dictionary::builtin());
    for (int i = 0; i < 20; ++i) (void)x->add_team("T" + std::to_string(i));
    for (int i = 0; i < 5; ++i) (void)x->add_incident("I" + std::to_string(i));
    return x;
  }();
  return d;
}

DeviceKey fuzz_key() {
  DeviceKey k;
  k.key_id = 1;
  k.key.fill(0x42);
  return k;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const uint8_t mode = data[0] % 3;
  std::span<const uint8_t> in(data + 1, size - 1);
  const auto& shared = fuzz_dictionary();
  const Dictionary& dict = *shared;
  const auto key = fuzz_key();
  lifeline::ManualClock clock(1'755'640'800'000);
  if (mode == 0) {
    LinkReceiver rx(shared, key, clock, ReassemblerLimits{4, 512, 1000});
    (void)rx.receive(in);
    (void)rx.receive(in);  // the same frame again: replay path
  } else if (mode == 1) {
    std::vector<uint8_t> frame(in.begin(), in.end());
    const auto mac = compute_mac(key, dict.version(), frame);
    frame.insert(frame.end(), mac.begin(), mac.end());
    auto r = decode(frame, dict, key, clock.now_ms());
    if (r.ok()) {
      // Whatever decodes must encode again (values are all representable).
      auto again = encode(r->message, r->seq, dict, key);
      if (!again.ok() && again.error().code != "not_found" && again.error().code != "too_large_for_link" &&
          again.error().code != "bad_field")
        __builtin_trap();
    }
    LinkReceiver rx(shared, key, clock);
    (void)rx.receive(frame);
  } else {
    Reassembler re(clock, ReassemblerLimits{3, 256, 5000});
    // Pieces: [tag][index:4|count-1:4][len][chunk...][advance clock by byte*100 ms]
    size_t i = 0;
    while (i + 4 <= in.size()) {
      FragmentPiece p;
      p.tag = in[i];
      p.index = in[i + 1] >> 4;
      p.count = static_cast<uint8_t>((in[i + 1] & 0xF) + 1);
      const size_t len = in[i + 2];
      clock.advance(in[i + 3] * 100);
      i += 4;
      const size_t n = std::min(len, in.size() - i);
      p.chunk.assign(in.begin() + static_cast<std::ptrdiff_t>(i), in.begin() + static_cast<std::ptrdiff_t>(i + n));
      i += n;
      (void)re.add(p);
      if (re.pending_bytes() > 256 || re.pending_messages() > 3) __builtin_trap();
    }
  }
  return 0;
}
