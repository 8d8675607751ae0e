#include "lifeline/api_error.hpp"

#include "lifeline/schema_files.hpp"

namespace lifeline {

const nlohmann::json& error_catalogue() {
  static const nlohmann::json catalogue = [] {
    auto text = schema::find_file(schema::documents(), "errors.json");
    return nlohmann::json::parse(text.value_or("{}"))["errors"];
  }();
  return catalogue;
}

bool error_code_known(const std::string& code) { return error_catalogue().contains(code); }

ApiError::ApiError(std::string code, std::string detail, std::string detail_zh)
    : std::runtime_error(code + (detail.empty() ? "" : ": " + detail)),
      code_(std::move(code)),
      detail_(std::move(detail)),
      detail_zh_(std::move(detail_zh)) {}

nlohmann::json ApiError::to_json() const {
  const auto& cat = error_catalogue();
  std::string zh = "未知错误", en = "unknown error";
  if (cat.contains(code_)) {
    zh = cat[code_].value("zh", zh);
    en = cat[code_].value("en", en);
  }
  if (!detail_.empty()) {
    en += ": " + detail_;
    zh += "：" + (detail_zh_.empty() ? detail_ : detail_zh_);
  }
  return {{"code", code_}, {"message_zh", zh}, {"message_en", en}};
}

}  // namespace lifeline
