// Every line of the shared field-traffic corpus through encode/decode: fields survive, and the
// budgets hold per kind (order ≤70 B, position ≤16 B, receipt ≤8 B, whole frame with header and MAC).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <set>

#include "lifeline/codec/codec.hpp"
#include "lifeline/codec/fragment.hpp"
#include "lifeline/codec/json.hpp"
#include "lifeline/codec/text_plan.hpp"
#include "test_link_dictionary.hpp"

namespace lifeline::codec {
namespace {

constexpr size_t kBeidouFrame = 70;

struct Sizes {
  std::vector<size_t> bytes;
  void print(const char* kind) const {
    auto v = bytes;
    std::sort(v.begin(), v.end());
    const auto at = [&](double q) { return v[std::min(v.size() - 1, static_cast<size_t>(q * (v.size() - 1) + 0.5))]; };
    std::printf("codec corpus %-9s n=%5zu  min %3zu  median %3zu  p95 %3zu  max %3zu bytes\n", kind, v.size(), v.front(),
                at(0.5), at(0.95), v.back());
  }
};

double deg_tolerance() { return 180.0 / (1 << 24); }  // one fixed-point step (≈1.2 m)

TEST(CodecCorpus, EveryLineRoundTripsWithinItsBudget) {
  const auto dict = test::enrolment_dictionary();
  const auto key = test::test_key();
  std::ifstream in(LIFELINE_SOURCE_DIR "/tests/data/corpus/field-traffic.jsonl");
  ASSERT_TRUE(in) << "corpus not found";
  std::map<std::string, Sizes> sizes;
  std::map<std::string, uint16_t> order_seq;  // order id -> its frame sequence number
  std::vector<size_t> report_frames;
  uint16_t seq = 0;
  size_t lines = 0;
  for (std::string line; std::getline(in, line);) {
    ++lines;
    auto j = nlohmann::json::parse(line);
    const std::string kind = j["kind"];
    if (kind == "receipt") {
      ASSERT_TRUE(order_seq.count(j["msg"])) << line;
      j["seq"] = order_seq[j["msg"]];
    }
    auto msg = message_from_json(j);
    ASSERT_TRUE(msg.ok()) << line << " " << msg.error().code << " " << msg.error().detail;
    if (kind == "order") order_seq[j["id"]] = seq;
    auto frame = encode(*msg, seq, dict, key);
    ASSERT_TRUE(frame.ok()) << line << " " << frame.error().code << " " << frame.error().detail;
    const int64_t t = j.contains("sent") ? j["sent"].get<int64_t>() : j["at"].get<int64_t>();
    auto back = decode(*frame, dict, key, t * 1000 + 45'000);  // received 45 s later
    ASSERT_TRUE(back.ok()) << line << " " << back.error().code << " " << back.error().detail;
    sizes[kind].bytes.push_back(frame->size());

    auto out = to_json(back->message);
    if (kind == "order") {
      EXPECT_LE(frame->size(), kBeidouFrame) << line;
      EXPECT_EQ(out["precedence"], std::string(name(*parse<Precedence>(j["precedence"].get<std::string>()))));
      for (const char* f : {"to", "incident", "task", "due_minutes", "resources", "note", "sent"})
        EXPECT_EQ(out[f], j[f]) << f << " in " << line;
      EXPECT_EQ(out["place"]["name"], j["place"]["name"]) << line;
      if (j["place"].contains("ref")) {
        EXPECT_EQ(out["place"]["ref"], j["place"]["ref"]) << line;
      } else {
        EXPECT_NEAR(out["place"]["lat"].get<double>(), j["place"]["lat"].get<double>(), deg_tolerance()) << line;
        EXPECT_NEAR(out["place"]["lon"].get<double>(), j["place"]["lon"].get<double>(), deg_tolerance()) << line;
      }
    } else if (kind == "position") {
      EXPECT_LE(frame->size(), 16u) << line;
      for (const char* f : {"at", "readiness", "task_status"}) EXPECT_EQ(out[f], j[f]) << f << " in " << line;
      EXPECT_NEAR(out["lat"].get<double>(), j["lat"].get<double>(), deg_tolerance()) << line;
      EXPECT_NEAR(out["lon"].get<double>(), j["lon"].get<double>(), deg_tolerance()) << line;
      EXPECT_NEAR(out["battery"].get<int>(), j["battery"].get<int>(), 2) << line;
    } else if (kind == "receipt") {
      EXPECT_LE(frame->size(), 8u) << line;
      EXPECT_EQ(out["seq"], j["seq"]);
      EXPECT_EQ(out["state"], j["state"]);
      EXPECT_EQ(out["answer"], j["answer"]);
    } else if (kind == "report") {
      for (const char* f : {"incident", "dead", "missing", "injured", "text", "at"}) EXPECT_EQ(out[f], j[f]) << f;
      auto frags = fragment(*frame, kBeidouFrame, static_cast<uint16_t>(seq + 1), dict, key);
      ASSERT_TRUE(frags.ok());
      report_frames.push_back(frags->size());
      // As few BeiDou frames as the text allows: no fragment count beyond what the bytes need.
      EXPECT_EQ(frags->size(), frame->size() <= kBeidouFrame
                                   ? 1u
                                   : (frame->size() + kBeidouFrame - kFragmentOverhead - 1) /
                                         (kBeidouFrame - kFragmentOverhead));
    }
    seq = static_cast<uint16_t>(seq + 1);
  }
  EXPECT_EQ(lines, 3200u);
  for (const auto& [kind, s] : sizes) s.print(kind.c_str());
  Sizes rf{report_frames};
  std::printf("codec corpus report BeiDou frames (70 B): min %zu max %zu\n",
              *std::min_element(report_frames.begin(), report_frames.end()),
              *std::max_element(report_frames.begin(), report_frames.end()));
}

// The reports' words are in the phrase dictionary; without its vocabulary (only place names left as
// phrases) reports are mostly literal GB18030 text and take several BeiDou frames.
TEST(CodecCorpus, ReportsWithoutTheirPhrasesFragmentIntoFewFrames) {
  auto j = test::enrolment_dictionary().to_json();
  std::set<std::string> place_names;
  for (const auto& p : j["places"]) place_names.insert(p["name"].get<std::string>());
  auto phrases = nlohmann::json::array();
  for (const auto& ph : j["phrases"])
    if (place_names.count(ph.get<std::string>())) phrases.push_back(ph);
  j["phrases"] = phrases;
  const auto dict = Dictionary::from_json(j).value();
  const auto key = test::test_key();
  std::ifstream in(LIFELINE_SOURCE_DIR "/tests/data/corpus/field-traffic.jsonl");
  Sizes bytes;
  std::vector<size_t> frames;
  for (std::string line; std::getline(in, line);) {
    auto jl = nlohmann::json::parse(line);
    if (jl["kind"] != "report") continue;
    auto frame = encode(message_from_json(jl).value(), 1, dict, key).value();
    auto back = decode(frame, dict, key, jl["at"].get<int64_t>() * 1000);
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(std::get<Report>(back->message).text, jl["text"].get<std::string>());
    bytes.bytes.push_back(frame.size());
    frames.push_back(fragment(frame, kBeidouFrame, 2, dict, key).value().size());
  }
  bytes.print("report-np");
  std::printf("codec corpus report-np BeiDou frames (70 B): min %zu max %zu\n",
              *std::min_element(frames.begin(), frames.end()), *std::max_element(frames.begin(), frames.end()));
  EXPECT_LE(*std::max_element(frames.begin(), frames.end()), 3u);
}

// Place names and notes no dictionary holds, up to 12 Chinese characters in total, stay within one
// BeiDou frame even with three resources and large ids.
TEST(CodecCorpus, UnseenPlaceAndNoteOfTwelveCharactersFitTheOrderBudget) {
  const auto dict = test::enrolment_dictionary();
  const auto key = test::test_key();
  const std::vector<std::pair<std::string, std::string>> texts = {
      {"鹰嘴岩矿洞口东侧", "速派挖机"},          // 8 + 4
      {"", "鹰嘴岩矿洞口东侧速派挖机"},         // 0 + 12
      {"鹰嘴岩矿洞口东侧速派挖机", ""},         // 12 + 0
      {"黄泥坳", "蓄洪区堤脚溃口抢堵"},          // 3 + 9
      {"犁头咀渡槽", "疏散橡胶坝下游"},          // 5 + 7
      {"磡头垄", "鳌江闸管所通宵值守"},          // rarer characters, still GBK two-byte
      {"犁磡鳌岽", "甑觜濑圳漕埂砻碓"},            // 4 + 8 that no phrase holds, not even alone
  };
  for (const auto& [place, note] : texts) {
    Order o;
    o.precedence = Precedence::flash;
    o.to = "T240";
    o.incident = "INC-2026-0040";
    o.task = TaskType::traffic_control;
    o.place = Place{"", place, GeoPoint{28.37312, 120.17219}};
    o.due_minutes = 240;
    o.resources = {{"warning_light", 500}, {"cone", 200}, {"drone", 50}};
    o.note = note;
    o.sent_ms = 1755640800000;
    auto frame = encode(o, 65535, dict, key);
    ASSERT_TRUE(frame.ok());
    const size_t unseen = plan_text(place, dict)->unseen_hanzi() + plan_text(note, dict)->unseen_hanzi();
    std::printf("codec unseen text %s+%s: %zu unseen hanzi, %zu bytes\n", place.c_str(), note.c_str(), unseen, frame->size());
    if (place == "犁磡鳌岽") EXPECT_EQ(unseen, 12u);
    EXPECT_LE(frame->size(), kBeidouFrame) << place << note;
    auto back = decode(*frame, dict, key, o.sent_ms);
    ASSERT_TRUE(back.ok());
    const auto& got = std::get<Order>(back->message);
    EXPECT_EQ(got.place.name, place);
    EXPECT_EQ(got.note, note);
  }
}

// Longer unseen text no longer fits one frame: it fragments for the BeiDou link and is flagged.
TEST(CodecCorpus, LongerUnseenTextFragmentsForBeidou) {
  const auto dict = test::enrolment_dictionary();
  const auto key = test::test_key();
  Order o;
  o.to = "T001";
  o.incident = "INC-2026-0001";
  o.place = Place{"", "鹰嘴岩矿洞口东侧二号工棚北面", GeoPoint{28.1, 120.1}};
  o.note = "速派挖机两台并携带照明设备连夜抢通便道";
  o.resources = {{"drone", 2}, {"rope", 20}, {"tent", 5}};
  auto frame = encode(o, 1, dict, key);
  ASSERT_TRUE(frame.ok());
  EXPECT_GT(frame->size(), kBeidouFrame);
  auto frags = fragment(*frame, kBeidouFrame, 2, dict, key);
  ASSERT_TRUE(frags.ok());
  EXPECT_GE(frags->size(), 2u);
  for (const auto& f : *frags) EXPECT_LE(f.size(), kBeidouFrame);
}

}  // namespace
}  // namespace lifeline::codec
