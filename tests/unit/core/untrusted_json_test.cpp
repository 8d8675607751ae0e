// The nesting check that runs before any ingress parses JSON.
#include <gtest/gtest.h>

#include <string>

#include "lifeline/untrusted_json.hpp"

using namespace lifeline;

namespace {
std::string nested(int depth, char open = '[', char close = ']') {
  return std::string(depth, open) + std::string(depth, close);
}
}  // namespace

TEST(UntrustedJson, DepthAtTheLimitParsesOneBeyondIsRefused) {
  nlohmann::json out;
  EXPECT_EQ(parse_untrusted_json(nested(kMaxJsonDepth), out), JsonParse::ok);
  EXPECT_EQ(parse_untrusted_json(nested(kMaxJsonDepth + 1), out), JsonParse::too_deep);
  std::string objects;
  for (int i = 0; i < kMaxJsonDepth + 1; ++i) objects += R"({"a":)";
  objects += "1" + std::string(kMaxJsonDepth + 1, '}');
  EXPECT_EQ(parse_untrusted_json(objects, out), JsonParse::too_deep);
}

TEST(UntrustedJson, TheFrameThatCrashedTheServerIsRefusedWithoutRecursion) {
  std::string frame = R"({"type":"req","rid":"1","op":"server.info","body":{"a":)" + nested(100000) + "}}";
  nlohmann::json out;
  EXPECT_EQ(parse_untrusted_json(frame, out), JsonParse::too_deep);
  // Unbalanced: only openings, as a truncated bomb would be.
  EXPECT_TRUE(json_too_deep(std::string(1000, '[')));
}

TEST(UntrustedJson, BracketsInsideStringsDoNotCount) {
  std::string text = R"({"note":")" + std::string(100, '[') + R"(\"[[[", "b": [1, {"c": "}}}]]]"}]})";
  nlohmann::json out;
  ASSERT_EQ(parse_untrusted_json(text, out), JsonParse::ok);
  EXPECT_EQ(out["b"][1]["c"], "}}}]]]");
}

TEST(UntrustedJson, MalformedIsToldApartFromTooDeep) {
  nlohmann::json out;
  EXPECT_EQ(parse_untrusted_json("{\"a\":", out), JsonParse::malformed);
  EXPECT_EQ(parse_untrusted_json("", out), JsonParse::malformed);
  EXPECT_EQ(parse_untrusted_json("]]]]", out), JsonParse::malformed);
}
