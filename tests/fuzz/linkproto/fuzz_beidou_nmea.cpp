// NMEA splitter + typed BeiDou decode: whatever the bytes, no crash, and every sentence that decodes
// re-emits to bytes that decode to the same sentence again.
#include <algorithm>
#include <cstdlib>

#include "lifeline/linkproto/beidou.hpp"
#include "lifeline/linkproto/beidou_driver.hpp"

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
  // The gateway driver on the same bytes, sending between chunks.
  beidou::TerminalDriver d(beidou::DriverOptions{});
  d.start();
  for (size_t i = 0; i < size; i += 64) {
    d.on_bytes(in.substr(i, 64), static_cast<int64_t>(i) * 1000);
    (void)d.send("0000002", Bytes(in.begin() + static_cast<long>(i), in.begin() + static_cast<long>(std::min(size, i + 8))),
                 static_cast<int64_t>(i) * 1000);
    d.tick(static_cast<int64_t>(i) * 1000 + 10000);
    (void)d.take_output();
    beidou::DriverEvent e;
    while (d.next_event(e)) {
    }
  }
  return 0;
}
