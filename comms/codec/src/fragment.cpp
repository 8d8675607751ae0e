// Fragment frames: header(kind 6) | seq | index:4 count-1:4 | tag | chunk | MAC (schema/codec.md §6).
#include "lifeline/codec/fragment.hpp"

#include <sodium.h>

#include "lifeline/codec/codec.hpp"

namespace lifeline::codec {

Result<std::vector<std::vector<uint8_t>>> fragment(std::span<const uint8_t> frame, size_t mtu,
                                                   uint16_t first_seq, const Dictionary& dict,
                                                   const DeviceKey& key) {
  if (frame.size() < kHeaderBytes + kMacBytes) return make_error("bad_frame", "not a frame");
  if (frame.size() <= mtu) return std::vector<std::vector<uint8_t>>{{frame.begin(), frame.end()}};
  if (mtu <= kFragmentOverhead)
    return make_error("too_large_for_link", "link carries " + std::to_string(mtu) + " bytes; no room to fragment");
  const size_t room = mtu - kFragmentOverhead;
  const size_t count = (frame.size() + room - 1) / room;
  if (count > kMaxFragments)
    return make_error("too_large_for_link", std::to_string(frame.size()) + " bytes need " + std::to_string(count) +
                                                " fragments of " + std::to_string(mtu) + " (max 16)");
  const uint8_t tag = frame[2];  // low byte of the whole frame's sequence number
  std::vector<std::vector<uint8_t>> out;
  for (size_t i = 0; i < count; ++i) {
    const auto seq = static_cast<uint16_t>(first_seq + i);
    std::vector<uint8_t> f{static_cast<uint8_t>(kWireVersion << 6 | static_cast<uint8_t>(Kind::fragment) << 2),
                           static_cast<uint8_t>(seq >> 8), static_cast<uint8_t>(seq),
                           static_cast<uint8_t>(i << 4 | (count - 1)), tag};
    const size_t b0 = i * room, b1 = std::min(frame.size(), b0 + room);
    f.insert(f.end(), frame.begin() + static_cast<std::ptrdiff_t>(b0), frame.begin() + static_cast<std::ptrdiff_t>(b1));
    const auto mac = compute_mac(key, dict.version(), f);
    f.insert(f.end(), mac.begin(), mac.end());
    out.push_back(std::move(f));
  }
  return out;
}

Result<FragmentPiece> parse_fragment(std::span<const uint8_t> frame, const Dictionary& dict, const DeviceKey& key) {
  if (frame.size() < kFragmentOverhead + 1) return make_error("bad_frame", "fragment truncated");
  auto kind = peek_kind(frame);
  if (!kind) return kind.error();
  if (*kind != Kind::fragment) return make_error("bad_frame", "not a fragment");
  const auto body = frame.first(frame.size() - kMacBytes);
  const auto mac = compute_mac(key, dict.version(), body);
  if (sodium_memcmp(mac.data(), frame.data() + body.size(), kMacBytes) != 0) return make_error("bad_mac");
  FragmentPiece p;
  p.seq = static_cast<uint16_t>(frame[1] << 8 | frame[2]);
  p.index = frame[3] >> 4;
  p.count = static_cast<uint8_t>((frame[3] & 0xF) + 1);
  p.tag = frame[4];
  if (p.index >= p.count) return make_error("bad_frame", "fragment index beyond count");
  p.chunk.assign(body.begin() + 5, body.end());
  return p;
}

Reassembler::Reassembler(const Clock& clock, ReassemblerLimits limits) : clock_(clock), limits_(limits) {}

void Reassembler::expire() {
  const int64_t now = clock_.now_ms();
  for (auto it = partial_.begin(); it != partial_.end();) {
    if (now - it->second.started_ms > limits_.timeout_ms) {
      bytes_ -= it->second.bytes;
      ++expired_;
      it = partial_.erase(it);
    } else {
      ++it;
    }
  }
}

bool Reassembler::evict_oldest_except(std::map<uint16_t, Partial>::iterator keep) {
  auto oldest = partial_.end();
  for (auto j = partial_.begin(); j != partial_.end(); ++j)
    if (j != keep && (oldest == partial_.end() || j->second.started_ms < oldest->second.started_ms)) oldest = j;
  if (oldest == partial_.end()) return false;
  bytes_ -= oldest->second.bytes;
  ++expired_;
  partial_.erase(oldest);  // std::map: `keep` stays valid
  return true;
}

Result<std::optional<std::vector<uint8_t>>> Reassembler::add(const FragmentPiece& piece) {
  if (piece.count == 0 || piece.count > kMaxFragments || piece.index >= piece.count || piece.chunk.empty() ||
      piece.chunk.size() > kMaxMessageBytes)
    return make_error("bad_frame", "fragment header");
  expire();
  const uint16_t id = static_cast<uint16_t>(piece.tag << 8 | piece.count);
  auto it = partial_.find(id);
  if (it != partial_.end()) {
    auto& slot = it->second.chunks[piece.index];
    if (slot) {
      if (*slot == piece.chunk) return std::optional<std::vector<uint8_t>>{};  // duplicate: nothing new
      return make_error("conflict", "fragment differs from the one already held");
    }
  }
  if (piece.chunk.size() > limits_.max_bytes) return make_error("too_large_for_link", "fragment over reassembly limit");
  // Bounded memory: evict the oldest other partial messages until this piece fits.
  while (bytes_ + piece.chunk.size() > limits_.max_bytes ||
         (it == partial_.end() && partial_.size() >= limits_.max_messages)) {
    if (!evict_oldest_except(it)) break;
  }
  if (bytes_ + piece.chunk.size() > limits_.max_bytes) return make_error("too_large_for_link", "reassembly memory full");
  if (it == partial_.end()) {
    Partial p;
    p.started_ms = clock_.now_ms();
    p.count = piece.count;
    p.chunks.resize(piece.count);
    it = partial_.emplace(id, std::move(p)).first;
  }
  auto& part = it->second;
  part.chunks[piece.index] = piece.chunk;
  part.bytes += piece.chunk.size();
  bytes_ += piece.chunk.size();
  for (const auto& c : part.chunks)
    if (!c) return std::optional<std::vector<uint8_t>>{};
  std::vector<uint8_t> whole;
  for (const auto& c : part.chunks) whole.insert(whole.end(), c->begin(), c->end());
  bytes_ -= part.bytes;
  partial_.erase(it);
  return std::optional<std::vector<uint8_t>>{std::move(whole)};
}

}  // namespace lifeline::codec
