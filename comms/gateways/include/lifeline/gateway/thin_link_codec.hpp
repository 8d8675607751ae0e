// The compact-codec side of a thin-link driver: one numbered, MAC'd link per terminal
// (LinkSender/LinkReceiver with that device's key and the dictionary agreed at enrolment), the
// mapping of bus envelopes to codec messages and back, and which message a receipt cites.
// Sequence numbers, the replay window and the receipts still expected persist in a state file
// (TerminalKeys::state_file) after every change, so a restarted gateway neither reuses a number
// (an old receipt would then acknowledge a new message) nor accepts an old frame again.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "lifeline/clock.hpp"
#include "lifeline/codec/link.hpp"

namespace lifeline::gateway {

struct TerminalKeys {
  // address → (team id, device key). Loaded from the enrolment file (--keys).
  std::map<std::string, std::pair<std::string, codec::DeviceKey>> by_address;
  std::string state_file;  // where the link counters persist ("" = memory only: unit tests)
  // {"<address>": {"team": "T-P0001", "key_id": 7, "key": "<64 hex>"}}
  static TerminalKeys from_json(const nlohmann::json& j);
};

class ThinLinkCodec {
 public:
  ThinLinkCodec(const Clock& clock, TerminalKeys keys);
  // Receipts are accepted for this many of the latest sequence numbers sent to a terminal.
  static constexpr int kReceiptWindow = 1024;
  bool known(const std::string& address) const { return keys_.by_address.count(address) > 0; }
  // The frames (after any in-band dictionary update the message needs) that carry `envelope` to the
  // terminal at `address`, each at most `mtu` bytes; remembers `ref` for the terminal's receipt.
  // Error text when the envelope cannot be carried (unknown terminal, too large …).
  struct Encoded {
    std::vector<std::vector<uint8_t>> frames;
    std::string error;
  };
  Encoded encode(const std::string& address, const std::string& ref, const nlohmann::json& envelope, size_t mtu);
  // One frame from a terminal: an uplink message for the command (gateway-protocol.md), nullopt
  // while fragments are missing, or an error text (bad MAC, replay, garbage …).
  struct Decoded {
    std::optional<nlohmann::json> uplink;
    std::string error;
  };
  Decoded decode(const std::string& address, const std::vector<uint8_t>& frame);

 private:
  struct Link {
    std::unique_ptr<codec::LinkSender> sender;
    std::unique_ptr<codec::LinkReceiver> receiver;  // under the dictionary the sender uses now
    std::unique_ptr<codec::LinkReceiver> previous;  // under the one before the last in-band update
    std::map<uint16_t, std::string> refs;  // sequence number → message ref (id/recipient)
    std::map<uint16_t, int> receipted;     // sequence number → receipt level taken (1 device, 2 human)
  };
  Link& link(const std::string& address);
  void save() const;
  const Clock& clock_;
  TerminalKeys keys_;
  std::map<std::string, Link> links_;
  nlohmann::json saved_;  // the state file's links not opened yet (address → counters)
};

}  // namespace lifeline::gateway
