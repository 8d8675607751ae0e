// Channels, their timing and size limits, and the choice of a rung on a recipient's fallback
// ladder. Pure functions: the router in lifeline-command feeds them health and the message.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "lifeline/bus/envelope.hpp"

namespace lifeline::bus {

// Per channel. Defaults are settings (DECISIONS "Links"): IP heartbeat 1 s, down after 2 s of silence.
struct LinkProfile {
  std::string channel;
  int64_t window_ms;       // up if heard within this window
  int64_t ack_timeout_ms;  // no device ack within this: retry, then move down the ladder
  size_t max_bytes;        // largest message (after encoding, fragments included) the channel takes
  bool satellite;          // costs money per message: subject to the cost policy
  int attempts_before_down;  // ack timeouts on one channel before it is treated as down
  size_t mtu = 0;          // thin links: the codec frame size (fragments beyond); 0 = JSON (IP, loopback)
};

class LinkProfiles {
 public:
  LinkProfiles();  // the defaults
  const LinkProfile* find(const std::string& channel) const;
  void set(LinkProfile p) { profiles_[p.channel] = std::move(p); }

 private:
  std::map<std::string, LinkProfile> profiles_;
};

// ROUTINE never goes over satellite unless allowed (cost policy, DESIGN §4).
struct CostPolicy {
  bool routine_over_satellite = false;
};

enum class Health { unknown, up, down };
const char* to_string(Health h);

struct Rung {
  std::string channel;
  std::string address;
  Health health = Health::unknown;
};

// Why a rung was passed over, for the event that records the switch.
struct Choice {
  std::optional<size_t> rung;  // index into the ladder
  std::string reason;          // when none: no_route / too_large_for_link
};

// The best rung: in ladder order, the first that is not down, is allowed for this precedence and
// takes `size(channel)` bytes. Unknown health is tried (a terminal that never spoke may still listen).
Choice choose_rung(const std::vector<Rung>& ladder, Precedence precedence, const std::function<size_t(const std::string&)>& size,
                   const LinkProfiles& profiles, const CostPolicy& policy);

}  // namespace lifeline::bus
