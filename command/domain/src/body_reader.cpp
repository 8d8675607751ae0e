#include "lifeline/domain/body_reader.hpp"

#include "lifeline/api_error.hpp"
#include "lifeline/time_format.hpp"
#include "lifeline/uuid7.hpp"

namespace lifeline::domain {

namespace {
// Counts UTF-8 code points; invalid UTF-8 is refused (nlohmann already rejects it at parse time).
size_t utf8_length(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}
}  // namespace

BodyReader::BodyReader(const json& body, std::string prefix) : body_(body), prefix_(std::move(prefix)) {
  if (!body_.is_object()) throw ApiError("bad_field", prefix_ + " must be an object", prefix_ + " 必须是对象");
}

const json* BodyReader::get(const char* key, bool required) {
  seen_.insert(key);
  auto it = body_.find(key);
  if (it == body_.end() || it->is_null()) {
    if (required) throw ApiError("missing_field", path(key));
    return nullptr;
  }
  return &*it;
}

bool BodyReader::given_as_null(const char* key) const {
  auto it = body_.find(key);
  return it != body_.end() && it->is_null();
}

bool BodyReader::has(const char* key) const {
  auto it = body_.find(key);
  return it != body_.end() && !it->is_null();
}

std::optional<std::string> BodyReader::opt_str(const char* key, size_t max_len) {
  auto v = get(key, false);
  if (!v) return std::nullopt;
  if (!v->is_string()) throw ApiError("bad_field", path(key) + " must be a string", path(key) + " 必须是字符串");
  const auto& s = v->get_ref<const std::string&>();
  if (utf8_length(s) > max_len)
    throw ApiError("bad_field", path(key) + " longer than " + std::to_string(max_len) + " characters",
                   path(key) + " 超过 " + std::to_string(max_len) + " 个字符");
  return s;
}

std::string BodyReader::str(const char* key, size_t max_len) {
  seen_.insert(key);
  if (!has(key)) throw ApiError("missing_field", path(key));
  auto s = *opt_str(key, max_len);
  if (s.empty()) throw ApiError("bad_field", path(key) + " must not be empty", path(key) + " 不能为空");
  return s;
}

std::optional<int64_t> BodyReader::opt_integer(const char* key, int64_t min, int64_t max) {
  auto v = get(key, false);
  if (!v) return std::nullopt;
  if (!v->is_number_integer())
    throw ApiError("bad_field", path(key) + " must be an integer", path(key) + " 必须是整数");
  int64_t x = v->is_number_unsigned() && v->get<uint64_t>() > static_cast<uint64_t>(INT64_MAX) ? INT64_MAX
                                                                                               : v->get<int64_t>();
  if (x < min || x > max)
    throw ApiError("bad_field", path(key) + " out of range [" + std::to_string(min) + ", " + std::to_string(max) + "]",
                   path(key) + " 超出范围");
  return x;
}

int64_t BodyReader::integer(const char* key, int64_t min, int64_t max) {
  auto v = opt_integer(key, min, max);
  if (!v) throw ApiError("missing_field", path(key));
  return *v;
}

std::optional<double> BodyReader::opt_number(const char* key, double min, double max) {
  auto v = get(key, false);
  if (!v) return std::nullopt;
  if (!v->is_number()) throw ApiError("bad_field", path(key) + " must be a number", path(key) + " 必须是数字");
  double x = v->get<double>();
  if (!(x >= min && x <= max)) throw ApiError("bad_field", path(key) + " out of range", path(key) + " 超出范围");
  return x;
}

double BodyReader::number(const char* key, double min, double max) {
  auto v = opt_number(key, min, max);
  if (!v) throw ApiError("missing_field", path(key));
  return *v;
}

std::optional<bool> BodyReader::opt_boolean(const char* key) {
  auto v = get(key, false);
  if (!v) return std::nullopt;
  if (!v->is_boolean()) throw ApiError("bad_field", path(key) + " must be true or false", path(key) + " 必须是布尔值");
  return v->get<bool>();
}

bool BodyReader::boolean(const char* key) {
  auto v = opt_boolean(key);
  if (!v) throw ApiError("missing_field", path(key));
  return *v;
}

std::optional<std::string> BodyReader::opt_one_of(const char* key, const std::vector<std::string>& allowed) {
  auto v = opt_str(key, 64);
  if (!v) return std::nullopt;
  for (const auto& a : allowed)
    if (*v == a) return v;
  std::string list;
  for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
  throw ApiError("bad_field", path(key) + " must be one of: " + list, path(key) + " 取值必须是：" + list);
}

std::string BodyReader::one_of(const char* key, const std::vector<std::string>& allowed) {
  auto v = opt_one_of(key, allowed);
  if (!v) throw ApiError("missing_field", path(key));
  return *v;
}

std::optional<std::string> BodyReader::opt_id(const char* key) {
  auto v = opt_str(key, 64);
  if (v && !is_uuid(*v)) throw ApiError("bad_field", path(key) + " must be a UUID", path(key) + " 必须是 UUID");
  return v;
}

std::string BodyReader::id(const char* key) {
  auto v = opt_id(key);
  if (!v) throw ApiError("missing_field", path(key));
  return *v;
}

std::optional<int64_t> BodyReader::opt_time(const char* key) {
  auto v = opt_str(key, 40);
  if (!v) return std::nullopt;
  auto ms = parse_rfc3339(*v);
  if (!ms)
    throw ApiError("bad_field", path(key) + " must be an RFC 3339 time", path(key) + " 必须是 RFC 3339 时间");
  return ms;
}

int64_t BodyReader::time(const char* key) {
  auto v = opt_time(key);
  if (!v) throw ApiError("missing_field", path(key));
  return *v;
}

std::optional<BodyReader> BodyReader::opt_object(const char* key) {
  auto v = get(key, false);
  if (!v) return std::nullopt;
  return BodyReader(*v, path(key));
}

BodyReader BodyReader::object(const char* key) {
  auto v = opt_object(key);
  if (!v) throw ApiError("missing_field", path(key));
  return std::move(*v);
}

const json& BodyReader::array(const char* key, size_t max_items) {
  auto v = get(key, true);
  if (!v->is_array()) throw ApiError("bad_field", path(key) + " must be an array", path(key) + " 必须是数组");
  if (v->size() > max_items)
    throw ApiError("bad_field", path(key) + " has more than " + std::to_string(max_items) + " items");
  return *v;
}

void BodyReader::finish() const {
  for (auto it = body_.begin(); it != body_.end(); ++it)
    if (!seen_.count(it.key())) throw ApiError("unknown_field", prefix_ + "." + it.key());
}

json read_place(BodyReader r, bool name_required) {
  json place = json::object();
  auto name = name_required ? std::optional(r.str("name", 100)) : r.opt_str("name", 100);
  place["name"] = name.value_or("");
  auto lat = r.opt_number("lat", -90, 90);
  auto lon = r.opt_number("lon", -180, 180);
  if (lat.has_value() != lon.has_value())
    throw ApiError("bad_field", r.path("lat") + "/lon must be given together", "纬度和经度必须同时给出");
  if (lat) {
    place["lat"] = *lat;
    place["lon"] = *lon;
  }
  r.finish();
  return place;
}

}  // namespace lifeline::domain
