#include "lifeline/field/gps_source.hpp"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <vector>

#include "lifeline/civil_date.hpp"
#include "lifeline/field/local_db.hpp"

namespace lifeline::field {

std::string make_rmc(double lat, double lon, int64_t ms) {
  int64_t day_ms = ((ms % 86400000) + 86400000) % 86400000;
  int64_t days = (ms - day_ms) / 86400000;
  const auto date = civil_from_days(days);
  const int64_t y = date.year, m = date.month, d = date.day;
  double alat = std::fabs(lat), alon = std::fabs(lon);
  int dlat = static_cast<int>(alat), dlon = static_cast<int>(alon);
  char body[128];
  std::snprintf(body, sizeof body, "GPRMC,%02d%02d%02d.%02d,A,%02d%07.4f,%c,%03d%07.4f,%c,0.0,0.0,%02d%02d%02d,,,A",
                static_cast<int>(day_ms / 3600000), static_cast<int>(day_ms / 60000 % 60), static_cast<int>(day_ms / 1000 % 60),
                static_cast<int>(day_ms % 1000 / 10), dlat, (alat - dlat) * 60, lat < 0 ? 'S' : 'N', dlon, (alon - dlon) * 60,
                lon < 0 ? 'W' : 'E', static_cast<int>(d), static_cast<int>(m), static_cast<int>(y % 100));
  unsigned sum = 0;
  for (const char* p = body; *p; ++p) sum ^= static_cast<unsigned char>(*p);
  char line[160];
  std::snprintf(line, sizeof line, "$%s*%02X", body, sum);
  return line;
}

namespace {

class FileSource : public GpsSource {
 public:
  explicit FileSource(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw FieldError("gps_source", "cannot open NMEA file " + path);
    for (std::string line; std::getline(in, line);) {
      auto r = parse_nmea(line);
      if (r.fix && r.fix->valid) fixes_.push_back(*r.fix);
    }
    if (fixes_.empty()) throw FieldError("gps_source", "no valid fix in " + path);
  }
  std::optional<NmeaFix> poll(int64_t) override { return fixes_[next_++ % fixes_.size()]; }

 private:
  std::vector<NmeaFix> fixes_;
  size_t next_ = 0;
};

class SimulatedTrack : public GpsSource {
 public:
  SimulatedTrack(double lat, double lon) : lat_(lat), lon_(lon) {}
  std::optional<NmeaFix> poll(int64_t now_ms) override {
    double angle = static_cast<double>(now_ms % 3600000) / 3600000.0 * 2 * M_PI;  // one lap of ~1 km an hour
    auto r = parse_nmea(make_rmc(lat_ + 0.0015 * std::sin(angle), lon_ + 0.0015 * std::cos(angle), now_ms));
    return r.fix;
  }

 private:
  double lat_, lon_;
};

class SerialSource : public GpsSource {
 public:
  explicit SerialSource(const std::string& path) {
    fd_ = ::open(path.c_str(), O_RDONLY | O_NOCTTY | O_NONBLOCK);
    if (fd_ < 0) throw FieldError("gps_source", "cannot open serial port " + path);
    termios tio{};
    if (tcgetattr(fd_, &tio) == 0) {  // a plain file or pipe has no line settings: read it as is
      cfmakeraw(&tio);
      cfsetispeed(&tio, B4800);  // NMEA 0183 default rate
      tcsetattr(fd_, TCSANOW, &tio);
    }
  }
  ~SerialSource() override { ::close(fd_); }
  std::optional<NmeaFix> poll(int64_t) override {
    char buf[4096];
    ssize_t n;
    while ((n = ::read(fd_, buf, sizeof buf)) > 0) buffer_.append(buf, static_cast<size_t>(n));
    if (buffer_.size() > 65536) buffer_.erase(0, buffer_.size() - 4096);
    std::optional<NmeaFix> newest;
    for (size_t nl; (nl = buffer_.find('\n')) != std::string::npos;) {
      auto r = parse_nmea(std::string_view(buffer_).substr(0, nl));
      if (r.fix && r.fix->valid) newest = r.fix;
      buffer_.erase(0, nl + 1);
    }
    return newest;
  }

 private:
  int fd_ = -1;
  std::string buffer_;
};

}  // namespace

std::unique_ptr<GpsSource> open_gps_source(const std::string& spec) {
  auto colon = spec.find(':');
  std::string kind = spec.substr(0, colon), arg = colon == std::string::npos ? "" : spec.substr(colon + 1);
  if (kind == "file") return std::make_unique<FileSource>(arg);
  if (kind == "serial") return std::make_unique<SerialSource>(arg);
  if (kind == "sim") {
    double lat = 27.85, lon = 120.90;  // 石塘镇, demo city
    if (!arg.empty() && std::sscanf(arg.c_str(), "%lf,%lf", &lat, &lon) != 2) throw FieldError("gps_source", "sim:LAT,LON expected");
    return std::make_unique<SimulatedTrack>(lat, lon);
  }
  throw FieldError("gps_source", "unknown GPS source '" + spec + "' (serial:PATH, file:PATH or sim[:LAT,LON])");
}

}  // namespace lifeline::field
