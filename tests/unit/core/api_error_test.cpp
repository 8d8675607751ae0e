#include "lifeline/api_error.hpp"

#include <gtest/gtest.h>

using namespace lifeline;

TEST(ApiError, EveryCatalogueEntryHasBothLanguages) {
  ASSERT_GT(error_catalogue().size(), 10u);
  for (auto& [code, msg] : error_catalogue().items()) {
    EXPECT_FALSE(msg.value("zh", "").empty()) << code;
    EXPECT_FALSE(msg.value("en", "").empty()) << code;
    for (char c : code) EXPECT_TRUE((c >= 'a' && c <= 'z') || c == '_') << code;
  }
}

TEST(ApiError, JsonCarriesCodeAndBothMessagesWithDetail) {
  auto j = ApiError("missing_field", "body.title", "正文.title").to_json();
  EXPECT_EQ(j["code"], "missing_field");
  EXPECT_EQ(j["message_en"], "missing required field: body.title");
  EXPECT_EQ(j["message_zh"], "缺少必填字段：正文.title");
}
