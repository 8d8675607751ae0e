#include "lifeline/linkproto/beidou.hpp"

#include <charconv>

namespace lifeline::linkproto::beidou {

bool is_digits(std::string_view s, size_t min_len, size_t max_len) {
  if (s.size() < min_len || s.size() > max_len) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

static bool to_int(std::string_view s, int lo, int hi, int& out) {
  if (!is_digits(s, 1, 9)) return false;
  int v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  if (v < lo || v > hi) return false;
  out = v;
  return true;
}

static bool yes_no(std::string_view s, bool& out) {
  if (s == "Y") out = true;
  else if (s == "N") out = false;
  else return false;
  return true;
}

std::string content_for_bytes(const Bytes& payload, bool mixed) {
  return (mixed ? std::string("A4") : std::string()) + hex_encode(payload);
}

Result<Bytes> bytes_of_content(const std::string& content, bool chinese, bool mixed) {
  if (chinese) return Result<Bytes>::ok(to_bytes(content));
  std::string_view hex = content;
  if (mixed) {
    if (hex.size() < 2 || (hex.substr(0, 2) != "A4" && hex.substr(0, 2) != "a4"))
      return Result<Bytes>::fail("mixed content does not start with A4");
    hex.remove_prefix(2);
  }
  auto b = hex_decode(hex);
  if (!b) return Result<Bytes>::fail("content is not hex");
  return Result<Bytes>::ok(std::move(*b));
}

static std::string num(int v, int width = 0) {
  std::string s = std::to_string(v);
  if (static_cast<int>(s.size()) < width) s.insert(0, width - s.size(), '0');
  return s;
}

namespace {
struct Emitter {
  Sentence operator()(const CardQuery& m) const { return {"CCICA", {num(m.command_type), m.frame}}; }
  Sentence operator()(const CardInfo& m) const {
    return {"BDICI", {m.address, m.serial, m.broadcast, num(m.user_type), num(m.frequency_s), num(m.level),
                      std::string(1, m.encryption), num(m.subordinates)}};
  }
  Sentence operator()(const SendRequest21& m) const {
    return {"CCTXA", {m.destination, num(m.message_class), num(static_cast<int>(m.encoding)), m.content}};
  }
  Sentence operator()(const Received21& m) const {
    return {"BDTXR", {num(m.info_class), m.sender, num(static_cast<int>(m.encoding)), m.send_time, m.content}};
  }
  Sentence operator()(const Feedback21& m) const {
    return {"BDFKI", {m.command, m.executed ? "Y" : "N", m.frequency_ok ? "Y" : "N", num(m.inhibit), num(m.wait_s)}};
  }
  Sentence operator()(const CardQuery3& m) const { return {"CCICR", {num(m.command_type), m.frame}}; }
  Sentence operator()(const CardInfo3& m) const {
    Sentence s{"BDICP", {m.user_id}};
    s.fields.insert(s.fields.end(), m.rest.begin(), m.rest.end());
    return s;
  }
  Sentence operator()(const SendRequest3& m) const {
    return {"CCTCQ", {m.destination, num(m.frequency_point), num(m.confirm), num(static_cast<int>(m.encoding)),
                      m.content, num(m.repeat)}};
  }
  Sentence operator()(const Received3& m) const {
    return {"BDTCI", {m.sender, m.receiver, num(m.frequency_point), m.time, num(static_cast<int>(m.encoding)),
                      num(m.flag), m.content}};
  }
  Sentence operator()(const Feedback3& m) const {
    return {"BDFKI", {m.time, m.request, m.ok ? "Y" : "N", num(m.reason), num(m.wait_s)}};
  }
};
}  // namespace

std::string emit(const Message& m) { return emit_sentence(std::visit(Emitter{}, m)); }

template <class T>
static Result<Message> ok(T v) {
  return Result<Message>::ok(Message(std::move(v)));
}
static Result<Message> bad(const std::string& address, const std::string& why) {
  return Result<Message>::fail("$" + address + ": " + why);
}

Result<Message> decode(const Sentence& s) {
  const auto& f = s.fields;
  const std::string& a = s.address;
  if (a == "CCICA" || a == "CCICR") {
    int type = 0;
    if (f.size() != 2 || !to_int(f[0], 0, 9, type) || !is_digits(f[1], 1, 3)) return bad(a, "expected type,frame");
    if (a == "CCICA") return ok(CardQuery{type, f[1]});
    return ok(CardQuery3{type, f[1]});
  }
  if (a == "BDICI") {
    CardInfo m;
    if (f.size() != 8) return bad(a, "expected 8 fields");
    if (!is_digits(f[0], 7, 7) || !is_digits(f[1], 1, 8) || !is_digits(f[2], 7, 7)) return bad(a, "bad address field");
    if (!to_int(f[3], 0, 9, m.user_type) || !to_int(f[4], 0, 86400, m.frequency_s) || !to_int(f[5], 0, 4, m.level) ||
        (f[6] != "E" && f[6] != "N") || !to_int(f[7], 0, 999999, m.subordinates))
      return bad(a, "bad numeric field");
    m.address = f[0], m.serial = f[1], m.broadcast = f[2], m.encryption = f[6][0];
    return ok(m);
  }
  if (a == "CCTXA") {
    SendRequest21 m;
    int cls = 0, enc = 0;
    if (f.size() != 4) return bad(a, "expected 4 fields");
    if (!is_digits(f[0], 7, 7)) return bad(a, "destination is not 7 digits");
    if (!to_int(f[1], 0, 1, cls) || !to_int(f[2], 0, 2, enc)) return bad(a, "bad class or encoding");
    m.destination = f[0], m.message_class = cls, m.encoding = static_cast<Encoding21>(enc), m.content = f[3];
    if (m.encoding != Encoding21::chinese) {
      auto b = bytes_of_content(m.content, false, m.encoding == Encoding21::mixed);
      if (!b) return bad(a, b.error);
    }
    return ok(m);
  }
  if (a == "BDTXR") {
    Received21 m;
    int enc = 0;
    if (f.size() != 5) return bad(a, "expected 5 fields");
    if (!to_int(f[0], 1, 5, m.info_class) || !is_digits(f[1], 1, 8) || !to_int(f[2], 0, 2, enc))
      return bad(a, "bad class, sender or encoding");
    if (!f[3].empty() && !is_digits(f[3], 4, 6)) return bad(a, "bad send time");
    m.sender = f[1], m.encoding = static_cast<Encoding21>(enc), m.send_time = f[3], m.content = f[4];
    if (m.encoding != Encoding21::chinese) {
      auto b = bytes_of_content(m.content, false, m.encoding == Encoding21::mixed);
      if (!b) return bad(a, b.error);
    }
    return ok(m);
  }
  if (a == "BDFKI") {
    if (f.size() != 5) return bad(a, "expected 5 fields");
    // The BD-3 layout starts with a time (hhmmss), the 2.1 layout with a command name (links.md §1.5).
    if (is_digits(f[0], 6, 6)) {
      Feedback3 m;
      if (f[1].empty() || !yes_no(f[2], m.ok) || !to_int(f[3], 0, 9, m.reason) || !to_int(f[4], 0, 86400, m.wait_s))
        return bad(a, "bad BD-3 feedback field");
      m.time = f[0], m.request = f[1];
      return ok(m);
    }
    Feedback21 m;
    if (f[0].empty() || !yes_no(f[1], m.executed) || !yes_no(f[2], m.frequency_ok) || !to_int(f[3], 0, 9, m.inhibit) ||
        !to_int(f[4], 0, 86400, m.wait_s))
      return bad(a, "bad 2.1 feedback field");
    m.command = f[0];
    return ok(m);
  }
  if (a == "BDICP") {
    if (f.empty() || !is_digits(f[0], 1, 8)) return bad(a, "bad user id");
    return ok(CardInfo3{f[0], std::vector<std::string>(f.begin() + 1, f.end())});
  }
  if (a == "CCTCQ") {
    SendRequest3 m;
    int enc = 0;
    if (f.size() != 6) return bad(a, "expected 6 fields");
    if (!is_digits(f[0], 1, 8) || !to_int(f[1], 1, 5, m.frequency_point) || !to_int(f[2], 1, 2, m.confirm) ||
        !to_int(f[3], 1, 5, enc) || !to_int(f[5], 0, 99, m.repeat))
      return bad(a, "bad field");
    m.destination = f[0], m.encoding = static_cast<Encoding3>(enc), m.content = f[4];
    if (m.encoding == Encoding3::code || m.encoding == Encoding3::mixed) {
      auto b = bytes_of_content(m.content, false, m.encoding == Encoding3::mixed);
      if (!b) return bad(a, b.error);
    }
    return ok(m);
  }
  if (a == "BDTCI") {
    Received3 m;
    int enc = 0;
    if (f.size() != 7) return bad(a, "expected 7 fields");
    if (!is_digits(f[0], 1, 8) || !is_digits(f[1], 1, 8) || !to_int(f[2], 0, 9, m.frequency_point) ||
        !is_digits(f[3], 6, 6) || !to_int(f[4], 1, 5, enc) || !to_int(f[5], 0, 9, m.flag))
      return bad(a, "bad field");
    m.sender = f[0], m.receiver = f[1], m.time = f[3], m.encoding = static_cast<Encoding3>(enc), m.content = f[6];
    return ok(m);
  }
  return bad(a, "sentence type not handled");
}

Result<Message> parse(std::string_view line) {
  auto s = parse_sentence(line);
  if (!s) return Result<Message>::fail(s.error);
  return decode(*s);
}

}  // namespace lifeline::linkproto::beidou
