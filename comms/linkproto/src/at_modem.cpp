#include "lifeline/linkproto/at_modem.hpp"

#include "lifeline/linkproto/at_host.hpp"

namespace lifeline::linkproto::at {

void ModemReader::expect_binary(size_t n) {
  mode_ = Mode::binary;
  need_ = n;
  buf_.clear();
}

void ModemReader::expect_text_block() {
  mode_ = Mode::text;
  buf_.clear();
}

void ModemReader::cancel_block() {
  mode_ = Mode::lines;
  buf_.clear();
}

bool ModemReader::next(ModemInput& out) {
  bool produced = false;
  auto produce = [&](ModemInputKind kind, std::string data) {
    out = ModemInput{kind, std::move(data)};
    produced = true;
  };
  while (!produced && pos_ < raw_.size()) {
    char c = raw_[pos_++];
    switch (mode_) {
      case Mode::binary:
        buf_.push_back(c);
        if (buf_.size() == need_) {
          produce(ModemInputKind::binary, std::move(buf_));
          buf_.clear();
          mode_ = Mode::lines;
        }
        break;
      case Mode::text:
        if (c == 0x1A || c == 0x1B) {
          produce(c == 0x1A ? ModemInputKind::text_block : ModemInputKind::text_cancelled, std::move(buf_));
          buf_.clear();
          mode_ = Mode::lines;
        } else if (c != '\r' && c != '\n') {
          buf_.push_back(c);
          if (buf_.size() > kMaxLine) {
            produce(ModemInputKind::overlong, {});
            buf_.clear();
            mode_ = Mode::lines;
          }
        }
        break;
      case Mode::lines:
        if (c == '\r') {
          if (!buf_.empty()) produce(ModemInputKind::command, std::move(buf_));
          buf_.clear();
        } else if (c != '\n') {  // hosts that send CR LF: the LF is ignored
          buf_.push_back(c);
          if (buf_.size() > kMaxLine) {
            produce(ModemInputKind::overlong, {});
            buf_.clear();
          }
        }
        break;
    }
  }
  if (pos_ == raw_.size()) {
    raw_.clear();
    pos_ = 0;
  }
  return produced;
}

}  // namespace lifeline::linkproto::at
