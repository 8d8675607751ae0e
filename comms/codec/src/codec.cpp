// Whole-frame encode/decode: header, sequence, per-kind body, padding, MAC (schema/codec.md §4).
#include "lifeline/codec/codec.hpp"

#include <sodium.h>

#include <cstdio>
#include <optional>

#include "bits.hpp"
#include "geo.hpp"
#include "text.hpp"

namespace lifeline::codec {
namespace {

using detail::BitReader;
using detail::BitWriter;

constexpr int kTimeBits = 12;
constexpr uint32_t kMaxResources = 15;
constexpr uint32_t kMaxDictEntries = 64;

template <class... F>
struct Overloaded : F... { using F::operator()...; };
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

uint8_t header_byte(Kind k) { return static_cast<uint8_t>(kWireVersion << 6 | static_cast<uint8_t>(k) << 2); }

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

void put_time(BitWriter& w, int64_t ms) {
  const int64_t s = floor_div(ms, 1000);
  w.put(static_cast<uint64_t>(s & ((1 << kTimeBits) - 1)), kTimeBits);
}

int64_t resolve_time(uint32_t v, int64_t reference_ms) {
  const int64_t top = floor_div(reference_ms, 1000) + kTimeFutureSkewS;
  const int64_t back = ((top - v) % 4096 + 4096) % 4096;
  return (top - back) * 1000;
}

Result<uint32_t> lookup(const Dictionary& d, DictTable t, const std::string& key) {
  if (auto i = d.find(t, key)) return *i;
  return make_error("not_found", std::string(name(t)) + " not in link dictionary: " + key);
}

// An incident reference (§4.1): u(1) form; 1 = its number, uv(year − 2020) and uv(number); 0 = uv
// dictionary short id. A number needs no dictionary update, so the first order of a new incident
// crosses a thin link in one frame.
constexpr uint32_t kFirstIncidentYear = 2020;
constexpr uint32_t kLastIncidentYear = 9999;

struct IncidentNumber {
  uint32_t year = 0, number = 0;
};

std::optional<IncidentNumber> parse_incident_number(std::string_view key) {
  if (key.size() < 13 || key.size() > 19 || key.substr(0, 4) != "INC-" || key[8] != '-') return std::nullopt;
  auto digits = [](std::string_view s, uint64_t& v) {
    if (s.empty()) return false;
    v = 0;
    for (char c : s) {
      if (c < '0' || c > '9') return false;
      v = v * 10 + static_cast<uint64_t>(c - '0');
    }
    return true;
  };
  uint64_t year = 0, number = 0;
  const auto n = key.substr(9);
  if (!digits(key.substr(4, 4), year) || !digits(n, number)) return std::nullopt;
  // Canonical only (what decoding writes back): "%04u", so a leading zero only below 1000.
  if (year < kFirstIncidentYear || number > 0xFFFFFFFFu || (n.size() > 4 && n[0] == '0')) return std::nullopt;
  return IncidentNumber{static_cast<uint32_t>(year), static_cast<uint32_t>(number)};
}

Result<Ok> put_incident(BitWriter& w, const Dictionary& d, const std::string& key) {
  if (auto n = parse_incident_number(key)) {
    w.put_bit(true);
    w.put_uv(n->year - kFirstIncidentYear);
    w.put_uv(n->number);
    return Ok{};
  }
  auto inc = lookup(d, DictTable::incident, key);
  if (!inc) return inc.error();
  w.put_bit(false);
  w.put_uv(*inc);
  return Ok{};
}

bool get_incident(BitReader& r, const Dictionary& d, std::string& key) {
  if (r.get_bit()) {
    const uint32_t year_offset = r.get_uv(), number = r.get_uv();
    if (r.failed() || year_offset > kLastIncidentYear - kFirstIncidentYear) return false;
    char buf[32];
    std::snprintf(buf, sizeof buf, "INC-%04u-%04u", kFirstIncidentYear + year_offset, number);
    key = buf;
    return true;
  }
  const auto* inc = d.key(DictTable::incident, r.get_uv());
  if (r.failed() || !inc) return false;
  key = *inc;
  return true;
}

Result<Ok> put_body(BitWriter& w, const Message& m, const Dictionary& d) {
  return std::visit(
      Overloaded{
          [&](const Order& o) -> Result<Ok> {
            if (static_cast<int>(o.task) >= kTaskTypeCount) return make_error("bad_field", "task");
            auto to = lookup(d, DictTable::team, o.to);
            if (!to) return to.error();
            if (o.resources.size() > kMaxResources) return make_error("bad_field", "resources: at most 15");
            w.put(static_cast<uint8_t>(o.precedence), 2);
            w.put(static_cast<uint8_t>(o.task), 4);
            w.put_uv(*to);
            if (auto inc = put_incident(w, d, o.incident); !inc) return inc.error();
            put_time(w, o.sent_ms);
            w.put_uv(o.due_minutes);
            if (!o.place.ref.empty()) {
              auto p = lookup(d, DictTable::place, o.place.ref);
              if (!p) return p.error();
              w.put_bit(false);
              w.put_uv(*p);
            } else {
              if (!o.place.point || !detail::point_in_range(*o.place.point))
                return make_error("bad_field", "place: ref or point");
              w.put_bit(true);
              detail::put_point(w, *o.place.point);
              if (auto r = detail::put_text(w, o.place.name, d); !r) return r.error();
            }
            w.put_uv(static_cast<uint32_t>(o.resources.size()));
            for (const auto& res : o.resources) {
              auto it = lookup(d, DictTable::item, res.item);
              if (!it) return it.error();
              w.put_uv(*it);
              w.put_uv(res.qty);
            }
            return detail::put_text(w, o.note, d);
          },
          [&](const Position& p) -> Result<Ok> {
            if (!detail::point_in_range(p.point)) return make_error("bad_field", "lat/lon");
            if (p.battery < 0 || p.battery > 100) return make_error("bad_field", "battery: 0-100");
            detail::put_point(w, p.point);
            put_time(w, p.at_ms);
            w.put(static_cast<uint8_t>(p.readiness), 2);
            w.put(p.task_status ? static_cast<uint8_t>(*p.task_status) + 1 : 0, 4);
            w.put(static_cast<uint32_t>((p.battery * 31 + 50) / 100), 5);
            return Ok{};
          },
          [&](const Receipt& r) -> Result<Ok> {
            if (r.answer != Answer::reject && r.reason != RejectReason::none)
              return make_error("bad_field", "reason only with reject");
            w.put(static_cast<uint8_t>(r.state), 3);
            w.put(static_cast<uint8_t>(r.answer), 2);
            w.put(static_cast<uint8_t>(r.reason), 3);
            return Ok{};
          },
          [&](const Report& r) -> Result<Ok> {
            if (auto inc = put_incident(w, d, r.incident); !inc) return inc.error();
            w.put_uv(r.dead);
            w.put_uv(r.missing);
            w.put_uv(r.injured);
            put_time(w, r.at_ms);
            return detail::put_text(w, r.text, d);
          },
          [&](const Text& t) -> Result<Ok> {
            w.put(static_cast<uint8_t>(t.precedence), 2);
            w.put_bit(!t.to.empty());
            if (!t.to.empty()) {
              auto to = lookup(d, DictTable::team, t.to);
              if (!to) return to.error();
              w.put_uv(*to);
            }
            put_time(w, t.sent_ms);
            return detail::put_text(w, t.text, d);
          },
          [&](const DictUpdate& u) -> Result<Ok> {
            if (u.entries.empty() || u.entries.size() > kMaxDictEntries)
              return make_error("bad_field", "entries: 1-64");
            w.put_uv(u.new_version);
            w.put_uv(static_cast<uint32_t>(u.entries.size()));
            for (const auto& e : u.entries) {
              if (e.key.empty() || e.key.size() > kMaxEntryBytes || e.name.size() > kMaxEntryBytes ||
                  static_cast<int>(e.table) > 4)
                return make_error("bad_field", "dictionary entry");
              w.put(static_cast<uint8_t>(e.table), 3);
              detail::put_raw(w, e.key);
              if (e.table == DictTable::place) {
                if (!e.point || !detail::point_in_range(*e.point)) return make_error("bad_field", "place point");
                detail::put_raw(w, e.name);
                detail::put_point(w, *e.point);
              }
            }
            return Ok{};
          },
      },
      m);
}

// Each reader returns false on malformation (the reader's failed flag is checked by the caller too).
bool get_order(BitReader& r, const Dictionary& d, int64_t ref, Order& o) {
  o.precedence = static_cast<Precedence>(r.get(2));
  const auto task = static_cast<uint32_t>(r.get(4));
  if (task >= kTaskTypeCount) return false;
  o.task = static_cast<TaskType>(task);
  const auto* to = d.key(DictTable::team, r.get_uv());
  if (r.failed() || !to || !get_incident(r, d, o.incident)) return false;
  o.to = *to;
  o.sent_ms = resolve_time(static_cast<uint32_t>(r.get(kTimeBits)), ref);
  o.due_minutes = r.get_uv();
  if (!r.get_bit()) {
    const auto* p = d.place(r.get_uv());
    if (r.failed() || !p) return false;
    o.place = Place{p->id, p->name, p->point};
  } else {
    o.place.point = detail::get_point(r);
    if (!detail::get_text(r, d, o.place.name)) return false;
  }
  const uint32_t n = r.get_uv();
  if (r.failed() || n > kMaxResources) return false;
  for (uint32_t i = 0; i < n; ++i) {
    const auto* item = d.key(DictTable::item, r.get_uv());
    const uint32_t qty = r.get_uv();
    if (r.failed() || !item) return false;
    o.resources.push_back({*item, qty});
  }
  return detail::get_text(r, d, o.note);
}

bool get_position(BitReader& r, int64_t ref, Position& p) {
  p.point = detail::get_point(r);
  p.at_ms = resolve_time(static_cast<uint32_t>(r.get(kTimeBits)), ref);
  p.readiness = static_cast<Readiness>(r.get(2));
  const auto status = static_cast<uint32_t>(r.get(4));
  if (status > 8) return false;
  if (status) p.task_status = static_cast<TaskStatus>(status - 1);
  p.battery = static_cast<int>((r.get(5) * 100 + 15) / 31);
  return true;
}

bool get_receipt(BitReader& r, Receipt& rc) {
  const auto state = r.get(3), answer = r.get(2), reason = r.get(3);
  if (state > 5 || answer > 2 || reason > 6 || (answer != 2 && reason != 0)) return false;
  rc.state = static_cast<DeliveryState>(state);
  rc.answer = static_cast<Answer>(answer);
  rc.reason = static_cast<RejectReason>(reason);
  return true;
}

bool get_report(BitReader& r, const Dictionary& d, int64_t ref, Report& rp) {
  if (!get_incident(r, d, rp.incident)) return false;
  rp.dead = r.get_uv();
  rp.missing = r.get_uv();
  rp.injured = r.get_uv();
  rp.at_ms = resolve_time(static_cast<uint32_t>(r.get(kTimeBits)), ref);
  return detail::get_text(r, d, rp.text);
}

bool get_text_msg(BitReader& r, const Dictionary& d, int64_t ref, Text& t) {
  t.precedence = static_cast<Precedence>(r.get(2));
  if (r.get_bit()) {
    const auto* to = d.key(DictTable::team, r.get_uv());
    if (r.failed() || !to) return false;
    t.to = *to;
  }
  t.sent_ms = resolve_time(static_cast<uint32_t>(r.get(kTimeBits)), ref);
  return detail::get_text(r, d, t.text);
}

bool get_dict_update(BitReader& r, DictUpdate& u) {
  u.new_version = r.get_uv();
  const uint32_t n = r.get_uv();
  if (r.failed() || n == 0 || n > kMaxDictEntries) return false;
  for (uint32_t i = 0; i < n; ++i) {
    DictEntry e;
    const auto table = r.get(3);
    if (table > 4) return false;
    e.table = static_cast<DictTable>(table);
    if (!detail::get_raw(r, e.key, kMaxEntryBytes) || e.key.empty()) return false;
    if (e.table == DictTable::place) {
      if (!detail::get_raw(r, e.name, kMaxEntryBytes)) return false;
      e.point = detail::get_point(r);
    }
    u.entries.push_back(std::move(e));
  }
  return true;
}

}  // namespace

Kind kind_of(const Message& m) {
  return std::visit(Overloaded{[](const Order&) { return Kind::order; },
                               [](const Position&) { return Kind::position; },
                               [](const Receipt&) { return Kind::receipt; },
                               [](const Report&) { return Kind::report; },
                               [](const Text&) { return Kind::text; },
                               [](const DictUpdate&) { return Kind::dict_update; }},
                    m);
}

Result<std::vector<uint8_t>> encode(const Message& message, uint16_t seq, const Dictionary& dict,
                                    const DeviceKey& key) {
  // A receipt's sequence field is the sequence number it cites (DECISIONS: 8-byte receipts).
  if (const auto* rc = std::get_if<Receipt>(&message)) seq = rc->ref_seq;
  BitWriter w;
  w.put(header_byte(kind_of(message)), 8);
  w.put(seq, 16);
  if (auto r = put_body(w, message, dict); !r) return r.error();
  auto frame = std::move(w.bytes());  // zero padding to the byte boundary
  if (frame.size() + kMacBytes > kMaxMessageBytes) return make_error("too_large_for_link", "message over 2048 bytes");
  const auto mac = compute_mac(key, dict.version(), frame);
  frame.insert(frame.end(), mac.begin(), mac.end());
  return frame;
}

bool is_incident_number(std::string_view key) { return parse_incident_number(key).has_value(); }

Result<Kind> peek_kind(std::span<const uint8_t> frame) {
  if (frame.empty()) return make_error("bad_frame", "empty");
  const uint8_t h = frame[0];
  if ((h >> 6) != kWireVersion) return make_error("bad_frame", "version");
  if (h & 0x3) return make_error("bad_frame", "reserved header bits");
  const uint8_t k = (h >> 2) & 0xF;
  if (k > static_cast<uint8_t>(Kind::fragment)) return make_error("bad_frame", "kind");
  return static_cast<Kind>(k);
}

Result<Frame> decode(std::span<const uint8_t> frame, const Dictionary& dict, const DeviceKey& key,
                     int64_t reference_ms) {
  if (frame.size() < kHeaderBytes + kMacBytes) return make_error("bad_frame", "truncated");
  if (frame.size() > kMaxMessageBytes) return make_error("bad_frame", "over 2048 bytes");
  auto kind = peek_kind(frame);
  if (!kind) return kind.error();
  if (*kind == Kind::fragment) return make_error("bad_frame", "fragment: use the reassembler");
  const auto body = frame.first(frame.size() - kMacBytes);
  const auto mac = compute_mac(key, dict.version(), body);
  if (sodium_memcmp(mac.data(), frame.data() + body.size(), kMacBytes) != 0) return make_error("bad_mac");
  BitReader r(body.subspan(kHeaderBytes));
  Frame out;
  out.seq = static_cast<uint16_t>(frame[1] << 8 | frame[2]);
  bool ok = false;
  switch (*kind) {
    case Kind::order: ok = get_order(r, dict, reference_ms, out.message.emplace<Order>()); break;
    case Kind::position: ok = get_position(r, reference_ms, out.message.emplace<Position>()); break;
    case Kind::receipt:
      ok = get_receipt(r, out.message.emplace<Receipt>());
      std::get<Receipt>(out.message).ref_seq = out.seq;
      break;
    case Kind::report: ok = get_report(r, dict, reference_ms, out.message.emplace<Report>()); break;
    case Kind::text: ok = get_text_msg(r, dict, reference_ms, out.message.emplace<Text>()); break;
    case Kind::dict_update: ok = get_dict_update(r, out.message.emplace<DictUpdate>()); break;
    case Kind::fragment: break;
  }
  if (!ok || r.failed()) return make_error("bad_frame", std::string(name(*kind)) + " body");
  if (!r.at_clean_end()) return make_error("bad_frame", "trailing bits");
  return out;
}

}  // namespace lifeline::codec
