#include "lifeline/field/nmea.hpp"

#include <charconv>
#include <cmath>
#include <vector>

#include "lifeline/civil_date.hpp"

namespace lifeline::field {

namespace {

std::vector<std::string_view> split_fields(std::string_view s) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i)
    if (i == s.size() || s[i] == ',') {
      out.push_back(s.substr(start, i - start));
      start = i + 1;
      if (out.size() > 40) break;
    }
  return out;
}

bool to_int(std::string_view s, int& out) {
  if (s.empty()) return false;
  auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

bool to_double(std::string_view s, double& out) {
  if (s.empty() || s.size() > 20) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || c == '.')) return false;
  std::string tmp(s);
  char* end = nullptr;
  out = std::strtod(tmp.c_str(), &end);
  return end == tmp.c_str() + tmp.size() && std::isfinite(out);
}

// ddmm.mmmm (lat) / dddmm.mmmm (lon) plus hemisphere → signed degrees.
bool coordinate(std::string_view value, std::string_view hemi, int deg_digits, double limit, double& out) {
  if (value.size() < static_cast<size_t>(deg_digits) + 2) return false;
  int deg = 0;
  double minutes = 0;
  if (!to_int(value.substr(0, static_cast<size_t>(deg_digits)), deg) || !to_double(value.substr(static_cast<size_t>(deg_digits)), minutes))
    return false;
  if (minutes >= 60) return false;
  out = deg + minutes / 60.0;
  if (out > limit) return false;
  if (hemi == "S" || hemi == "W") out = -out;
  else if (hemi != "N" && hemi != "E") return false;
  return true;
}

// hhmmss(.sss) → ms of the day.
bool time_of_day(std::string_view s, int& ms) {
  if (s.size() < 6) return false;
  int h, m;
  double sec;
  if (!to_int(s.substr(0, 2), h) || !to_int(s.substr(2, 2), m) || !to_double(s.substr(4), sec)) return false;
  if (h > 23 || m > 59 || sec >= 61) return false;
  ms = (h * 3600 + m * 60) * 1000 + static_cast<int>(sec * 1000);
  return true;
}

int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

}  // namespace

NmeaResult parse_nmea(std::string_view line) {
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n' || line.back() == ' ')) line.remove_suffix(1);
  if (line.size() > 120) return {std::nullopt, "sentence too long"};
  if (line.size() < 9 || line[0] != '$') return {std::nullopt, "not an NMEA sentence"};
  auto star = line.rfind('*');
  if (star == std::string_view::npos || star + 3 != line.size()) return {std::nullopt, "missing checksum"};
  int hi = hex(line[star + 1]), lo = hex(line[star + 2]);
  if (hi < 0 || lo < 0) return {std::nullopt, "bad checksum digits"};
  unsigned sum = 0;
  for (size_t i = 1; i < star; ++i) sum ^= static_cast<unsigned char>(line[i]);
  if (sum != static_cast<unsigned>(hi * 16 + lo)) return {std::nullopt, "checksum mismatch"};
  auto f = split_fields(line.substr(1, star - 1));
  if (f.empty() || f[0].size() != 5) return {std::nullopt, "bad talker/type"};
  std::string_view type = f[0].substr(2);
  NmeaFix fix;
  if (type == "RMC") {
    if (f.size() < 10) return {std::nullopt, "RMC: too few fields"};
    fix.sentence = "RMC";
    fix.valid = f[2] == "A";
    if (!fix.valid) return {fix, ""};
    if (!time_of_day(f[1], fix.seconds_of_day_ms)) return {std::nullopt, "RMC: bad time"};
    if (!coordinate(f[3], f[4], 2, 90, fix.lat) || !coordinate(f[5], f[6], 3, 180, fix.lon)) return {std::nullopt, "RMC: bad position"};
    int d, m, y;
    if (f[9].size() != 6 || !to_int(f[9].substr(0, 2), d) || !to_int(f[9].substr(2, 2), m) || !to_int(f[9].substr(4, 2), y) ||
        d < 1 || d > 31 || m < 1 || m > 12)
      return {std::nullopt, "RMC: bad date"};
    fix.fix_ms = days_from_civil(y < 80 ? 2000 + y : 1900 + y, static_cast<unsigned>(m), static_cast<unsigned>(d)) * 86400000LL + fix.seconds_of_day_ms;
    return {fix, ""};
  }
  if (type == "GGA") {
    if (f.size() < 7) return {std::nullopt, "GGA: too few fields"};
    fix.sentence = "GGA";
    int quality = 0;
    if (!to_int(f[6], quality)) return {std::nullopt, "GGA: bad quality"};
    fix.valid = quality > 0;
    if (!fix.valid) return {fix, ""};
    if (!time_of_day(f[1], fix.seconds_of_day_ms)) return {std::nullopt, "GGA: bad time"};
    if (!coordinate(f[2], f[3], 2, 90, fix.lat) || !coordinate(f[4], f[5], 3, 180, fix.lon)) return {std::nullopt, "GGA: bad position"};
    return {fix, ""};
  }
  return {std::nullopt, ""};  // other sentence types are ignored, not errors
}

}  // namespace lifeline::field
