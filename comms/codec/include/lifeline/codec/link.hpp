// One end of a thin link: LinkSender numbers frames and fragments them for the link's MTU;
// LinkReceiver verifies, de-duplicates (ReplayWindow), reassembles and decodes, and applies in-band
// dictionary updates. A rejected frame leaves both untouched. Links may share one immutable
// dictionary; an in-band update gives that link its own new copy.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "lifeline/clock.hpp"
#include "lifeline/codec/codec.hpp"
#include "lifeline/codec/fragment.hpp"
#include "lifeline/codec/replay_window.hpp"

namespace lifeline::codec {

struct Outgoing {
  uint16_t seq = 0;  // the message's sequence number (receipts cite it)
  std::vector<std::vector<uint8_t>> frames;
  bool fragmented = false;
  size_t message_bytes = 0;  // the whole frame before fragmentation
};

class LinkSender {
 public:
  LinkSender(std::shared_ptr<const Dictionary> dict, DeviceKey key, uint16_t next_seq = 0)
      : dict_(std::move(dict)), key_(key), next_seq_(next_seq) {}
  LinkSender(Dictionary dict, DeviceKey key, uint16_t next_seq = 0)
      : LinkSender(std::make_shared<const Dictionary>(std::move(dict)), key, next_seq) {}
  // Receipts are sent with receipt(): they carry the cited sequence number, not a new one.
  Result<Outgoing> send(const Message& message, size_t mtu);
  Result<std::vector<uint8_t>> receipt(const Receipt& receipt) const;
  const Dictionary& dictionary() const { return *dict_; }
  uint16_t next_seq() const { return next_seq_; }

 private:
  std::shared_ptr<const Dictionary> dict_;
  DeviceKey key_;
  uint16_t next_seq_;
};

class LinkReceiver {
 public:
  LinkReceiver(std::shared_ptr<const Dictionary> dict, DeviceKey key, const Clock& clock,
               ReassemblerLimits limits = {})
      : dict_(std::move(dict)), key_(key), clock_(clock), reassembler_(clock, limits) {}
  LinkReceiver(Dictionary dict, DeviceKey key, const Clock& clock, ReassemblerLimits limits = {})
      : LinkReceiver(std::make_shared<const Dictionary>(std::move(dict)), key, clock, limits) {}
  // A decoded frame, nullopt while a fragmented message is incomplete, or an error.
  Result<std::optional<Frame>> receive(std::span<const uint8_t> bytes);
  const Dictionary& dictionary() const { return *dict_; }
  const ReplayWindow& replay_window() const { return window_; }
  // Continues from a saved window (a restarted gateway refuses what it accepted before).
  void restore_window(const ReplayWindow& w) { window_ = w; }
  const Reassembler& reassembler() const { return reassembler_; }

 private:
  std::shared_ptr<const Dictionary> dict_;
  DeviceKey key_;
  const Clock& clock_;
  ReplayWindow window_;
  Reassembler reassembler_;
};

}  // namespace lifeline::codec
