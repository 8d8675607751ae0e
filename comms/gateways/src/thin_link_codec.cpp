#include "lifeline/gateway/thin_link_codec.hpp"

#include "lifeline/bus/thin_encoding.hpp"
#include "lifeline/time_format.hpp"

namespace lifeline::gateway {

using nlohmann::json;

TerminalKeys TerminalKeys::from_json(const json& j) {
  TerminalKeys out;
  for (auto& [address, v] : j.items()) {
    auto key = codec::DeviceKey::from_hex(v.at("key_id").get<uint32_t>(), v.at("key").get<std::string>());
    if (!key) throw std::runtime_error("key of terminal " + address + ": " + key.error().code);
    out.by_address[address] = {v.at("team").get<std::string>(), key.value()};
  }
  return out;
}

ThinLinkCodec::Link& ThinLinkCodec::link(const std::string& address) {
  auto it = links_.find(address);
  if (it != links_.end()) return it->second;
  const auto& [team, key] = keys_.by_address.at(address);
  // The enrolment dictionary: the built-in places, items and phrases plus the terminal's own team.
  codec::Dictionary dict = codec::Dictionary::builtin();
  (void)dict.add_team(team);
  Link l;
  l.sender = std::make_unique<codec::LinkSender>(dict, key);
  l.receiver = std::make_unique<codec::LinkReceiver>(dict, key, clock_);
  return links_.emplace(address, std::move(l)).first->second;
}

ThinLinkCodec::Encoded ThinLinkCodec::encode(const std::string& address, const std::string& ref, const json& envelope,
                                             size_t mtu) {
  Encoded out;
  if (!known(address)) {
    out.error = "terminal " + address + " not enrolled on this gateway";
    return out;
  }
  auto& l = link(address);
  const auto& team = keys_.by_address.at(address).first;
  // The same mapping the command sizes messages with (bus/thin_encoding.hpp).
  auto thin = bus::to_thin_message(envelope, team, l.sender->dictionary(), clock_.now_ms());
  codec::Message message = std::move(thin.message);
  std::vector<codec::DictEntry> additions = std::move(thin.additions);
  if (!additions.empty()) {
    // New incident: the dictionary travels in-band first (schema/codec.md, dictionary updates).
    codec::DictUpdate update{l.sender->dictionary().version() + 1, additions};
    auto sent = l.sender->send(update, mtu);
    if (!sent) {
      out.error = sent.error().code;
      return out;
    }
    for (auto& f : sent.value().frames) out.frames.push_back(std::move(f));
    // Keep our own copy of the dictionary in step (the receiver applies the same update).
    codec::Dictionary next = l.sender->dictionary();
    (void)next.apply(update);
    auto seq = l.sender->next_seq();
    const auto& key = keys_.by_address.at(address).second;
    auto shared = std::make_shared<const codec::Dictionary>(std::move(next));
    l.sender = std::make_unique<codec::LinkSender>(shared, key, seq);
    // Uplinks MAC the dictionary version the terminal holds: the new one once the update reached
    // it, the old one for frames it sent before. Both are accepted until the next update.
    l.previous = std::move(l.receiver);
    l.receiver = std::make_unique<codec::LinkReceiver>(shared, key, clock_);
  }
  auto sent = l.sender->send(message, mtu);
  if (!sent) {
    out.error = sent.error().code + (sent.error().detail.empty() ? "" : ": " + sent.error().detail);
    out.frames.clear();
    return out;
  }
  l.refs[sent.value().seq] = ref;
  for (auto& f : sent.value().frames) out.frames.push_back(std::move(f));
  return out;
}

ThinLinkCodec::Decoded ThinLinkCodec::decode(const std::string& address, const std::vector<uint8_t>& frame) {
  Decoded out;
  if (!known(address)) {
    out.error = "frame from terminal " + address + " that is not enrolled";
    return out;
  }
  auto& l = link(address);
  auto got = l.receiver->receive(frame);
  if (!got && got.error().code == "bad_mac" && l.previous) got = l.previous->receive(frame);
  if (!got) {
    out.error = got.error().code;
    return out;
  }
  if (!got.value()) return out;  // a fragment; more to come
  const auto& m = got.value()->message;
  const auto& team = keys_.by_address.at(address).first;
  if (auto* r = std::get_if<codec::Receipt>(&m)) {
    auto ref = l.refs.find(r->ref_seq);
    if (ref == l.refs.end()) {
      out.error = "receipt for unknown sequence " + std::to_string(r->ref_seq);
      return out;
    }
    std::string id = ref->second.substr(0, ref->second.find('/'));
    json u = {{"kind", "receipt"}, {"id", id},
              {"level", r->state == codec::DeliveryState::read ? "human" : "device"}};
    if (r->answer != codec::Answer::none) u["answer"] = std::string(codec::name(r->answer));
    out.uplink = u;
  } else if (auto* p = std::get_if<codec::Position>(&m)) {
    out.uplink = json{{"kind", "position"},
                      {"body", {{"id", team}, {"lat", p->point.lat}, {"lon", p->point.lon}, {"fix_at", format_rfc3339_ms(p->at_ms)}}}};
  } else if (auto* rep = std::get_if<codec::Report>(&m)) {
    out.uplink = json{{"kind", "report"}, {"precedence", "priority"},
                      {"body", {{"text", rep->text}, {"dead", rep->dead}, {"missing", rep->missing}, {"injured", rep->injured},
                                {"incident_id", rep->incident}}}};
  } else if (auto* t = std::get_if<codec::Text>(&m)) {
    out.uplink = json{{"kind", "text"}, {"precedence", std::string(codec::name(t->precedence))}, {"body", {{"text", t->text}}}};
  } else {
    out.error = "unexpected message kind from a terminal";
  }
  return out;
}

}  // namespace lifeline::gateway
