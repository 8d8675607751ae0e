// Reads and validates a request body field by field. Each getter throws ApiError (missing_field,
// bad_field) naming the field; finish() refuses fields the operation does not know (unknown_field),
// so a typo in a client is an error, not a silently ignored value.
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace lifeline::domain {

using nlohmann::json;

class BodyReader {
 public:
  explicit BodyReader(const json& body, std::string prefix = "body");

  std::string str(const char* key, size_t max_len = 200);
  std::optional<std::string> opt_str(const char* key, size_t max_len = 200);
  int64_t integer(const char* key, int64_t min, int64_t max);
  std::optional<int64_t> opt_integer(const char* key, int64_t min, int64_t max);
  double number(const char* key, double min, double max);
  std::optional<double> opt_number(const char* key, double min, double max);
  bool boolean(const char* key);
  std::optional<bool> opt_boolean(const char* key);
  // One of `allowed`.
  std::string one_of(const char* key, const std::vector<std::string>& allowed);
  std::optional<std::string> opt_one_of(const char* key, const std::vector<std::string>& allowed);
  // An id in canonical UUID form.
  std::string id(const char* key);
  std::optional<std::string> opt_id(const char* key);
  // RFC 3339 time -> UTC ms.
  int64_t time(const char* key);
  std::optional<int64_t> opt_time(const char* key);
  // A nested object, read with its own reader.
  BodyReader object(const char* key);
  std::optional<BodyReader> opt_object(const char* key);
  // An array (elements validated by the caller).
  const json& array(const char* key, size_t max_items);
  bool has(const char* key) const;
  bool given_as_null(const char* key) const;  // present, and null
  // Refuses any field not read above.
  void finish() const;
  std::string path(const char* key) const { return prefix_ + "." + key; }

 private:
  const json* get(const char* key, bool required);
  const json& body_;
  std::string prefix_;
  std::set<std::string> seen_;
};

// A place {name, lat?, lon?} with lat/lon in range and both or neither.
json read_place(BodyReader r, bool name_required = true);

}  // namespace lifeline::domain
