// Host side of an AT-command modem (Iridium 9603 SBD, cellular/Tiantong SMS): turns the bytes a modem
// writes into events. Handles command echo, information lines, OK/ERROR, the `READY` and `> ` prompts,
// unsolicited lines arriving in the middle of a response (SBDRING, +CMT with its PDU line), and the
// +SBDRB binary phase (2-byte length, message, 2-byte checksum) with no line framing (links.md §5.3).
#pragma once
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>

#include "lifeline/linkproto/hex.hpp"

namespace lifeline::linkproto::at {

enum class EventKind {
  echo,         // the modem echoed our command
  info,         // an information line of the running command (e.g. "+SBDIX: 0, 5, 0, 0, 0, 0", "0")
  ok,           // final OK
  error,        // final ERROR (or +CMS ERROR: n / +CME ERROR: n, text in `line`)
  ready,        // READY: send the binary message now (+SBDWB, bare +SBDWT)
  prompt,       // "> ": send the PDU now (+CMGS)
  unsolicited,  // SBDRING, RING, +CMT (with `data` = the PDU line), +CMTI ...
  binary,       // +SBDRB message: `data` = payload, `checksum_ok`
  garbage,      // a line outside any command that is not a known unsolicited line
};

struct Event {
  EventKind kind;
  std::string line;
  std::string data;
  bool checksum_ok = true;
};

// Largest +SBDRB message accepted (9523 class modems: 1 890; 9603 is 270).
inline constexpr size_t kMaxBinaryMessage = 1960;
inline constexpr size_t kMaxLine = 4096;

class HostParser {
 public:
  // Call before writing `command` (without CR). `echo_on` = ATE1 in effect.
  void begin(std::string command, bool echo_on = true);
  void feed(std::string_view bytes);
  bool next(Event& out);
  bool command_running() const { return !command_.empty(); }

 private:
  enum class Phase { lines, binary_length, binary_body };
  void line_done(std::string line);
  void emit(EventKind kind, std::string line, std::string data = {}, bool checksum_ok = true);
  void start_binary() { phase_ = Phase::binary_length, binary_.clear(); }

  std::string command_;
  bool expect_echo_ = false;
  bool binary_after_echo_ = false;
  bool skip_lf_ = false;
  bool cmt_pending_ = false;  // next line is the PDU of a +CMT header
  std::string cmt_header_;
  Phase phase_ = Phase::lines;
  size_t binary_need_ = 0;
  std::string line_, binary_;
  std::deque<Event> events_;
};

// Iridium +SBDIX / +SBDIXA result (links.md §2).
struct SbdixResult {
  int mo_status = 0;  // 0-4 = the MO message got out
  int momsn = 0;
  int mt_status = 0;  // 0 none, 1 received, 2 error
  int mtmsn = 0;
  int mt_length = 0;
  int mt_queued = 0;
  bool mo_ok() const { return mo_status >= 0 && mo_status <= 4; }
};
// Parses "+SBDIX: a, b, c, d, e, f" (spaces optional); false when it is not one.
bool parse_sbdix(std::string_view line, SbdixResult& out);
std::string format_sbdix(const SbdixResult& r);

// Low 16 bits of the byte sum, the SBD checksum (links.md fact 7).
uint16_t sbd_checksum(std::string_view data);
// Message + checksum (high byte first), what the host writes after READY for +SBDWB.
std::string sbd_with_checksum(std::string_view data);
// +SBDRB output: 2-byte big-endian length + message + checksum.
std::string sbdrb_output(std::string_view message);

}  // namespace lifeline::linkproto::at
