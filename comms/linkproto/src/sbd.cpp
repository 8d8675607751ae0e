#include <charconv>

#include "lifeline/linkproto/at_host.hpp"

namespace lifeline::linkproto::at {

uint16_t sbd_checksum(std::string_view data) {
  uint32_t sum = 0;
  for (char c : data) sum += static_cast<uint8_t>(c);
  return static_cast<uint16_t>(sum & 0xFFFF);
}

std::string sbd_with_checksum(std::string_view data) {
  uint16_t sum = sbd_checksum(data);
  std::string out(data);
  out.push_back(static_cast<char>(sum >> 8));
  out.push_back(static_cast<char>(sum & 0xFF));
  return out;
}

std::string sbdrb_output(std::string_view message) {
  std::string out;
  out.push_back(static_cast<char>(message.size() >> 8));
  out.push_back(static_cast<char>(message.size() & 0xFF));
  return out + sbd_with_checksum(message);
}

bool parse_sbdix(std::string_view line, SbdixResult& out) {
  constexpr std::string_view prefix = "+SBDIX:";
  if (line.substr(0, prefix.size()) != prefix) return false;
  line.remove_prefix(prefix.size());
  int values[6];
  for (int i = 0; i < 6; ++i) {
    while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
    const char* end = line.data() + line.size();
    auto [p, ec] = std::from_chars(line.data(), end, values[i]);
    if (ec != std::errc() || p == line.data()) return false;
    line.remove_prefix(static_cast<size_t>(p - line.data()));
    while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
    if (i < 5) {
      if (line.empty() || line.front() != ',') return false;
      line.remove_prefix(1);
    }
  }
  if (!line.empty()) return false;
  if (values[0] < 0 || values[0] > 255 || values[1] < 0 || values[1] > 65535 || values[2] < 0 || values[2] > 2 ||
      values[3] < -1 || values[3] > 65535 || values[4] < 0 || values[4] > 65535 || values[5] < 0)
    return false;
  out = SbdixResult{values[0], values[1], values[2], values[3], values[4], values[5]};
  return true;
}

std::string format_sbdix(const SbdixResult& r) {
  return "+SBDIX: " + std::to_string(r.mo_status) + ", " + std::to_string(r.momsn) + ", " +
         std::to_string(r.mt_status) + ", " + std::to_string(r.mtmsn) + ", " + std::to_string(r.mt_length) + ", " +
         std::to_string(r.mt_queued);
}

}  // namespace lifeline::linkproto::at
