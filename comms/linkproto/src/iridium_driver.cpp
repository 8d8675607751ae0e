#include "lifeline/linkproto/iridium_driver.hpp"

namespace lifeline::linkproto::at {

void IridiumDriver::start(int64_t now_ms) {
  push({"ATE1", Op::plain, {}, false}, now_ms);
  push({"AT+SBDMTA=1", Op::plain, {}, false}, now_ms);
}

Result<bool> IridiumDriver::send(const std::string& message, int64_t now_ms) {
  if (send_in_progress_) return Result<bool>::fail("a send is in progress");
  if (message.empty() || message.size() > o_.max_mo) return Result<bool>::fail("message size out of range");
  send_in_progress_ = true;
  push({"AT+SBDWB=" + std::to_string(message.size()), Op::write_binary, sbd_with_checksum(message), false}, now_ms);
  push({"AT+SBDIX", Op::sbdix, {}, true}, now_ms);
  return Result<bool>::ok(true);
}

void IridiumDriver::check_mailbox(int64_t now_ms) {
  for (const auto& s : steps_)
    if (s.op == Op::sbdix) return;  // one is queued already
  push({"AT+SBDIX", Op::sbdix, {}, false}, now_ms);
}

void IridiumDriver::query_signal(int64_t now_ms) {
  if (running_ && current_.op == Op::signal) return;
  for (const auto& s : steps_)
    if (s.op == Op::signal) return;
  push({"AT+CSQ", Op::signal, {}, false}, now_ms);
}

void IridiumDriver::push(Step s, int64_t now_ms, bool front) {
  if (front) steps_.push_front(std::move(s));
  else steps_.push_back(std::move(s));
  run_next(now_ms);
}

void IridiumDriver::run_next(int64_t now_ms) {
  if (running_ || steps_.empty()) return;
  current_ = std::move(steps_.front());
  steps_.pop_front();
  running_ = true;
  started_at_ = now_ms;
  info_.clear();
  have_sbdix_ = false;
  parser_.begin(current_.command, true);
  output_ += current_.command + "\r";
}

void IridiumDriver::fail_send(std::string detail, int mo_status) {
  send_in_progress_ = false;
  events_.push_back({IridiumEvent::Kind::send_failed, mo_status, 0, {}, std::move(detail)});
}

void IridiumDriver::finish(bool ok, int64_t now_ms) {
  running_ = false;
  switch (current_.op) {
    case Op::write_binary:
      if (!ok || info_ != "0") {
        // Drop this send's +SBDIX; nothing was written to the MO buffer.
        for (auto it = steps_.begin(); it != steps_.end(); ++it)
          if (it->carries_mo) {
            steps_.erase(it);
            break;
          }
        fail_send(info_ == "2" ? "checksum refused by the modem" : info_ == "3" ? "size refused by the modem"
                                                                                : "write refused: " + info_);
      }
      break;
    case Op::sbdix:
      if (current_.carries_mo) {
        if (ok && have_sbdix_ && sbdix_.mo_ok()) {
          send_in_progress_ = false;
          events_.push_back({IridiumEvent::Kind::sent, sbdix_.mo_status, sbdix_.momsn, {}, {}});
        } else {
          fail_send(have_sbdix_ ? "session failed" : "no +SBDIX result", have_sbdix_ ? sbdix_.mo_status : -1);
        }
        push({"AT+SBDD0", Op::plain, {}, false}, now_ms, true);
      }
      if (ok && have_sbdix_) {
        // Read the MT buffer before any other session (one queued by a ring meanwhile) replaces it.
        if (sbdix_.mt_status == 1) push({"AT+SBDRB", Op::read_binary, {}, false}, now_ms, true);
        if (sbdix_.mt_queued > 0) check_mailbox(now_ms);
      }
      break;
    case Op::signal: {
      // "+CSQ:n" (sparkfun IridiumSBD getSignalQuality; some firmware puts a space after the colon).
      int bars = -1;
      if (ok && info_.rfind("+CSQ:", 0) == 0) {
        size_t i = 5;
        while (i < info_.size() && info_[i] == ' ') ++i;
        if (i + 1 == info_.size() && info_[i] >= '0' && info_[i] <= '5') bars = info_[i] - '0';
      }
      IridiumEvent e{IridiumEvent::Kind::signal, 0, 0, {}, ok ? info_ : "ERROR"};
      e.signal = bars;
      events_.push_back(std::move(e));
      break;
    }
    default:
      break;
  }
  run_next(now_ms);
}

void IridiumDriver::on_bytes(std::string_view bytes, int64_t now_ms) {
  parser_.feed(bytes);
  Event e;
  while (parser_.next(e)) {
    switch (e.kind) {
      case EventKind::unsolicited:
        if (e.line == "SBDRING") {
          events_.push_back({IridiumEvent::Kind::ring, 0, 0, {}, {}});
          check_mailbox(now_ms);
        }
        break;
      case EventKind::ready:
        if (running_ && current_.op == Op::write_binary) output_ += current_.binary;
        break;
      case EventKind::info:
        if (!running_) break;
        if (current_.op == Op::sbdix && parse_sbdix(e.line, sbdix_)) have_sbdix_ = true;
        else info_ = e.line;
        break;
      case EventKind::binary:
        if (running_ && current_.op == Op::read_binary) {
          if (e.checksum_ok) events_.push_back({IridiumEvent::Kind::received, 0, 0, e.data, {}});
          else events_.push_back({IridiumEvent::Kind::bad_input, 0, 0, {}, "MT checksum mismatch"});
        }
        break;
      case EventKind::ok:
      case EventKind::error:
        if (running_) finish(e.kind == EventKind::ok, now_ms);
        break;
      case EventKind::garbage:
        events_.push_back({IridiumEvent::Kind::bad_input, 0, 0, {}, e.line});
        break;
      default:
        break;
    }
  }
}

void IridiumDriver::tick(int64_t now_ms) {
  if (!running_ || now_ms - started_at_ < o_.command_timeout_ms) return;
  // The modem stopped answering: forget this command and everything queued behind it.
  running_ = false;
  steps_.clear();
  parser_ = HostParser();
  if (send_in_progress_) fail_send("modem timeout");
}

std::string IridiumDriver::take_output() {
  std::string out = std::move(output_);
  output_.clear();
  return out;
}

bool IridiumDriver::next_event(IridiumEvent& out) {
  if (events_.empty()) return false;
  out = std::move(events_.front());
  events_.pop_front();
  return true;
}

}  // namespace lifeline::linkproto::at
