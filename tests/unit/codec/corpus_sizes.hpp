// Sizes of a field-traffic corpus (JSON lines, shared/corpus field names) through the compact codec:
// whole-frame bytes per message kind, BeiDou frames per report, and per text-carrying message the
// hanzi no word of the dictionary covered. Used by the budget test (tests/unit/codec) and bench_codec
// (tests/bench/codec) on the corpus the dictionary is tuned on and on the held-out one.
#pragma once
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "lifeline/codec/codec.hpp"
#include "lifeline/codec/fragment.hpp"
#include "lifeline/codec/json.hpp"
#include "lifeline/codec/text_plan.hpp"

namespace lifeline::codec::test {

inline constexpr size_t kBeidouFrame = 70;  // one BeiDou-3 global short message (DECISIONS)

struct Distribution {
  std::vector<size_t> v;
  size_t at(double q) const {
    auto s = v;
    std::sort(s.begin(), s.end());
    return s.empty() ? 0 : s[std::min(s.size() - 1, static_cast<size_t>(q * static_cast<double>(s.size() - 1) + 0.5))];
  }
  size_t min() const { return at(0); }
  size_t median() const { return at(0.5); }
  size_t p95() const { return at(0.95); }
  size_t max() const { return at(1); }
};

struct CorpusSizes {
  size_t lines = 0;
  std::vector<std::string> errors;            // lines that did not encode or decode (should be none)
  std::map<std::string, Distribution> bytes;  // kind -> whole-frame bytes
  std::map<std::string, Distribution> unseen_hanzi;  // order (place name + note), report (text)
  Distribution report_frames;                 // BeiDou frames per report
  std::string worst_order;                    // the order line with the most unseen hanzi

  void print(const char* corpus) const {
    for (const auto& [kind, d] : bytes)
      std::printf("codec %-8s %-8s n=%5zu  bytes min %3zu  median %3zu  p95 %3zu  max %3zu\n", corpus, kind.c_str(),
                  d.v.size(), d.min(), d.median(), d.p95(), d.max());
    for (const auto& [kind, d] : unseen_hanzi)
      std::printf("codec %-8s %-8s unseen hanzi per message  median %2zu  p95 %2zu  max %2zu\n", corpus, kind.c_str(),
                  d.median(), d.p95(), d.max());
    std::printf("codec %-8s report   BeiDou frames (70 B)  min %zu  max %zu\n", corpus, report_frames.min(),
                report_frames.max());
  }
};

// Every line encoded against `dict` with `key`, decoded back (received 45 s later) and measured.
inline CorpusSizes measure_corpus(const std::string& path, const codec::Dictionary& dict, const codec::DeviceKey& key) {
  CorpusSizes out;
  std::ifstream in(path);
  if (!in) {
    out.errors.push_back("cannot read " + path);
    return out;
  }
  std::map<std::string, uint16_t> order_seq;  // receipts cite an order by its frame's sequence number
  uint16_t seq = 0;
  for (std::string line; std::getline(in, line); seq = static_cast<uint16_t>(seq + 1)) {
    ++out.lines;
    auto j = nlohmann::json::parse(line);
    const std::string kind = j["kind"];
    if (kind == "receipt") j["seq"] = order_seq.count(j["msg"]) ? order_seq[j["msg"]] : 0;
    if (kind == "order") order_seq[j["id"]] = seq;
    auto msg = codec::message_from_json(j);
    if (!msg) {
      out.errors.push_back(line + ": " + msg.error().code + " " + msg.error().detail);
      continue;
    }
    auto frame = codec::encode(*msg, seq, dict, key);
    const int64_t t = j.contains("sent") ? j["sent"].get<int64_t>() : j["at"].get<int64_t>();
    auto back = frame ? codec::decode(*frame, dict, key, t * 1000 + 45'000) : codec::Result<codec::Frame>(frame.error());
    if (!back) {
      out.errors.push_back(line + ": " + back.error().code + " " + back.error().detail);
      continue;
    }
    out.bytes[kind].v.push_back(frame->size());
    if (kind == "report") {
      auto frags = codec::fragment(*frame, kBeidouFrame, static_cast<uint16_t>(seq + 1), dict, key);
      out.report_frames.v.push_back(frags ? frags->size() : 0);
    }
    if (kind == "order" || kind == "report") {
      // Place name and note are separate text fields: count each on its own, as the encoder sees them.
      size_t unseen = 0;
      if (kind == "order") {
        unseen += codec::plan_text(j["note"].get<std::string>(), dict)->unseen_hanzi();
        if (!j["place"].contains("ref")) unseen += codec::plan_text(j["place"]["name"].get<std::string>(), dict)->unseen_hanzi();
      } else {
        unseen = codec::plan_text(j["text"].get<std::string>(), dict)->unseen_hanzi();
      }
      if (kind == "order" && unseen > out.unseen_hanzi[kind].max()) out.worst_order = line;
      out.unseen_hanzi[kind].v.push_back(unseen);
    }
  }
  return out;
}

}  // namespace lifeline::codec::test
