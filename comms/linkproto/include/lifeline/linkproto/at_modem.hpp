// Modem side of the AT framing (what a simulator or a modem sees from its host): command lines ended
// by CR, then, when the command asks for it, a binary block of known size (+SBDWB: n bytes + 2-byte
// checksum) or a text block ended by Ctrl-Z (+CMGS PDU; ESC cancels).
#pragma once
#include <string>
#include <string_view>

namespace lifeline::linkproto::at {

enum class ModemInputKind { command, binary, text_block, text_cancelled, overlong };

struct ModemInput {
  ModemInputKind kind;
  std::string data;  // the command line (no CR), the binary bytes, or the text block (no Ctrl-Z)
};

// Input is parsed lazily in next(), so a command that switches to a block phase (expect_binary,
// expect_text_block) takes effect before the bytes that follow it are read.
class ModemReader {
 public:
  void feed(std::string_view bytes) { raw_.append(bytes); }
  bool next(ModemInput& out);
  // The next `n` bytes are binary (call after writing READY).
  void expect_binary(size_t n);
  // Bytes up to Ctrl-Z are one text block (call after writing "> ").
  void expect_text_block();
  // The pending binary/text phase ended without input (write timeout): back to command lines.
  void cancel_block();
  bool in_block() const { return mode_ != Mode::lines; }

 private:
  enum class Mode { lines, binary, text };
  Mode mode_ = Mode::lines;
  size_t need_ = 0;
  std::string raw_;  // fed, not yet parsed
  size_t pos_ = 0;
  std::string buf_;
};

}  // namespace lifeline::linkproto::at
