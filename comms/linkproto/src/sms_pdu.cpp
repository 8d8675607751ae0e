#include "lifeline/linkproto/sms_pdu.hpp"

#include <array>

#include "lifeline/civil_date.hpp"

namespace lifeline::linkproto::sms {

// GSM 03.38 default alphabet (index = septet) and the extension table reached through ESC (0x1B).
static constexpr std::array<char32_t, 128> kGsmBasic = {
    U'@', U'£', U'$', U'¥', U'è', U'é', U'ù', U'ì', U'ò', U'Ç', U'\n', U'Ø', U'ø', U'\r', U'Å', U'å',
    U'Δ', U'_', U'Φ', U'Γ', U'Λ', U'Ω', U'Π', U'Ψ', U'Σ', U'Θ', U'Ξ', 0xFFFF, U'Æ', U'æ', U'ß', U'É',
    U' ', U'!', U'"', U'#', U'¤', U'%', U'&', U'\'', U'(', U')', U'*', U'+', U',', U'-', U'.', U'/',
    U'0', U'1', U'2', U'3', U'4', U'5', U'6', U'7', U'8', U'9', U':', U';', U'<', U'=', U'>', U'?',
    U'¡', U'A', U'B', U'C', U'D', U'E', U'F', U'G', U'H', U'I', U'J', U'K', U'L', U'M', U'N', U'O',
    U'P', U'Q', U'R', U'S', U'T', U'U', U'V', U'W', U'X', U'Y', U'Z', U'Ä', U'Ö', U'Ñ', U'Ü', U'§',
    U'¿', U'a', U'b', U'c', U'd', U'e', U'f', U'g', U'h', U'i', U'j', U'k', U'l', U'm', U'n', U'o',
    U'p', U'q', U'r', U's', U't', U'u', U'v', U'w', U'x', U'y', U'z', U'ä', U'ö', U'ñ', U'ü', U'à'};
struct ExtEntry {
  uint8_t septet;
  char32_t ch;
};
static constexpr std::array<ExtEntry, 10> kGsmExt = {{{0x0A, U'\f'}, {0x14, U'^'}, {0x28, U'{'}, {0x29, U'}'},
                                                      {0x2F, U'\\'}, {0x3C, U'['}, {0x3D, U'~'}, {0x3E, U']'},
                                                      {0x40, U'|'}, {0x65, U'€'}}};

std::optional<std::u32string> utf8_decode(std::string_view s) {
  std::u32string out;
  for (size_t i = 0; i < s.size();) {
    auto b = static_cast<uint8_t>(s[i]);
    int n = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return std::nullopt;
    char32_t c = n == 1 ? b : n == 2 ? (b & 0x1F) : n == 3 ? (b & 0x0F) : (b & 0x07);
    for (int k = 1; k < n; ++k) {
      auto t = static_cast<uint8_t>(s[i + k]);
      if ((t >> 6) != 2) return std::nullopt;
      c = (c << 6) | (t & 0x3F);
    }
    if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return std::nullopt;
    out.push_back(c);
    i += n;
  }
  return out;
}

std::string utf8_encode(std::u32string_view s) {
  std::string out;
  for (char32_t c : s) {
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
      out.push_back(static_cast<char>(0xC0 | c >> 6));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | c >> 12));
      out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | c >> 18));
      out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
  }
  return out;
}

// Septets for one character: 1 (basic), 2 (ESC + extension), or empty when not representable.
static std::vector<uint8_t> gsm_septets(char32_t c) {
  for (size_t i = 0; i < kGsmBasic.size(); ++i)
    if (kGsmBasic[i] == c) return {static_cast<uint8_t>(i)};
  for (const auto& e : kGsmExt)
    if (e.ch == c) return {0x1B, e.septet};
  return {};
}

std::optional<size_t> gsm7_length(std::string_view utf8) {
  auto text = utf8_decode(utf8);
  if (!text) return std::nullopt;
  size_t n = 0;
  for (char32_t c : *text) {
    auto s = gsm_septets(c);
    if (s.empty()) return std::nullopt;
    n += s.size();
  }
  return n;
}

bool gsm7_representable(std::string_view utf8) { return gsm7_length(utf8).has_value(); }

static std::u16string to_utf16(const std::u32string& s) {
  std::u16string out;
  for (char32_t c : s) {
    if (c < 0x10000) {
      out.push_back(static_cast<char16_t>(c));
    } else {
      c -= 0x10000;
      out.push_back(static_cast<char16_t>(0xD800 + (c >> 10)));
      out.push_back(static_cast<char16_t>(0xDC00 + (c & 0x3FF)));
    }
  }
  return out;
}

