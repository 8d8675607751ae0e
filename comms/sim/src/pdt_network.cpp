// PDT short data (Lifeline MODEL, links.md §4, linkproto/pdt.hpp): radios write data and ACK frames;
// the network carries each to the radio with the frame's destination id over one shared channel of
// about 1 kbit/s, so a frame's air time is its size in bits divided by the rate and frames queue
// behind each other. A frame whose data CRC fails is answered with a crc_failed ACK from id 0 (the
// network); a source id that is not the sender's own is refused (counted, dropped).
#include <map>

#include "lifeline/linkproto/pdt.hpp"
#include "lifeline/linkproto/beidou.hpp"
#include "lifeline/sim/network.hpp"

namespace lifeline::sim {
namespace {

using namespace linkproto;

class PdtNetwork final : public Network {
 public:
  PdtNetwork(const NetworkOptions& o, const Clock& clock, Courier& courier, Outbox& out)
      : o_(o), clock_(clock), courier_(courier), out_(out) {
    if (o_.delay_ms < 0) o_.delay_ms = 300;  // call set-up and preamble
    if (o_.pdt_bitrate <= 0) o_.pdt_bitrate = 1000;
  }

  std::string check_id(const std::string& id) const override {
    if (!beidou::is_digits(id, 1, 8) || std::stoul(id) == 0 || std::stoul(id) > pdt::kMaxRadioId)
      return "radio id must be 1-16777215";
    return {};
  }
  void attach(const std::string& id) override { radios_[id] = pdt::FrameReader(); }
  void detach(const std::string& id) override { radios_.erase(id); }

  void receive(const std::string& id, std::string_view bytes) override {
    auto& reader = radios_[id];
    reader.feed(bytes);
    pdt::FrameReader::Item item;
    while (reader.next(item)) {
      if (!item.frame) {
        ++bad_frames_;
        if (item.frame.error == "data CRC mismatch")
          out_.write(id, *pdt::encode(pdt::AckFrame{item.source, 0, item.sequence, pdt::AckStatus::crc_failed}));
        continue;
      }
      uint32_t src = 0, dst = 0;
      std::visit([&](const auto& f) { src = f.source, dst = f.destination; }, *item.frame);
      if (std::to_string(src) != id) {
        ++spoofed_;
        continue;
      }
      std::string wire = *pdt::encode(*item.frame);
      // One shared channel: this frame goes on air when the previous one has finished.
      int64_t now = clock_.now_ms();
      int64_t start = std::max(now, channel_free_at_);
      int64_t air = static_cast<int64_t>(wire.size()) * 8 * 1000 / o_.pdt_bitrate;
      channel_free_at_ = start + air;
      std::string to = std::to_string(dst);
      ++carried_;
      courier_.post(id, to, now, (start - now) + air + o_.delay_ms, [this, to, wire] {
        if (out_.connected(to)) out_.write(to, wire);
        else ++undeliverable_;
      });
    }
  }

  nlohmann::json status() const override {
    return {{"delay_ms", o_.delay_ms}, {"bitrate", o_.pdt_bitrate}, {"radios", radios_.size()},
            {"carried", carried_}, {"bad_frames", bad_frames_}, {"spoofed", spoofed_},
            {"undeliverable", undeliverable_}, {"channel_free_at_ms", channel_free_at_}};
  }

 private:
  NetworkOptions o_;
  const Clock& clock_;
  Courier& courier_;
  Outbox& out_;
  std::map<std::string, pdt::FrameReader> radios_;
  int64_t channel_free_at_ = 0;
  uint64_t carried_ = 0, bad_frames_ = 0, spoofed_ = 0, undeliverable_ = 0;
};

}  // namespace

std::unique_ptr<Network> make_pdt_network(const NetworkOptions& o, const Clock& c, Courier& k, Outbox& out) {
  return std::make_unique<PdtNetwork>(o, c, k, out);
}

}  // namespace lifeline::sim
