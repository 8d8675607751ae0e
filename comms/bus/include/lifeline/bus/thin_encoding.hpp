// How a bus envelope travels on a thin link: the compact-codec message it maps to (shared by the
// gateways' ThinLinkCodec and the command's router) and the bytes it really takes on a link of a
// given MTU, measured by encoding it, so the router's "too large" is the codec's, not a guess.
#pragma once
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "lifeline/codec/device_key.hpp"
#include "lifeline/codec/dictionary.hpp"
#include "lifeline/codec/messages.hpp"

namespace lifeline::bus {

struct ThinMessage {
  codec::Message message;
  std::vector<codec::DictEntry> additions;  // entries `dict` lacks (an incident known only by its id): sent in-band first
};

// An order maps to a codec order (task, incident, place, due, note) when it names its incident and
// a place the codec carries (a point, or a gazetteer place found by its name); otherwise to text
// ("task @place note"). The incident goes as body.incident_number (INC-YYYY-NNNN: no dictionary
// update) when the order has it, else as body.incident_id through the dictionary. Every other kind maps to text: body.text, else a notice's message_zh or
// message_en, else the body's JSON. `team` is the recipient terminal's team; `now_ms` stands in
// for a missing or unreadable `created`.
ThinMessage to_thin_message(const nlohmann::json& envelope, const std::string& team, const codec::Dictionary& dict,
                            int64_t now_ms);

// Bytes on a link with this MTU: every frame a terminal that never heard of the message's
// incident receives (the dictionary update included), with headers, fragment overhead and MACs.
// nullopt when the codec refuses it (more than 16 fragments, bad text …).
std::optional<size_t> thin_link_bytes(const nlohmann::json& envelope, size_t mtu);

// The frames themselves, as a terminal enrolled with `dict` (built-in tables plus its team) and
// `key` receives them: the dictionary update for a new incident first, then the message. `error`
// says why when the codec refuses it. For lifeline-codec and the sizes above.
struct ThinFrames {
  std::vector<std::vector<uint8_t>> frames;
  size_t update_frames = 0;  // how many of them carry the dictionary update
  std::string error;
};
ThinFrames thin_link_frames(const nlohmann::json& envelope, size_t mtu, const std::string& team,
                            std::shared_ptr<const codec::Dictionary> dict, const codec::DeviceKey& key);

}  // namespace lifeline::bus
