#include "lifeline/uuid7.hpp"

#include <sodium.h>

#include <mutex>

namespace lifeline {

namespace {
std::mutex g_mutex;
int64_t g_last_ms = -1;
uint16_t g_counter = 0;
}  // namespace

Uuid uuid7_new(int64_t ms) {
  Uuid id{};
  if (sodium_init() < 0) abort();
  randombytes_buf(id.data(), id.size());
  uint16_t counter;
  {
    std::lock_guard lock(g_mutex);
    if (ms <= g_last_ms) {
      ms = g_last_ms;  // never go backwards, even if the clock does
      if (++g_counter > 0x0fff) {  // counter exhausted: borrow the next millisecond
        ++ms;
        g_counter = 0;
      }
    } else {
      g_counter = static_cast<uint16_t>(id[6] & 0x03);  // random start, room to count
    }
    g_last_ms = ms;
    counter = g_counter;
  }
  for (int i = 0; i < 6; ++i) id[i] = static_cast<uint8_t>(static_cast<uint64_t>(ms) >> (8 * (5 - i)));
  id[6] = static_cast<uint8_t>(0x70 | ((counter >> 8) & 0x0f));
  id[7] = static_cast<uint8_t>(counter & 0xff);
  id[8] = static_cast<uint8_t>(0x80 | (id[8] & 0x3f));  // RFC 9562 variant
  return id;
}

std::string uuid_to_string(const Uuid& id) {
  static const char* hex = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(hex[id[i] >> 4]);
    out.push_back(hex[id[i] & 0x0f]);
  }
  return out;
}

std::optional<Uuid> uuid_parse(std::string_view text) {
  if (text.size() != 36) return std::nullopt;
  Uuid id{};
  size_t byte = 0;
  for (size_t i = 0; i < 36;) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (text[i] != '-') return std::nullopt;
      ++i;
      continue;
    }
    auto nibble = [](char c) -> int {
      if (c >= '0' && c <= '9') return c - '0';
      if (c >= 'a' && c <= 'f') return c - 'a' + 10;
      return -1;
    };
    int hi = nibble(text[i]), lo = nibble(text[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    id[byte++] = static_cast<uint8_t>(hi << 4 | lo);
    i += 2;
  }
  return id;
}

int64_t uuid7_ms(const Uuid& id) {
  int64_t ms = 0;
  for (int i = 0; i < 6; ++i) ms = (ms << 8) | id[i];
  return ms;
}

bool is_uuid(std::string_view text) { return uuid_parse(text).has_value(); }

}  // namespace lifeline
