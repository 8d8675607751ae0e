// PDT short data: a LIFELINE-DEFINED MODEL, not the PDT air interface (no public PDT text could be
// cited, links.md §4). It borrows DMR's shape: a 12-byte header block, then 18-byte data blocks
// (the payload of one rate-3/4 burst), a CRC-16 on the header and a CRC-32 on the data, and ACK
// frames. Layout (schema/links.md "PDT short data (model)"):
//   header: 0 kind (0x4C data, 0x41 ack) | 1-3 destination radio id (24 bit, BE) | 4-6 source id |
//           7 block count (data: 1-16; ack: 0) | 8 sequence | 9 data: pad bytes in the last block,
//           ack: status (0 received, 1 CRC failed, 2 busy) | 10-11 CRC-16/CCITT-FALSE of bytes 0-9
//   data:   block_count * 18 bytes = payload, zero padding, then CRC-32 (IEEE, BE) of payload + pad
#pragma once
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <variant>

#include "lifeline/linkproto/hex.hpp"
#include "lifeline/linkproto/result.hpp"

namespace lifeline::linkproto::pdt {

inline constexpr size_t kHeaderBytes = 12;
inline constexpr size_t kBlockBytes = 18;
inline constexpr size_t kMaxBlocks = 16;
inline constexpr size_t kMaxPayload = kMaxBlocks * kBlockBytes - 4;  // 284
inline constexpr uint32_t kMaxRadioId = 0xFFFFFF;
inline constexpr uint8_t kKindData = 0x4C;
inline constexpr uint8_t kKindAck = 0x41;

enum class AckStatus : uint8_t { received = 0, crc_failed = 1, busy = 2 };

struct DataFrame {
  uint32_t destination = 0;
  uint32_t source = 0;
  uint8_t sequence = 0;
  std::string payload;  // 0..284 bytes
};
struct AckFrame {
  uint32_t destination = 0;  // the sender of the data frame
  uint32_t source = 0;
  uint8_t sequence = 0;
  AckStatus status = AckStatus::received;
};
using Frame = std::variant<DataFrame, AckFrame>;

uint16_t crc16_ccitt(const uint8_t* data, size_t size);
uint32_t crc32_ieee(const uint8_t* data, size_t size);

Result<std::string> encode(const Frame& f);
// Decodes exactly one frame (header + its blocks).
Result<Frame> decode(std::string_view bytes);
// Blocks a data frame of `payload_size` bytes occupies (header excluded).
size_t blocks_for(size_t payload_size);

// Reassembles frames from a byte stream. A header whose CRC fails costs one byte (resync); a data
// frame whose CRC-32 fails is reported so the receiver can answer ACK status crc_failed.
class FrameReader {
 public:
  struct Item {
    Result<Frame> frame;
    uint32_t source = 0;  // from the (valid) header, for NAKs
    uint8_t sequence = 0;
  };
  void feed(std::string_view bytes);
  bool next(Item& out);
  uint64_t skipped_bytes() const { return skipped_; }

 private:
  std::string buf_;
  std::deque<Item> items_;
  uint64_t skipped_ = 0;
};

}  // namespace lifeline::linkproto::pdt
