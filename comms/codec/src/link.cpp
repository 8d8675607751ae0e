// LinkSender / LinkReceiver: sequence numbering, fragmentation, replay window, reassembly, decode.
#include "lifeline/codec/link.hpp"

namespace lifeline::codec {
namespace {
// Copy-on-write: other links sharing the old dictionary keep it.
Result<Ok> apply_update(std::shared_ptr<const Dictionary>& dict, const DictUpdate& update) {
  auto next = std::make_shared<Dictionary>(*dict);
  if (auto r = next->apply(update); !r) return r.error();
  dict = std::move(next);
  return Ok{};
}
}  // namespace

Result<Outgoing> LinkSender::send(const Message& message, size_t mtu) {
  if (std::holds_alternative<Receipt>(message)) return make_error("bad_field", "receipts go through receipt()");
  auto frame = encode(message, next_seq_, *dict_, key_);
  if (!frame) return frame.error();
  auto frames = fragment(*frame, mtu, static_cast<uint16_t>(next_seq_ + 1), *dict_, key_);
  if (!frames) return frames.error();
  Outgoing out;
  out.seq = next_seq_;
  out.message_bytes = frame->size();
  out.fragmented = frames->size() > 1;
  out.frames = std::move(*frames);
  // A dictionary update takes effect for this end right after it is sent (its own MAC uses the old version).
  if (const auto* u = std::get_if<DictUpdate>(&message)) {
    if (auto r = apply_update(dict_, *u); !r) return r.error();
  }
  next_seq_ = static_cast<uint16_t>(next_seq_ + 1 + (out.fragmented ? out.frames.size() : 0));
  return out;
}

Result<std::vector<uint8_t>> LinkSender::receipt(const Receipt& receipt) const {
  return encode(receipt, receipt.ref_seq, *dict_, key_);
}

Result<std::optional<Frame>> LinkReceiver::receive(std::span<const uint8_t> bytes) {
  auto kind = peek_kind(bytes);
  if (!kind) return kind.error();
  const int64_t now = clock_.now_ms();
  std::vector<uint8_t> whole;
  bool fragmented = false;
  std::span<const uint8_t> frame = bytes;
  if (*kind == Kind::fragment) {
    auto piece = parse_fragment(bytes, *dict_, key_);
    if (!piece) return piece.error();
    if (!window_.acceptable(piece->seq)) return make_error("duplicate", "sequence " + std::to_string(piece->seq));
    auto done = reassembler_.add(*piece);
    if (!done) return done.error();
    window_.record(piece->seq);
    if (!*done) return std::optional<Frame>{};
    whole = std::move(**done);
    frame = whole;
    fragmented = true;
  }
  auto decoded = decode(frame, *dict_, key_, now);
  if (!decoded) return decoded.error();
  // Receipts carry the cited sequence number, not a new one: they are idempotent and skip the window.
  const bool is_receipt = std::holds_alternative<Receipt>(decoded->message);
  if (!is_receipt && !window_.acceptable(decoded->seq))
    return make_error("duplicate", "sequence " + std::to_string(decoded->seq));
  if (const auto* u = std::get_if<DictUpdate>(&decoded->message)) {
    if (auto r = apply_update(dict_, *u); !r) return r.error();
  }
  if (!is_receipt) window_.record(decoded->seq);
  decoded->fragmented = fragmented;
  return std::optional<Frame>{std::move(*decoded)};
}

}  // namespace lifeline::codec
