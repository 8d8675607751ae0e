// Encode and decode one whole compact frame: header (1 B) | sequence (2 B) | bit-packed body | MAC (4 B).
// schema/codec.md specifies it bit by bit. Decoding checks the MAC before anything else and rejects
// truncated frames, trailing bytes and non-zero padding: a rejected frame changes nothing.
#pragma once
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "lifeline/codec/device_key.hpp"
#include "lifeline/codec/dictionary.hpp"
#include "lifeline/codec/messages.hpp"
#include "lifeline/codec/result.hpp"

namespace lifeline::codec {

// 2: an incident travels as its number (INC-YYYY-NNNN) with no dictionary entry (§4.1).
inline constexpr uint8_t kWireVersion = 2;
inline constexpr size_t kHeaderBytes = 3;           // header byte + sequence
inline constexpr size_t kMaxMessageBytes = 2048;    // a whole (unfragmented) frame
// Times on the wire are seconds mod 4096, resolved against the receiver's clock: a frame may be up
// to kTimeFutureSkewS ahead of it and up to 4096 - kTimeFutureSkewS seconds behind.
inline constexpr int64_t kTimeFutureSkewS = 300;

struct Frame {
  uint16_t seq = 0;
  Message message;
  bool fragmented = false;  // arrived in fragments (set by the LinkReceiver)
};

// Encode `message` as a frame with sequence number `seq` (for a Receipt: the cited sequence).
Result<std::vector<uint8_t>> encode(const Message& message, uint16_t seq, const Dictionary& dict,
                                    const DeviceKey& key);

// Decode one whole frame (not a fragment). `reference_ms` is the receiver's time (resolves times).
Result<Frame> decode(std::span<const uint8_t> frame, const Dictionary& dict, const DeviceKey& key,
                     int64_t reference_ms);

// Whether `key` is an incident number the wire carries by itself, with no dictionary entry:
// "INC-YYYY-NNNN" with a year from 2020 and the number written as the command writes it (at
// least 4 digits, no other leading zeros). Any other incident key needs the dictionary.
bool is_incident_number(std::string_view key);

// The kind in a frame's header byte, or an error if the header is not a valid header of this wire version.
Result<Kind> peek_kind(std::span<const uint8_t> frame);

}  // namespace lifeline::codec
