#include "lifeline/linkproto/at_host.hpp"

namespace lifeline::linkproto::at {

static bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

void HostParser::begin(std::string command, bool echo_on) {
  command_ = std::move(command);
  expect_echo_ = echo_on;
  binary_after_echo_ = command_ == "AT+SBDRB";
  if (binary_after_echo_ && !echo_on) start_binary();
}

void HostParser::emit(EventKind kind, std::string line, std::string data, bool checksum_ok) {
  events_.push_back(Event{kind, std::move(line), std::move(data), checksum_ok});
}

void HostParser::line_done(std::string line) {
  if (cmt_pending_) {  // the PDU line that follows "+CMT: ..."
    cmt_pending_ = false;
    emit(EventKind::unsolicited, std::move(cmt_header_), std::move(line));
    return;
  }
  if (line.empty()) return;
  if (line == "SBDRING" || line == "RING" || starts_with(line, "+CMTI:") || starts_with(line, "+CDSI:")) {
    emit(EventKind::unsolicited, std::move(line));
    return;
  }
  if (starts_with(line, "+CMT:")) {
    cmt_pending_ = true;
    cmt_header_ = std::move(line);
    return;
  }
  if (command_.empty()) {
    emit(EventKind::garbage, std::move(line));
    return;
  }
  if (expect_echo_ && line == command_) {
    expect_echo_ = false;
    emit(EventKind::echo, std::move(line));
    return;
  }
  if (line == "OK" || line == "ERROR" || starts_with(line, "+CMS ERROR:") || starts_with(line, "+CME ERROR:")) {
    bool ok = line == "OK";
    command_.clear();
    expect_echo_ = binary_after_echo_ = false;
    emit(ok ? EventKind::ok : EventKind::error, std::move(line));
    return;
  }
  if (line == "READY") {
    emit(EventKind::ready, std::move(line));
    return;
  }
  emit(EventKind::info, std::move(line));
}

void HostParser::feed(std::string_view bytes) {
  for (size_t i = 0; i < bytes.size(); ++i) {
    char c = bytes[i];
    if (phase_ == Phase::binary_length || phase_ == Phase::binary_body) {
      binary_.push_back(c);
      if (phase_ == Phase::binary_length && binary_.size() == 2) {
        size_t len = static_cast<uint8_t>(binary_[0]) << 8 | static_cast<uint8_t>(binary_[1]);
        if (len > kMaxBinaryMessage) {  // not a length we believe: leave the binary phase
          phase_ = Phase::lines;
          emit(EventKind::binary, {}, {}, false);
          continue;
        }
        binary_need_ = 2 + len + 2;
        phase_ = Phase::binary_body;
      } else if (phase_ == Phase::binary_body && binary_.size() == binary_need_) {
        std::string msg = binary_.substr(2, binary_need_ - 4);
        uint16_t got = static_cast<uint16_t>(static_cast<uint8_t>(binary_[binary_need_ - 2]) << 8 |
                                             static_cast<uint8_t>(binary_[binary_need_ - 1]));
        bool ok = got == sbd_checksum(msg);
        phase_ = Phase::lines;
        binary_after_echo_ = false;
        emit(EventKind::binary, {}, std::move(msg), ok);
      }
      continue;
    }
    if (skip_lf_) {
      skip_lf_ = false;
      if (c == '\n') continue;
    }
    if (c == '\r' || c == '\n') {
      std::string line = std::move(line_);
      line_.clear();
      skip_lf_ = c == '\r';
      // +SBDRB: binary data follows the echo's CR directly; the LF (if any) is already payload.
      if (binary_after_echo_ && expect_echo_ && line == command_) {
        expect_echo_ = false;
        skip_lf_ = false;
        emit(EventKind::echo, std::move(line));
        start_binary();
        continue;
      }
      line_done(std::move(line));
      continue;
    }
    line_.push_back(c);
    if (line_ == "> " && !command_.empty()) {  // +CMGS prompt: no line end follows
      line_.clear();
      emit(EventKind::prompt, "> ");
    } else if (line_.size() > kMaxLine) {
      line_.clear();
      emit(EventKind::garbage, "(overlong line dropped)");
    }
  }
}

bool HostParser::next(Event& out) {
  if (events_.empty()) return false;
  out = std::move(events_.front());
  events_.pop_front();
  return true;
}

}  // namespace lifeline::linkproto::at
