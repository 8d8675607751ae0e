// The dictionary a demo-city device is enrolled with in these tests: the built-in places, items and
// phrases plus the corpus' teams T001..T240 and incidents INC-2026-0001..0040 (which travel as
// numbers) and two keys that are not numbers.
#pragma once
#include <cstdio>

#include "lifeline/codec/device_key.hpp"
#include "lifeline/codec/dictionary.hpp"

namespace lifeline::codec::test {

inline Dictionary enrolment_dictionary() {
  Dictionary d = Dictionary::builtin();
  char buf[32];
  for (int n = 1; n <= 240; ++n) {
    std::snprintf(buf, sizeof buf, "T%03d", n);
    (void)d.add_team(buf);
  }
  for (int n = 1; n <= 40; ++n) {
    std::snprintf(buf, sizeof buf, "INC-2026-%04d", n);
    (void)d.add_incident(buf);
  }
  // Incidents known only by their id travel through the dictionary (schema/codec.md §4.1).
  (void)d.add_incident("01a22f20-0000-7000-8000-00000000abcd");
  (void)d.add_incident("INC-2026-041");  // not a number as the command writes it
  return d;
}

inline DeviceKey test_key(uint32_t id = 7) {
  DeviceKey k;
  k.key_id = id;
  for (size_t i = 0; i < k.key.size(); ++i) k.key[i] = static_cast<uint8_t>(i * 7 + id);
  return k;
}

}  // namespace lifeline::codec::test
