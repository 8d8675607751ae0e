#include "lifeline/bus/link_policy.hpp"

namespace lifeline::bus {

LinkProfiles::LinkProfiles() {
  // window, ack timeout, max bytes, satellite, attempts, MTU. Thin-link sizes are the codec's
  // encoded bytes (bus/thin_encoding.hpp) and allow a few frames: BeiDou 4 x 70 B (BD-3 global
  // message), Iridium 7 x 270 B (9603 MT), SMS/Tiantong 5 x 134 B (8-bit SMS with a concatenation
  // header), PDT 284 B short-data frames (schema/links.md §5).
  set({"ip", 2000, 3000, 1 << 20, false, 2, 0});
  set({"pdt", 10LL * 60 * 1000, 15000, 1024, false, 3, 284});
  set({"beidou", 3600LL * 1000, 120000, 280, true, 2, 70});
  set({"iridium", 3600LL * 1000, 90000, 1890, true, 2, 270});
  set({"tiantong", 3600LL * 1000, 60000, 670, true, 2, 134});
  set({"sms", 24LL * 3600 * 1000, 120000, 670, false, 2, 134});
  set({"loopback", 10000, 3000, 4096, false, 2, 0});
}

const LinkProfile* LinkProfiles::find(const std::string& channel) const {
  auto it = profiles_.find(channel);
  return it == profiles_.end() ? nullptr : &it->second;
}

const char* to_string(Health h) {
  switch (h) {
    case Health::unknown: return "unknown";
    case Health::up: return "up";
    case Health::down: return "down";
  }
  return "unknown";
}

Choice choose_rung(const std::vector<Rung>& ladder, Precedence precedence, const std::function<size_t(const std::string&)>& size,
                   const LinkProfiles& profiles, const CostPolicy& policy) {
  Choice out;
  bool any_live = false;
  for (size_t i = 0; i < ladder.size(); ++i) {
    const auto& rung = ladder[i];
    const auto* p = profiles.find(rung.channel);
    if (!p || rung.health == Health::down) continue;
    if (p->satellite && precedence == Precedence::routine && !policy.routine_over_satellite) continue;
    any_live = true;
    if (size(rung.channel) > p->max_bytes) continue;
    out.rung = i;
    return out;
  }
  out.reason = any_live ? "too_large_for_link" : "no_route";
  return out;
}

}  // namespace lifeline::bus
