// Codec encode/decode time per message and bytes per message kind, on the shared corpus (or, if it is
// absent, on seeded random messages). Google Benchmark; counters: bytes/msg per kind.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <fstream>
#include <map>

#include "lifeline/codec/codec.hpp"
#include "lifeline/codec/json.hpp"

using namespace lifeline::codec;

namespace {

Dictionary enrolment_dictionary() {
  Dictionary d = Dictionary::builtin();
  char buf[32];
  for (int n = 1; n <= 240; ++n) std::snprintf(buf, sizeof buf, "T%03d", n), (void)d.add_team(buf);
  for (int n = 1; n <= 40; ++n) std::snprintf(buf, sizeof buf, "INC-2026-%04d", n), (void)d.add_incident(buf);
  return d;
}

const Dictionary& dict() {
  static const Dictionary d = enrolment_dictionary();
  return d;
}

DeviceKey key() {
  DeviceKey k;
  k.key_id = 3;
  k.key.fill(0x5A);
  return k;
}

// The corpus messages of one kind (receipts cite sequence numbers in place of order ids).
const std::vector<Message>& corpus(const std::string& kind) {
  static std::map<std::string, std::vector<Message>> by_kind = [] {
    std::map<std::string, std::vector<Message>> m;
    std::ifstream in(LIFELINE_SOURCE_DIR "/tests/data/corpus/field-traffic.jsonl");
    uint16_t seq = 0;
    for (std::string line; std::getline(in, line);) {
      auto j = nlohmann::json::parse(line);
      if (j["kind"] == "receipt") j["seq"] = ++seq;
      if (auto msg = message_from_json(j); msg.ok()) m[j["kind"]].push_back(*msg);
    }
    return m;
  }();
  return by_kind[kind];
}

void BM_Encode(benchmark::State& state, const std::string& kind) {
  const auto& msgs = corpus(kind);
  if (msgs.empty()) return state.SkipWithError("corpus missing");
  const auto k = key();
  size_t i = 0, bytes = 0, n = 0;
  for (auto _ : state) {
    auto f = encode(msgs[i], static_cast<uint16_t>(i), dict(), k);
    bytes += f->size();
    ++n;
    benchmark::DoNotOptimize(f);
    i = (i + 1) % msgs.size();
  }
  state.counters["bytes_per_msg"] = static_cast<double>(bytes) / static_cast<double>(n);
  state.SetItemsProcessed(static_cast<int64_t>(n));
}

void BM_Decode(benchmark::State& state, const std::string& kind) {
  const auto& msgs = corpus(kind);
  if (msgs.empty()) return state.SkipWithError("corpus missing");
  const auto k = key();
  std::vector<std::vector<uint8_t>> frames;
  for (size_t i = 0; i < msgs.size(); ++i) frames.push_back(encode(msgs[i], static_cast<uint16_t>(i), dict(), k).value());
  size_t i = 0, bytes = 0;
  for (auto _ : state) {
    auto m = decode(frames[i], dict(), k, 1755640800000);
    benchmark::DoNotOptimize(m);
    bytes += frames[i].size();
    i = (i + 1) % frames.size();
  }
  state.counters["bytes_per_msg"] = static_cast<double>(bytes) / static_cast<double>(state.iterations());
  state.SetItemsProcessed(state.iterations());
}

}  // namespace

int main(int argc, char** argv) {
  for (const char* kind : {"order", "position", "receipt", "report"}) {
    benchmark::RegisterBenchmark((std::string("encode/") + kind).c_str(), BM_Encode, std::string(kind));
    benchmark::RegisterBenchmark((std::string("decode/") + kind).c_str(), BM_Decode, std::string(kind));
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
