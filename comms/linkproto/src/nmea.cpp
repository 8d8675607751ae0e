#include "lifeline/linkproto/nmea.hpp"

namespace lifeline::linkproto {

uint8_t nmea_checksum(std::string_view body) {
  uint8_t sum = 0;
  for (char c : body) sum ^= static_cast<uint8_t>(c);
  return sum;
}

std::string nmea_frame(std::string_view body) {
  static constexpr char digits[] = "0123456789ABCDEF";
  uint8_t sum = nmea_checksum(body);
  std::string out;
  out.reserve(body.size() + 6);
  out.push_back('$');
  out.append(body);
  out.push_back('*');
  out.push_back(digits[sum >> 4]);
  out.push_back(digits[sum & 0x0F]);
  out.append("\r\n");
  return out;
}

std::string emit_sentence(const Sentence& s) {
  std::string body = s.address;
  for (const auto& f : s.fields) {
    body.push_back(',');
    body.append(f);
  }
  return nmea_frame(body);
}

static int hex_digit(char c, bool& lower) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') {
    lower = true;
    return c - 'a' + 10;
  }
  return -1;
}

Result<Sentence> parse_sentence(std::string_view line) {
  if (line.size() > kMaxSentenceBytes) return Result<Sentence>::fail("sentence too long");
  if (line.size() >= 2 && line.substr(line.size() - 2) == "\r\n") line.remove_suffix(2);
  if (line.empty() || line.front() != '$') return Result<Sentence>::fail("sentence does not start with $");
  size_t star = line.rfind('*');
  if (star == std::string_view::npos || star + 3 != line.size())
    return Result<Sentence>::fail("sentence has no *hh checksum at its end");
  bool lower = false;
  int hi = hex_digit(line[star + 1], lower), lo = hex_digit(line[star + 2], lower);
  if (hi < 0 || lo < 0) return Result<Sentence>::fail("checksum is not two hex digits");
  std::string_view body = line.substr(1, star - 1);
  if (nmea_checksum(body) != (hi << 4 | lo)) return Result<Sentence>::fail("checksum mismatch");
  Sentence s;
  s.lower_case_checksum = lower;
  size_t comma = body.find(',');
  s.address = std::string(body.substr(0, comma));
  if (s.address.size() != 5) return Result<Sentence>::fail("address is not 5 characters");
  for (char c : s.address)
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
      return Result<Sentence>::fail("address has a character other than A-Z 0-9");
  while (comma != std::string_view::npos) {
    size_t next = body.find(',', comma + 1);
    s.fields.emplace_back(body.substr(comma + 1, next == std::string_view::npos ? next : next - comma - 1));
    comma = next;
  }
  return Result<Sentence>::ok(std::move(s));
}

void SentenceSplitter::feed(std::string_view bytes) {
  for (char c : bytes) {
    if (c == '$') {
      if (in_sentence_) ++dropped_;  // lost its CR LF: restart on this `$`
      partial_.assign(1, '$');
      in_sentence_ = true;
      continue;
    }
    if (!in_sentence_) {
      ++garbage_;
      continue;
    }
    partial_.push_back(c);
    if (c == '\n' && partial_.size() >= 2 && partial_[partial_.size() - 2] == '\r') {
      ready_.push_back(std::move(partial_));
      partial_.clear();
      in_sentence_ = false;
    } else if (partial_.size() > kMaxSentenceBytes) {
      ++dropped_;
      partial_.clear();
      in_sentence_ = false;
    }
  }
}

bool SentenceSplitter::next(std::string& line) {
  if (ready_.empty()) return false;
  line = std::move(ready_.front());
  ready_.pop_front();
  return true;
}

}  // namespace lifeline::linkproto
