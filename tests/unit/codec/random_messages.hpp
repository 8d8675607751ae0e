// Seeded random messages for property tests: every kind, texts mixing phrases, Chinese, ASCII and
// characters outside GBK, points anywhere on Earth.
#pragma once
#include <cstdio>
#include <random>

#include "lifeline/codec/dictionary.hpp"
#include "lifeline/codec/messages.hpp"

namespace lifeline::codec::test {

class RandomMessages {
 public:
  RandomMessages(const Dictionary& dict, uint64_t seed) : dict_(dict), rng_(seed) {}

  Message next(int64_t at_ms) {
    switch (pick(6)) {
      case 0: return order(at_ms);
      case 1: return position(at_ms);
      case 2: return Receipt{static_cast<uint16_t>(pick(65536)), static_cast<DeliveryState>(pick(6)),
                             Answer::reject, static_cast<RejectReason>(pick(7))};
      case 3: return Report{incident(), value(), value(), value(), text(80), at_ms};
      case 4: return Text{static_cast<Precedence>(pick(4)), pick(2) ? key(DictTable::team) : "", text(40), at_ms};
      default: return dict_update();
    }
  }

  std::string text(int max_cp) {
    std::string s;
    const int n = pick(max_cp + 1);
    for (int i = 0; i < n; ++i) {
      const int r = pick(20);
      if (r < 4 && !dict_.phrases().empty()) {
        s += dict_.phrases()[pick(static_cast<int>(dict_.phrases().size()))];
      } else if (r < 14) {
        append(s, 0x4E00 + pick(0x9FA5 - 0x4E00 + 1));  // CJK unified ideographs
      } else if (r < 17) {
        append(s, 0x20 + pick(0x5F));  // printable ASCII
      } else if (r < 18) {
        append(s, 0xFF01 + pick(0x5E));  // full-width punctuation
      } else if (r < 19) {
        append(s, 0x1F300 + pick(0x200));  // emoji: 4 bytes in both charsets
      } else {
        append(s, 0xC0 + pick(0x200));  // Latin letters with diacritics
      }
    }
    return s;
  }

  int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }

 private:
  Order order(int64_t at_ms) {
    Order o;
    o.precedence = static_cast<Precedence>(pick(4));
    o.to = key(DictTable::team);
    o.incident = incident();
    o.task = static_cast<TaskType>(pick(kTaskTypeCount));
    if (pick(2)) {
      o.place.ref = key(DictTable::place);
      const auto* p = dict_.place(*dict_.find(DictTable::place, o.place.ref));
      o.place.name = p->name;
      o.place.point = p->point;
    } else {
      o.place.name = text(16);
      o.place.point = point();
    }
    o.due_minutes = value();
    for (int i = pick(5); i > 0; --i) o.resources.push_back({key(DictTable::item), value()});
    o.note = text(24);
    o.sent_ms = at_ms;
    return o;
  }
  Position position(int64_t at_ms) {
    Position p;
    p.point = point();
    p.at_ms = at_ms;
    p.readiness = static_cast<Readiness>(pick(4));
    if (pick(3)) p.task_status = static_cast<TaskStatus>(pick(8));
    p.battery = pick(101);
    return p;
  }
  DictUpdate dict_update() {
    DictUpdate u;
    u.new_version = static_cast<uint32_t>(pick(1 << 30));
    for (int i = 1 + pick(4); i > 0; --i) {
      DictEntry e;
      e.table = static_cast<DictTable>(pick(5));
      e.key = text(10);
      if (e.key.empty()) e.key = "k";
      if (e.key.size() > kMaxEntryBytes) e.key.resize(0), e.key = "long";
      if (e.table == DictTable::place) e.name = text(10), e.point = point();
      if (e.name.size() > kMaxEntryBytes) e.name = "n";
      u.entries.push_back(std::move(e));
    }
    return u;
  }
  GeoPoint point() {
    return {std::uniform_real_distribution<double>(-90, 90)(rng_), std::uniform_real_distribution<double>(-180, 180)(rng_)};
  }
  uint32_t value() {
    const int bits = pick(33);
    return bits == 0 ? 0 : static_cast<uint32_t>(std::uniform_int_distribution<uint64_t>(0, (uint64_t{1} << bits) - 1)(rng_));
  }
  // An incident by its number (any year the wire takes, any number) or by a dictionary key.
  std::string incident() {
    if (pick(2)) return key(DictTable::incident);
    char buf[32];
    std::snprintf(buf, sizeof buf, "INC-%04d-%04u", 2020 + pick(7980), value());
    return buf;
  }
  std::string key(DictTable t) { return *dict_.key(t, static_cast<uint32_t>(pick(static_cast<int>(dict_.size(t))))); }
  static void append(std::string& s, uint32_t cp) {
    if (cp < 0x80) {
      s += static_cast<char>(cp);
    } else if (cp < 0x800) {
      s += static_cast<char>(0xC0 | cp >> 6), s += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      s += static_cast<char>(0xE0 | cp >> 12), s += static_cast<char>(0x80 | (cp >> 6 & 0x3F));
      s += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      s += static_cast<char>(0xF0 | cp >> 18), s += static_cast<char>(0x80 | (cp >> 12 & 0x3F));
      s += static_cast<char>(0x80 | (cp >> 6 & 0x3F)), s += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  const Dictionary& dict_;
  std::mt19937_64 rng_;
};

// What a message reads back as: points on the fixed-point grid, battery on its 5-bit scale.
GeoPoint quantized(const GeoPoint& p);
Message expected_after_round_trip(Message m);

}  // namespace lifeline::codec::test