static std::optional<std::u32string> from_utf16(const std::u16string& s) {
  std::u32string out;
  for (size_t i = 0; i < s.size(); ++i) {
    char16_t c = s[i];
    if (c >= 0xD800 && c <= 0xDBFF) {
      if (i + 1 >= s.size() || s[i + 1] < 0xDC00 || s[i + 1] > 0xDFFF) return std::nullopt;
      out.push_back(0x10000 + ((static_cast<char32_t>(c) - 0xD800) << 10) + (s[i + 1] - 0xDC00));
      ++i;
    } else if (c >= 0xDC00 && c <= 0xDFFF) {
      return std::nullopt;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// ---- user data -------------------------------------------------------------------------------

// Header bytes (UDHL included) for a concatenation IE.
static Bytes concat_header(const Concat& c) {
  if (c.ref > 0xFF) return {0x06, 0x08, 0x04, static_cast<uint8_t>(c.ref >> 8), static_cast<uint8_t>(c.ref), c.total, c.seq};
  return {0x05, 0x00, 0x03, static_cast<uint8_t>(c.ref), c.total, c.seq};
}

struct UserData {
  Bytes header;  // UDHL + IEs, empty when none
  int udl = 0;   // TP-UDL
  Bytes packed;  // TP-UD (header included)
};

static Result<UserData> build_user_data(Coding coding, const std::string& data, const std::optional<Concat>& concat) {
  UserData ud;
  if (concat) ud.header = concat_header(*concat);
  size_t hlen = ud.header.size();
  if (coding == Coding::gsm7) {
    auto text = utf8_decode(data);
    if (!text) return Result<UserData>::fail("text is not UTF-8");
    std::vector<uint8_t> septets;
    for (char32_t c : *text) {
      auto s = gsm_septets(c);
      if (s.empty()) return Result<UserData>::fail("character outside the GSM 7-bit alphabet");
      septets.insert(septets.end(), s.begin(), s.end());
    }
    size_t header_septets = (hlen * 8 + 6) / 7;
    size_t total = header_septets + septets.size();
    if (total > 160) return Result<UserData>::fail("text longer than one SMS (160 septets)");
    ud.udl = static_cast<int>(total);
    ud.packed.assign((total * 7 + 7) / 8, 0);
    std::copy(ud.header.begin(), ud.header.end(), ud.packed.begin());
    size_t bit = header_septets * 7;  // fill bits put the first septet on a septet boundary
    for (uint8_t s : septets) {
      size_t byte = bit / 8, shift = bit % 8;
      ud.packed[byte] |= static_cast<uint8_t>(s << shift);
      if (shift > 1) ud.packed[byte + 1] |= static_cast<uint8_t>(s >> (8 - shift));
      bit += 7;
    }
    return Result<UserData>::ok(std::move(ud));
  }
  Bytes body;
  if (coding == Coding::ucs2) {
    auto text = utf8_decode(data);
    if (!text) return Result<UserData>::fail("text is not UTF-8");
    for (char16_t u : to_utf16(*text)) {
      body.push_back(static_cast<uint8_t>(u >> 8));
      body.push_back(static_cast<uint8_t>(u & 0xFF));
    }
  } else {
    body = to_bytes(data);
  }
  if (hlen + body.size() > 140) return Result<UserData>::fail("user data longer than one SMS (140 bytes)");
  ud.packed = ud.header;
  ud.packed.insert(ud.packed.end(), body.begin(), body.end());
  ud.udl = static_cast<int>(ud.packed.size());
  return Result<UserData>::ok(std::move(ud));
}

struct DecodedUserData {
  std::string data;
  std::optional<Concat> concat;
};

// `ud` = TP-UD bytes; `udl` = TP-UDL.
static Result<DecodedUserData> parse_user_data(Coding coding, bool udhi, int udl, const Bytes& ud) {
  using R = Result<DecodedUserData>;
  DecodedUserData out;
  size_t ud_bytes = coding == Coding::gsm7 ? (static_cast<size_t>(udl) * 7 + 7) / 8 : static_cast<size_t>(udl);
  if (coding == Coding::gsm7 && udl > 160) return R::fail("TP-UDL above 160 septets");
  if (coding != Coding::gsm7 && udl > 140) return R::fail("TP-UDL above 140 bytes");
  if (ud.size() != ud_bytes) return R::fail("user data length does not match TP-UDL");
  size_t hlen = 0;
  if (udhi) {
    if (ud.empty()) return R::fail("UDHI set without a header");
    hlen = ud[0] + 1u;
    if (hlen > ud.size()) return R::fail("user-data header longer than the user data");
    for (size_t i = 1; i + 1 < hlen;) {
      uint8_t iei = ud[i], len = ud[i + 1];
      if (i + 2 + len > hlen) return R::fail("truncated information element");
      if (iei == 0x00 && len == 3) out.concat = Concat{ud[i + 2], ud[i + 3], ud[i + 4]};
      if (iei == 0x08 && len == 4)
        out.concat = Concat{static_cast<uint16_t>(ud[i + 2] << 8 | ud[i + 3]), ud[i + 4], ud[i + 5]};
      i += 2 + len;
    }
    if (out.concat && (out.concat->total == 0 || out.concat->seq == 0 || out.concat->seq > out.concat->total))
      return R::fail("bad concatenation numbers");
  }
  if (coding == Coding::gsm7) {
    size_t header_septets = (hlen * 8 + 6) / 7;
    if (header_septets > static_cast<size_t>(udl)) return R::fail("header longer than TP-UDL");
    std::u32string text;
    bool escape = false;
    for (size_t k = header_septets; k < static_cast<size_t>(udl); ++k) {
      size_t bit = k * 7, byte = bit / 8, shift = bit % 8;
      unsigned v = ud[byte] >> shift;
      if (shift > 1 && byte + 1 < ud.size()) v |= ud[byte + 1] << (8 - shift);
      uint8_t s = v & 0x7F;
      if (escape) {
        escape = false;
        char32_t c = U' ';
        for (const auto& e : kGsmExt)
          if (e.septet == s) c = e.ch;
        text.push_back(c);
      } else if (s == 0x1B) {
        escape = true;
      } else {
        text.push_back(kGsmBasic[s]);
      }
    }
    out.data = utf8_encode(text);
  } else if (coding == Coding::ucs2) {
    if ((ud.size() - hlen) % 2 != 0) return R::fail("UCS2 data has an odd length");
    std::u16string u;
    for (size_t i = hlen; i < ud.size(); i += 2) u.push_back(static_cast<char16_t>(ud[i] << 8 | ud[i + 1]));
    auto text = from_utf16(u);
    if (!text) return R::fail("UCS2 data is not valid UTF-16");
    out.data = utf8_encode(*text);
  } else {
    out.data.assign(ud.begin() + static_cast<long>(hlen), ud.end());
  }
  return R::ok(std::move(out));
}

// ---- addresses, time stamps, DCS -------------------------------------------------------------

static Result<Bytes> encode_address(const std::string& number) {
  std::string digits = number;
  uint8_t toa = 0x81;
  if (!digits.empty() && digits[0] == '+') {
    digits.erase(0, 1);
    toa = 0x91;
  }
  if (digits.empty() || digits.size() > 20) return Result<Bytes>::fail("phone number must have 1-20 digits");
  for (char c : digits)
    if (c < '0' || c > '9') return Result<Bytes>::fail("phone number has a non-digit");
  Bytes out{static_cast<uint8_t>(digits.size()), toa};
  for (size_t i = 0; i < digits.size(); i += 2) {
    uint8_t lo = static_cast<uint8_t>(digits[i] - '0');
    uint8_t hi = i + 1 < digits.size() ? static_cast<uint8_t>(digits[i + 1] - '0') : 0x0F;
    out.push_back(static_cast<uint8_t>(hi << 4 | lo));
  }
  return Result<Bytes>::ok(std::move(out));
}

// Reads an address at `p`; advances p.
static Result<std::string> decode_address(const Bytes& b, size_t& p) {
  using R = Result<std::string>;
  if (p + 2 > b.size()) return R::fail("truncated address");
  size_t ndigits = b[p], toa = b[p + 1];
  size_t nbytes = (ndigits + 1) / 2;
  if (ndigits > 20) return R::fail("address longer than 20 digits");
  if (p + 2 + nbytes > b.size()) return R::fail("truncated address");
  std::string out;
  if ((toa & 0x70) == 0x50) {  // alphanumeric, GSM 7-bit packed
    size_t septets = ndigits * 4 / 7;
    Bytes packed(b.begin() + static_cast<long>(p + 2), b.begin() + static_cast<long>(p + 2 + nbytes));
    packed.resize((septets * 7 + 7) / 8, 0);
    auto ud = parse_user_data(Coding::gsm7, false, static_cast<int>(septets), packed);
    if (!ud) return R::fail("bad alphanumeric address");
    out = ud->data;
  } else {
    if ((toa & 0x70) == 0x10) out.push_back('+');
    for (size_t i = 0; i < ndigits; ++i) {
      uint8_t byte = b[p + 2 + i / 2];
      uint8_t d = i % 2 == 0 ? byte & 0x0F : byte >> 4;
      if (d > 9) {
        if (d == 0x0A) out.push_back('*');
        else if (d == 0x0B) out.push_back('#');
        else return R::fail("bad address digit");
      } else {
        out.push_back(static_cast<char>('0' + d));
      }
    }
  }
  p += 2 + nbytes;
  return R::ok(std::move(out));
}

static uint8_t swapped_bcd(int v) { return static_cast<uint8_t>((v % 10) << 4 | (v / 10 % 10)); }

static Bytes encode_scts(int64_t utc_ms, int tz_quarters) {
  int64_t local_s = utc_ms / 1000 + tz_quarters * 15 * 60;
  int64_t days = local_s >= 0 ? local_s / 86400 : (local_s - 86399) / 86400;
  int64_t secs = local_s - days * 86400;
  int y;
  unsigned m, d;
  { const auto c = civil_from_days(days); y = c.year; m = c.month; d = c.day; }
  Bytes out{swapped_bcd(y % 100), swapped_bcd(static_cast<int>(m)), swapped_bcd(static_cast<int>(d)),
            swapped_bcd(static_cast<int>(secs / 3600)), swapped_bcd(static_cast<int>(secs / 60 % 60)),
            swapped_bcd(static_cast<int>(secs % 60))};
  int q = tz_quarters < 0 ? -tz_quarters : tz_quarters;
  uint8_t tz = swapped_bcd(q);
  if (tz_quarters < 0) tz |= 0x08;
  out.push_back(tz);
  return out;
}

static bool decode_scts(const uint8_t* b, int64_t& utc_ms, int& tz_quarters) {
  int v[7];
  for (int i = 0; i < 7; ++i) {
    int lo = b[i] & 0x0F, hi = b[i] >> 4;
    if (i == 6) lo &= 0x07;
    if (lo > 9 || hi > 9) return false;
    v[i] = lo * 10 + hi;
  }
  if (v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > 31 || v[3] > 23 || v[4] > 59 || v[5] > 59 || v[6] > 56)
    return false;
  tz_quarters = (b[6] & 0x08) ? -v[6] : v[6];
  int64_t days = days_from_civil((v[0] >= 90 ? 1900 : 2000) + v[0], static_cast<unsigned>(v[1]), static_cast<unsigned>(v[2]));
  int64_t local_s = days * 86400 + v[3] * 3600 + v[4] * 60 + v[5];
  utc_ms = (local_s - tz_quarters * 15 * 60) * 1000;
  return true;
}

static std::optional<Coding> coding_of_dcs(uint8_t dcs) {
  if ((dcs & 0xC0) == 0x00) {  // general data coding group
    if (dcs & 0x20) return std::nullopt;  // compressed: not supported
    switch ((dcs >> 2) & 0x03) {
      case 0: return Coding::gsm7;
      case 1: return Coding::data8;
      case 2: return Coding::ucs2;
      default: return std::nullopt;
    }
  }
  if ((dcs & 0xF0) == 0xF0) return (dcs & 0x04) ? Coding::data8 : Coding::gsm7;
  if ((dcs & 0xF0) == 0xC0 || (dcs & 0xF0) == 0xD0) return Coding::gsm7;  // message waiting
  if ((dcs & 0xF0) == 0xE0) return Coding::ucs2;
  return std::nullopt;
}

// ---- PDUs ------------------------------------------------------------------------------------

static Result<Pdu> finish(Bytes tpdu) {
  Pdu p;
  p.tpdu_length = static_cast<int>(tpdu.size());
  tpdu.insert(tpdu.begin(), 0x00);  // SMSC: use the one stored in the phone
  p.hex = hex_encode(tpdu);
  return Result<Pdu>::ok(std::move(p));
}

Result<Pdu> encode_submit(const Submit& m) {
  auto da = encode_address(m.destination);
  if (!da) return Result<Pdu>::fail(da.error);
  auto ud = build_user_data(m.coding, m.user_data, m.concat);
  if (!ud) return Result<Pdu>::fail(ud.error);
  // MTI 01 (SUBMIT), VPF 10 (relative), UDHI when a header is present, SRR on request.
  uint8_t first = 0x11 | (m.concat ? 0x40 : 0) | (m.status_report ? 0x20 : 0);
  Bytes t{first, m.message_ref};
  t.insert(t.end(), da->begin(), da->end());
  t.push_back(0x00);                                // PID
  t.push_back(static_cast<uint8_t>(m.coding));      // DCS
  t.push_back(m.validity);                          // VP (relative)
  t.push_back(static_cast<uint8_t>(ud->udl));
  t.insert(t.end(), ud->packed.begin(), ud->packed.end());
  return finish(std::move(t));
}

Result<Pdu> encode_deliver(const Deliver& m) {
  auto oa = encode_address(m.originator);
  if (!oa) return Result<Pdu>::fail(oa.error);
  auto ud = build_user_data(m.coding, m.user_data, m.concat);
  if (!ud) return Result<Pdu>::fail(ud.error);
  if (m.tz_quarters < -79 || m.tz_quarters > 79) return Result<Pdu>::fail("time zone out of range");
  uint8_t first = 0x04 | (m.concat ? 0x40 : 0);  // MTI 00 (DELIVER), no more messages
  Bytes t{first};
  t.insert(t.end(), oa->begin(), oa->end());
  t.push_back(0x00);
  t.push_back(static_cast<uint8_t>(m.coding));
  Bytes scts = encode_scts(m.timestamp_ms, m.tz_quarters);
  t.insert(t.end(), scts.begin(), scts.end());
  t.push_back(static_cast<uint8_t>(ud->udl));
  t.insert(t.end(), ud->packed.begin(), ud->packed.end());
  return finish(std::move(t));
}

// Skips the SMSC field; returns the TPDU start.
static Result<size_t> skip_smsc(const Bytes& b) {
  if (b.empty()) return Result<size_t>::fail("empty PDU");
  size_t n = b[0];
  if (n > 11 || 1 + n >= b.size()) return Result<size_t>::fail("bad SMSC field");
  return Result<size_t>::ok(1 + n);
}

Result<Submit> decode_submit(std::string_view hex) {
  using R = Result<Submit>;
  auto bytes = hex_decode(hex);
  if (!bytes) return R::fail("PDU is not hex");
  const Bytes& b = *bytes;
  auto start = skip_smsc(b);
  if (!start) return R::fail(start.error);
  size_t p = *start;
  uint8_t first = b[p++];
  if ((first & 0x03) != 0x01) return R::fail("not an SMS-SUBMIT");
  Submit m;
  m.status_report = first & 0x20;
  if (p >= b.size()) return R::fail("truncated PDU");
  m.message_ref = b[p++];
  auto da = decode_address(b, p);
  if (!da) return R::fail(da.error);
  m.destination = *da;
  if (p + 2 > b.size()) return R::fail("truncated PDU");
  ++p;  // PID
  auto coding = coding_of_dcs(b[p++]);
  if (!coding) return R::fail("unsupported data coding scheme");
  m.coding = *coding;
  int vpf = (first >> 3) & 0x03;
  if (vpf == 2 && p < b.size()) m.validity = b[p];
  p += vpf == 0 ? 0 : vpf == 2 ? 1 : 7;
  if (p >= b.size()) return R::fail("truncated PDU");
  int udl = b[p++];
  auto ud = parse_user_data(m.coding, first & 0x40, udl, Bytes(b.begin() + static_cast<long>(p), b.end()));
  if (!ud) return R::fail(ud.error);
  m.user_data = std::move(ud->data);
  m.concat = ud->concat;
  return R::ok(std::move(m));
}

Result<Deliver> decode_deliver(std::string_view hex) {
  using R = Result<Deliver>;
  auto bytes = hex_decode(hex);
  if (!bytes) return R::fail("PDU is not hex");
  const Bytes& b = *bytes;
  auto start = skip_smsc(b);
  if (!start) return R::fail(start.error);
  size_t p = *start;
  uint8_t first = b[p++];
  if ((first & 0x03) != 0x00) return R::fail("not an SMS-DELIVER");
  Deliver m;
  auto oa = decode_address(b, p);
  if (!oa) return R::fail(oa.error);
  m.originator = *oa;
  if (p + 2 + 7 + 1 > b.size()) return R::fail("truncated PDU");
  ++p;  // PID
  auto coding = coding_of_dcs(b[p++]);
  if (!coding) return R::fail("unsupported data coding scheme");
  m.coding = *coding;
  if (!decode_scts(&b[p], m.timestamp_ms, m.tz_quarters)) return R::fail("bad service-centre time stamp");
  p += 7;
  int udl = b[p++];
  auto ud = parse_user_data(m.coding, first & 0x40, udl, Bytes(b.begin() + static_cast<long>(p), b.end()));
  if (!ud) return R::fail(ud.error);
  m.user_data = std::move(ud->data);
  m.concat = ud->concat;
  return R::ok(std::move(m));
}

// ---- splitting and reassembly ----------------------------------------------------------------

static Result<std::vector<Submit>> make_parts(const std::string& destination, Coding coding,
                                              std::vector<std::string> chunks, uint8_t ref) {
  using R = Result<std::vector<Submit>>;
  if (chunks.size() > 255) return R::fail("message needs more than 255 parts");
  std::vector<Submit> out;
  for (size_t i = 0; i < chunks.size(); ++i) {
    Submit s{destination, coding, std::move(chunks[i]), std::nullopt, static_cast<uint8_t>(ref + i), false, 0xA7};
    if (chunks.size() > 1) s.concat = Concat{ref, static_cast<uint8_t>(chunks.size()), static_cast<uint8_t>(i + 1)};
    out.push_back(std::move(s));
  }
  return R::ok(std::move(out));
}

Result<std::vector<Submit>> split_text(const std::string& destination, std::string_view utf8, uint8_t ref) {
  using R = Result<std::vector<Submit>>;
  auto text = utf8_decode(utf8);
  if (!text) return R::fail("text is not UTF-8");
  bool gsm = gsm7_representable(utf8);
  // Units: septets (GSM) or UTF-16 code units (UCS2). Single: 160/70; with a 6-byte header: 153/67.
  auto units = [&](char32_t c) -> size_t { return gsm ? gsm_septets(c).size() : (c >= 0x10000 ? 2 : 1); };
  size_t total = 0;
  for (char32_t c : *text) total += units(c);
  size_t single = gsm ? 160 : 70, part = gsm ? 153 : 67;
  std::vector<std::string> chunks;
  if (total <= single) {
    chunks.emplace_back(utf8);
  } else {
    std::u32string cur;
    size_t used = 0;
    for (char32_t c : *text) {  // never split an ESC pair or a surrogate pair
      if (used + units(c) > part) {
        chunks.push_back(utf8_encode(cur));
        cur.clear();
        used = 0;
      }
      cur.push_back(c);
      used += units(c);
    }
    if (!cur.empty()) chunks.push_back(utf8_encode(cur));
  }
  return make_parts(destination, gsm ? Coding::gsm7 : Coding::ucs2, std::move(chunks), ref);
}

Result<std::vector<Submit>> split_data(const std::string& destination, std::string_view bytes, uint8_t ref) {
  std::vector<std::string> chunks;
  if (bytes.size() <= 140) {
    chunks.emplace_back(bytes);
  } else {
    for (size_t i = 0; i < bytes.size(); i += 134) chunks.emplace_back(bytes.substr(i, 134));
  }
  return make_parts(destination, Coding::data8, std::move(chunks), ref);
}

std::optional<Deliver> ConcatAssembler::add(Deliver part) {
  if (!part.concat || part.concat->total == 1) return part;
  Key key{part.originator, part.concat->ref, part.concat->total};
  auto& group = groups_[key];
  group.order = ++counter_;
  uint8_t seq = part.concat->seq;
  group.parts[seq] = std::move(part);
  if (group.parts.size() == std::get<2>(key)) {
    Deliver whole = group.parts.begin()->second;
    whole.user_data.clear();
    for (auto& [s, p] : group.parts) whole.user_data += p.user_data;
    whole.concat.reset();
    groups_.erase(key);
    return whole;
  }
  if (groups_.size() > max_pending_) {  // forget the group least recently added to
    auto oldest = groups_.begin();
    for (auto it = groups_.begin(); it != groups_.end(); ++it)
      if (it->second.order < oldest->second.order) oldest = it;
    groups_.erase(oldest);
  }
  return std::nullopt;
}

}  // namespace lifeline::linkproto::sms
