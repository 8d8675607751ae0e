// Writes the committed seed corpus of fuzz_codec_decode (one valid frame of each kind in modes 0
// and 1, the fragments of a long report, a reassembler stream in mode 2):
//   codec_make_seeds tests/fuzz/codec/corpus/fuzz_codec_decode
// The dictionary and key must match fuzz_codec_decode.cpp.
#include <fstream>
#include "lifeline/codec/codec.hpp"
#include "lifeline/codec/link.hpp"
using namespace lifeline::codec;
int main(int, char** argv) {
  Dictionary x = Dictionary::builtin();
  for (int i = 0; i < 20; ++i) (void)x.add_team("T" + std::to_string(i));
  for (int i = 0; i < 5; ++i) (void)x.add_incident("I" + std::to_string(i));
  DeviceKey k; k.key_id = 1; k.key.fill(0x42);
  const int64_t t = 1755640800000;
  std::vector<Message> ms = {
    Order{Precedence::flash, "T3", "I1", TaskType::deliver, Place{"", "青峰镇塘头村敬老院", GeoPoint{28.1, 120.0}}, 15, {{"drinking_water", 5}}, "卸货后回报数量", t},
    Order{Precedence::priority, "T4", "I2", TaskType::patrol, Place{"P0004", {}, {}}, 120, {}, "", t},
    Position{{28.1, 120.2}, t, Readiness::deployed, TaskStatus::en_route, 80},
    Receipt{5, DeliveryState::read, Answer::reject, RejectReason::unsafe},
    Report{"I1", 1, 2, 3, "滨海镇上坪村水位超警戒30厘米，abc", t},
    Order{Precedence::flash, "T2", "INC-2026-0157", TaskType::evacuate, Place{"P0001", {}, {}}, 0, {}, "立即转移", t},
    Report{"INC-2026-0041", 0, 3, 1, "塌方", t},
    Text{Precedence::immediate, "T1", "收到请回复 éè", t},
    DictUpdate{kBuiltinVersion + 1, {{DictTable::incident, "I9", {}, {}}, {DictTable::place, "P9", "安置点", GeoPoint{28.2, 120.3}}}}};
  int n = 0;
  auto write = [&](uint8_t mode, const std::vector<uint8_t>& b) {
    std::ofstream f(std::string(argv[1]) + "/seed-" + std::to_string(n++), std::ios::binary);
    f.put(static_cast<char>(mode)); f.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
  };
  for (const auto& m : ms) {
    auto f = encode(m, 7, x, k).value();
    write(0, f);
    write(1, std::vector<uint8_t>(f.begin(), f.end() - 4));
  }
  auto big = encode(Report{"I1", 0, 0, 0, "鹰嘴岩矿洞口东侧二号工棚北面速派挖机两台并携带照明设备连夜抢通便道鹰嘴岩矿洞口东侧二号工棚北面", t}, 9, x, k).value();
  auto frags = fragment(big, 40, 10, x, k).value();
  for (const auto& f : frags) write(0, f);
  // Reassembler stream: [tag][idx|cnt-1][len][clock][chunk]
  std::vector<uint8_t> s;
  for (uint8_t i = 0; i < 3; ++i) { s.insert(s.end(), {7, static_cast<uint8_t>(i << 4 | 2), 4, 1, 1, 2, 3, 4}); }
  s.insert(s.end(), {7, 0x02, 4, 1, 1, 2, 3, 4});
  write(2, s);
  return 0;
}
