// A pure driver for an Iridium 9603 on a serial line, for gateways: bytes read and the time in,
// bytes to write and events out. A send is +SBDWB (READY, message + checksum) then +SBDIX; a
// delivered MT message is fetched with +SBDRB; queued MT messages and SBDRING start mailbox checks;
// the MO buffer is cleared (+SBDD0) after every session that carried it, so a later mailbox check
// never resends it. Retrying failed sends (MO status 5+) is the caller's choice. +CSQ reads the
// signal bars (0-5) for link health; a modem that answers ERROR reports signal -1 (unknown).
#pragma once
#include <cstdint>
#include <deque>
#include <string>

#include "lifeline/linkproto/at_host.hpp"
#include "lifeline/linkproto/result.hpp"

namespace lifeline::linkproto::at {

struct IridiumOptions {
  int64_t command_timeout_ms = 90000;  // +SBDIX can take a minute under a poor sky
  size_t max_mo = 340;
};

struct IridiumEvent {
  enum class Kind { sent, send_failed, received, ring, bad_input, signal };
  Kind kind;
  int mo_status = 0;  // sent / send_failed (when a session ran)
  int momsn = 0;
  std::string data;   // received: the MT message
  std::string detail;
  int signal = -1;    // signal: 0-5 bars, -1 when the modem does not say
};

class IridiumDriver {
 public:
  explicit IridiumDriver(IridiumOptions o = {}) : o_(o) {}
  // Echo on, ring alerts on.
  void start(int64_t now_ms);
  Result<bool> send(const std::string& message, int64_t now_ms);
  // A mailbox check (+SBDIX with an empty MO buffer), e.g. on a timer.
  void check_mailbox(int64_t now_ms);
  // AT+CSQ (signal bars); one at a time.
  void query_signal(int64_t now_ms);
  void on_bytes(std::string_view bytes, int64_t now_ms);
  void tick(int64_t now_ms);
  bool busy() const { return running_ || !steps_.empty(); }
  bool sending() const { return send_in_progress_; }
  std::string take_output();
  bool next_event(IridiumEvent& out);

 private:
  enum class Op { plain, write_binary, sbdix, read_binary, signal };
  struct Step {
    std::string command;
    Op op = Op::plain;
    std::string binary;  // written after READY
    bool carries_mo = false;
  };
  void push(Step s, int64_t now_ms, bool front = false);
  void run_next(int64_t now_ms);
  void finish(bool ok, int64_t now_ms);
  void fail_send(std::string detail, int mo_status = -1);

  IridiumOptions o_;
  HostParser parser_;
  std::deque<Step> steps_;
  Step current_;
  bool running_ = false;
  int64_t started_at_ = 0;
  std::string info_;  // the current command's information line
  bool have_sbdix_ = false;
  SbdixResult sbdix_;
  bool send_in_progress_ = false;
  std::string output_;
  std::deque<IridiumEvent> events_;
};

}  // namespace lifeline::linkproto::at
