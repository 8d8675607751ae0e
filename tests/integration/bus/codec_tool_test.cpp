// lifeline-codec as an operator uses it (schema/links.md "Operator tools"): an order is sized on
// every link, encoded for BeiDou and decoded back to the same order (the incident's dictionary
// update first); a wrong key, a non-JSON input and an order too big for the thin links are refused
// with the reason.
#include <gtest/gtest.h>

#include <fstream>

#include "lifeline/testing/field_client.hpp"

using namespace lifeline::testing;
using nlohmann::json;

namespace {

std::string tool() { return binary("comms/bus/lifeline-codec"); }

std::vector<json> json_lines(const std::string& out) {
  std::vector<json> lines;
  std::istringstream in(out);
  std::string line;
  while (std::getline(in, line))
    if (!line.empty()) lines.push_back(json::parse(line));
  return lines;
}

}  // namespace

TEST(CodecTool, SizesEncodesAndDecodesAnOrderTheWayTheLinksCarryIt) {
  TempDir dir;
  const std::string order = dir.path() + "/order.json", frames = dir.path() + "/frames.hex";
  std::ofstream(order) << json{{"kind", "order"},
                               {"precedence", "flash"},
                               {"body",
                                {{"what", "evacuate"},
                                 {"incident_id", "0198c6e0-6c00-7000-8000-000000000001"},
                                 {"place", {{"name", "石塘镇东岙村"}}},
                                 {"note", "立即转移东岙村山脚下群众"}}}}
                             .dump();
  auto size = run_program({tool(), "size", "--json", order});
  ASSERT_EQ(size.rc, 0) << size.err;
  auto rows = json::parse(size.out);
  ASSERT_EQ(rows.size(), 6u);
  for (auto& r : rows) {
    EXPECT_EQ(r["fits"], true) << r.dump();
    if (r["channel"] == "beidou") {
      EXPECT_LE(r["bytes"].get<int>(), 280);
      EXPECT_EQ(r["dictionary_update_frames"], 1);  // the incident is new to the terminal
    }
  }
  auto enc = run_program({tool(), "encode", "--link", "beidou", order});
  ASSERT_EQ(enc.rc, 0) << enc.err;
  std::ofstream(frames) << enc.out;
  auto dec = run_program({tool(), "decode", frames});
  ASSERT_EQ(dec.rc, 0) << dec.err;
  auto msgs = json_lines(dec.out);
  ASSERT_EQ(msgs.size(), 2u) << dec.out;
  EXPECT_EQ(msgs[0]["message"]["kind"], "dict_update");
  const auto& o = msgs[1]["message"];
  EXPECT_EQ(o["kind"], "order");
  EXPECT_EQ(o["task"], "evacuate");
  EXPECT_EQ(o["incident"], "0198c6e0-6c00-7000-8000-000000000001");
  EXPECT_EQ(o["note"], "立即转移东岙村山脚下群众");
  EXPECT_EQ(o["place"]["name"], "石塘镇东岙村");

  // Another terminal's key: refused, and the message says what to check.
  auto wrong = run_program({tool(), "--key-hex", std::string(64, 'a'), "decode", frames});
  EXPECT_EQ(wrong.rc, 1);
  EXPECT_NE(wrong.err.find("bad_mac"), std::string::npos) << wrong.err;
  // Not an envelope.
  std::ofstream(dir.path() + "/bad.json") << "[1, 2]";
  auto bad = run_program({tool(), "size", dir.path() + "/bad.json"});
  EXPECT_EQ(bad.rc, 1);
  EXPECT_NE(bad.err.find("not a JSON object"), std::string::npos) << bad.err;
  // Too big for every thin link: each row says why; encoding for one is refused.
  std::string long_text;
  for (int i = 0; i < 400; ++i) long_text += "测";
  std::ofstream(dir.path() + "/long.json") << json{{"kind", "text"}, {"precedence", "flash"}, {"body", {{"text", long_text}}}}.dump();
  auto big = run_program({tool(), "size", "--json", dir.path() + "/long.json"});
  ASSERT_EQ(big.rc, 0) << big.err;
  for (auto& r : json::parse(big.out))
    if (r["channel"] != "ip") EXPECT_TRUE(r["fits"] == false && r.contains("error")) << r.dump();
  auto big_enc = run_program({tool(), "encode", "--link", "pdt", dir.path() + "/long.json"});
  EXPECT_EQ(big_enc.rc, 1);
  EXPECT_NE(big_enc.err.find("pdt cannot carry it"), std::string::npos) << big_enc.err;
}
