// A pure driver for a BeiDou terminal on a serial line, for gateways: it is given the bytes read
// and the time, and yields the bytes to write and events. No I/O, no clock of its own, so it is
// tested byte for byte. One send is outstanding at a time (the terminal answers each with $BDFKI);
// the card's service frequency ($BDICI field 5) paces sends, and a refusal's wait time is honoured.
#pragma once
#include <cstdint>
#include <deque>
#include <string>

#include "lifeline/linkproto/beidou.hpp"

namespace lifeline::linkproto::beidou {

struct DriverOptions {
  bool bd3 = false;             // BeiDou-3 sentence set (CCICR/CCTCQ) instead of 2.1 (CCICA/CCTXA)
  size_t max_payload = 210;     // 2.1 cards: 1 680 bits; BD-3 global: 70
  int64_t feedback_timeout_ms = 5000;
  int default_interval_s = 60;  // until $BDICI says otherwise
};

struct DriverEvent {
  enum class Kind { card, sent, refused, received, bad_input };
  Kind kind;
  std::string card;        // card: own address; received: sender
  Bytes payload;           // received
  int wait_s = 0;          // refused: seconds the terminal asked us to wait (0 = unknown)
  std::string detail;      // refused / bad_input: why
};

class TerminalDriver {
 public:
  explicit TerminalDriver(DriverOptions o) : o_(o), interval_s_(o.default_interval_s) {}

  // Queues the card query; call once when the port opens.
  void start();
  void on_bytes(std::string_view bytes, int64_t now_ms);
  // Feedback timeouts.
  void tick(int64_t now_ms);
  // Queues one message (binary payload, sent as mixed/A4 content). Refused (with a reason) when a
  // send is outstanding, the card is unknown, too early, or the payload is too big.
  Result<bool> send(const std::string& destination, const Bytes& payload, int64_t now_ms);
  // Earliest time a send may be attempted.
  int64_t next_send_at() const { return next_send_at_; }
  bool busy() const { return awaiting_feedback_; }
  const std::string& card() const { return card_; }
  int interval_s() const { return interval_s_; }

  // Bytes to write to the terminal (empty when none).
  std::string take_output();
  bool next_event(DriverEvent& out);

 private:
  void handle(const Message& m, int64_t now_ms);
  void emit_event(DriverEvent e) { events_.push_back(std::move(e)); }

  DriverOptions o_;
  SentenceSplitter splitter_;
  std::string output_;
  std::deque<DriverEvent> events_;
  std::string card_;
  int interval_s_;
  bool awaiting_feedback_ = false;
  int64_t sent_at_ = 0;
  int64_t next_send_at_ = 0;
};

}  // namespace lifeline::linkproto::beidou
