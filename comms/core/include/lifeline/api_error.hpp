// The one error type every API boundary speaks. `code` is a snake_case key of the catalogue in
// schema/errors.json (embedded at build time); the catalogue gives the zh-CN and en messages.
#pragma once
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

namespace lifeline {

class ApiError : public std::runtime_error {
 public:
  // `detail` is appended to both messages (e.g. which field); keep it short and language-neutral
  // (field names, values) or give both languages with detail_zh.
  ApiError(std::string code, std::string detail = {}, std::string detail_zh = {});
  const std::string& code() const { return code_; }
  const std::string& detail() const { return detail_; }
  // {code, message_zh, message_en}
  nlohmann::json to_json() const;

 private:
  std::string code_, detail_, detail_zh_;
};

// True if `code` is in the catalogue.
bool error_code_known(const std::string& code);
// All catalogue entries: {code: {zh, en}}.
const nlohmann::json& error_catalogue();

}  // namespace lifeline
