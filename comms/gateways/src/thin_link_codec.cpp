#include "lifeline/gateway/thin_link_codec.hpp"

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

namespace {
template <class E>
E enum_or(const json& v, E fallback) {
  if (!v.is_string()) return fallback;
  auto e = codec::parse<E>(v.get<std::string>());
  return e ? *e : fallback;
}
}  // namespace

ThinLinkCodec::Encoded ThinLinkCodec::encode(const std::string& address, const std::string& ref, const json& envelope,
                                             size_t mtu) {
  Encoded out;
  if (!known(address)) {
    out.error = "terminal " + address + " not enrolled on this gateway";
    return out;
  }
  auto& l = link(address);
  const auto& team = keys_.by_address.at(address).first;
  const json body = envelope.value("body", json::object());
  auto precedence = enum_or(envelope.value("precedence", json("routine")), codec::Precedence::routine);
  int64_t sent_ms = parse_rfc3339(envelope.value("created", "")).value_or(clock_.now_ms());
  codec::Message message;
  std::vector<codec::DictEntry> additions;
  if (envelope.value("kind", "") == "order") {
    codec::Order o;
    o.precedence = precedence;
    o.to = team;
    o.task = enum_or(body.value("what", json()), codec::TaskType::patrol);
    o.note = body.value("note", "");
    o.sent_ms = sent_ms;
    if (body.contains("incident_id")) {
      o.incident = body["incident_id"];
      if (!l.sender->dictionary().find(codec::DictTable::incident, o.incident))
        additions.push_back({codec::DictTable::incident, o.incident, {}, {}});
    }
    if (body.contains("place")) {
      const auto& p = body["place"];
      o.place.name = p.value("name", "");
      if (p.contains("lat")) o.place.point = codec::GeoPoint{p["lat"].get<double>(), p["lon"].get<double>()};
    }
    if (body.contains("due_at"))
      if (auto due = parse_rfc3339(body["due_at"].get<std::string>()); due && *due > sent_ms)
        o.due_minutes = static_cast<uint32_t>((*due - sent_ms) / 60000);
    message = o;
  } else {
    codec::Text t;
    t.precedence = precedence;
    t.to = team;
    t.text = body.value("text", body.dump());
    t.sent_ms = sent_ms;
    message = t;
  }
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
