// AT host parser (each command mode), +SBDIX parsing and the modem-side reader on arbitrary bytes.
#include "lifeline/linkproto/at_host.hpp"
#include "lifeline/linkproto/at_modem.hpp"
#include "lifeline/linkproto/iridium_driver.hpp"

using namespace lifeline::linkproto::at;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static const char* commands[] = {"AT+SBDRB", "AT+SBDIX", "AT+SBDWB=5", "AT+CMGS=20"};
  std::string_view in(reinterpret_cast<const char*>(data) + 1, size - 1);
  HostParser p;
  p.begin(commands[data[0] % 4], data[0] & 4);
  p.feed(in);
  Event e;
  SbdixResult r;
  while (p.next(e)) (void)parse_sbdix(e.line, r);
  ModemReader m;
  m.feed(in);
  ModemInput mi;
  int n = 0;
  while (m.next(mi)) {
    if (++n % 3 == 0) m.expect_binary(data[0] % 16 + 1);
    if (n % 5 == 0) m.expect_text_block();
  }
  // The gateway driver answering whatever the "modem" wrote, in chunks.
  IridiumDriver drv;
  drv.start(0);
  (void)drv.send("hello", 0);
  for (size_t i = 0; i < in.size(); i += 16) {
    drv.on_bytes(in.substr(i, 16), static_cast<int64_t>(i));
    (void)drv.take_output();
    IridiumEvent ev;
    while (drv.next_event(ev)) {
    }
  }
  drv.tick(1000000);
  return 0;
}
