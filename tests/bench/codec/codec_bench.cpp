// Codec encode/decode time per message and bytes per message kind. First the size figures of both
// corpora (the one the phrase dictionary is tuned on and the held-out one: bytes per kind, unseen
// hanzi per message, BeiDou frames per report), then Google Benchmark timings on each.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <fstream>
#include <map>

#include "corpus_sizes.hpp"
#include "lifeline/codec/codec.hpp"
#include "lifeline/codec/json.hpp"
#include "test_link_dictionary.hpp"

using namespace lifeline::codec;

namespace {

const char* const kCorpora[][2] = {{"tuning", LIFELINE_SOURCE_DIR "/tests/data/corpus/field-traffic.jsonl"},
                                   {"held-out", LIFELINE_SOURCE_DIR "/tests/data/corpus/heldout-traffic.jsonl"}};

const Dictionary& dict() {
  static const Dictionary d = test::enrolment_dictionary();
  return d;
}

DeviceKey key() { return test::test_key(3); }

// The corpus messages of one kind (receipts cite sequence numbers in place of order ids).
const std::vector<Message>& corpus(const std::string& path, const std::string& kind) {
  static std::map<std::string, std::map<std::string, std::vector<Message>>> by_path;
  if (!by_path.count(path)) {
    auto& m = by_path[path];
    std::ifstream in(path);
    uint16_t seq = 0;
    for (std::string line; std::getline(in, line);) {
      auto j = nlohmann::json::parse(line);
      if (j["kind"] == "receipt") j["seq"] = ++seq;
      if (auto msg = message_from_json(j); msg.ok()) m[j["kind"]].push_back(*msg);
    }
  }
  return by_path[path][kind];
}

void BM_Encode(benchmark::State& state, const std::string& path, const std::string& kind) {
  const auto& msgs = corpus(path, kind);
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

void BM_Decode(benchmark::State& state, const std::string& path, const std::string& kind) {
  const auto& msgs = corpus(path, kind);
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
  std::printf("phrase dictionary: version %u, %zu phrases, %zu places, %zu items\n", dict().version(),
              dict().size(DictTable::phrase), dict().size(DictTable::place), dict().size(DictTable::item));
  for (const auto& [name, path] : kCorpora) {
    const auto sizes = test::measure_corpus(path, dict(), key());
    sizes.print(name);
    if (!sizes.errors.empty()) std::printf("%s: %zu lines refused, first: %s\n", name, sizes.errors.size(), sizes.errors[0].c_str());
    std::printf("%s: order with the most unseen hanzi: %s\n", name, sizes.worst_order.c_str());
  }
  for (const auto& [name, path] : kCorpora)
    for (const char* kind : {"order", "position", "receipt", "report"}) {
      const std::string suffix = std::string(kind) + "/" + name;
      benchmark::RegisterBenchmark(("encode/" + suffix).c_str(), BM_Encode, std::string(path), std::string(kind));
      benchmark::RegisterBenchmark(("decode/" + suffix).c_str(), BM_Decode, std::string(path), std::string(kind));
    }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
