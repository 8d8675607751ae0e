// NMEA-0183-shaped sentences as BeiDou 2.1 and BeiDou-3 terminals speak them (links.md §1.2, §5.1):
// `$` + address + `,`-separated fields + `*` + two hex digits + CR LF, the checksum being the XOR of
// every byte strictly between `$` and `*`. Emitters write upper-case hex; parsers accept both cases.
#pragma once
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "lifeline/linkproto/result.hpp"

namespace lifeline::linkproto {

// Longest sentence we accept: BD-3 regional messages carry up to 1 750 bytes as 3 500 hex digits.
inline constexpr size_t kMaxSentenceBytes = 4096;

struct Sentence {
  std::string address;               // e.g. "CCTXA": talker (2) + type (3)
  std::vector<std::string> fields;   // raw field bytes (Chinese mode: GB2312/GBK bytes)
  bool lower_case_checksum = false;  // set by the parser when the sender wrote a/f instead of A/F

  std::string talker() const { return address.substr(0, 2); }
  std::string type() const { return address.size() >= 5 ? address.substr(2) : std::string(); }
};

// XOR of the bytes of `body` (what lies between `$` and `*`).
uint8_t nmea_checksum(std::string_view body);
// "$" + body + "*HH\r\n".
std::string nmea_frame(std::string_view body);
std::string emit_sentence(const Sentence& s);
// Parses one sentence, with or without its trailing CR LF. Refuses a missing `$`/`*`, a bad or
// mismatched checksum, an address that is not 5 upper-case letters/digits, or an oversized line.
Result<Sentence> parse_sentence(std::string_view line);

// Cuts a byte stream into candidate sentences ("$...\r\n"). Bytes before a `$` are garbage; a `$`
// inside an unfinished sentence restarts it (resynchronisation after a lost CR LF); overlong
// sentences are dropped. Checksums are checked later, by parse_sentence.
class SentenceSplitter {
 public:
  void feed(std::string_view bytes);
  // Next complete line (including "\r\n"); false when none is ready.
  bool next(std::string& line);
  uint64_t garbage_bytes() const { return garbage_; }
  uint64_t dropped_sentences() const { return dropped_; }

 private:
  std::string partial_;
  bool in_sentence_ = false;
  std::deque<std::string> ready_;
  uint64_t garbage_ = 0, dropped_ = 0;
};

}  // namespace lifeline::linkproto
