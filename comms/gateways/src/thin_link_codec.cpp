#include "lifeline/gateway/thin_link_codec.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "lifeline/bus/thin_encoding.hpp"
#include "lifeline/codec/codec.hpp"
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

ThinLinkCodec::ThinLinkCodec(const Clock& clock, TerminalKeys keys) : clock_(clock), keys_(std::move(keys)) {
  saved_ = json::object();
  if (keys_.state_file.empty()) return;
  std::ifstream in(keys_.state_file);
  if (!in) return;  // first start
  // A damaged file is an error, not a fresh start: starting from zero would re-open the replay hole.
  auto j = json::parse(in, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("links") || !j["links"].is_object())
    throw std::runtime_error("--state-file " + keys_.state_file + ": not a link state file (move it away only if the terminals were re-enrolled)");
  saved_ = j["links"];
}

namespace {
// Sequence numbers are 16-bit serial numbers: how far `seq` is behind `next`.
int behind(uint16_t next, uint16_t seq) { return static_cast<uint16_t>(next - seq); }
}  // namespace

void ThinLinkCodec::save() const {
  if (keys_.state_file.empty()) return;
  json links = saved_;
  for (const auto& [address, l] : links_) {
    json refs = json::object(), receipted = json::object();
    for (const auto& [seq, ref] : l.refs) refs[std::to_string(seq)] = ref;
    for (const auto& [seq, level] : l.receipted) receipted[std::to_string(seq)] = level;
    json link = {{"send_seq", l.sender->next_seq()}, {"refs", refs}, {"receipted", receipted}};
    const auto& w = l.receiver->replay_window();
    if (!w.empty()) link["recv"] = {{"highest", w.highest()}, {"seen", w.seen()}};
    links[address] = link;
  }
  // Written whole and renamed, synced before the frame it records is acted on, owner-only.
  auto text = json{{"links", links}}.dump() + "\n";
  auto tmp = keys_.state_file + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error("--state-file " + tmp + ": cannot write it");
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok || std::rename(tmp.c_str(), keys_.state_file.c_str()) != 0)
    throw std::runtime_error("--state-file " + keys_.state_file + ": cannot write it");
}

ThinLinkCodec::Link& ThinLinkCodec::link(const std::string& address) {
  auto it = links_.find(address);
  if (it != links_.end()) return it->second;
  const auto& [team, key] = keys_.by_address.at(address);
  // The enrolment dictionary: the built-in places, items and phrases plus the terminal's own team.
  codec::Dictionary dict = codec::Dictionary::builtin();
  (void)dict.add_team(team);
  Link l;
  uint16_t next_seq = 0;
  std::optional<codec::ReplayWindow> window;
  if (auto s = saved_.find(address); s != saved_.end()) {
    // Carry on where the last run stopped (values checked: the file is ours, but a bad one must not crash us).
    const json& j = *s;
    auto u16 = [&](const json& v) { return v.is_number_unsigned() && v.get<uint64_t>() <= 0xffff; };
    if (j.contains("send_seq") && u16(j["send_seq"])) next_seq = j["send_seq"].get<uint16_t>();
    if (j.contains("recv") && j["recv"].is_object() && u16(j["recv"].value("highest", json())) &&
        j["recv"].value("seen", json()).is_number_unsigned())
      window = codec::ReplayWindow::restored(j["recv"]["highest"].get<uint16_t>(), j["recv"]["seen"].get<uint64_t>());
    for (const char* table : {"refs", "receipted"}) {
      if (!j.contains(table) || !j[table].is_object()) continue;
      for (const auto& [k, v] : j[table].items()) {
        char* end = nullptr;
        unsigned long seq = std::strtoul(k.c_str(), &end, 10);
        if (*end || seq > 0xffff) continue;
        if (std::string(table) == "refs" && v.is_string()) l.refs[static_cast<uint16_t>(seq)] = v.get<std::string>();
        if (std::string(table) == "receipted" && v.is_number_integer()) l.receipted[static_cast<uint16_t>(seq)] = v.get<int>();
      }
    }
    saved_.erase(address);
  }
  l.sender = std::make_unique<codec::LinkSender>(dict, key, next_seq);
  l.receiver = std::make_unique<codec::LinkReceiver>(dict, key, clock_);
  if (window) l.receiver->restore_window(*window);
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
    // An incident known only by its id: the dictionary travels in-band first (schema/codec.md §3).
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
    l.receiver->restore_window(l.previous->replay_window());  // what was accepted stays refused
  }
  auto sent = l.sender->send(message, mtu);
  if (!sent) {
    out.error = sent.error().code + (sent.error().detail.empty() ? "" : ": " + sent.error().detail);
    out.frames.clear();
    return out;
  }
  l.refs[sent.value().seq] = ref;
  // Only the latest sequence numbers may be receipted; older refs go.
  const uint16_t next = l.sender->next_seq();
  for (auto it = l.refs.begin(); it != l.refs.end();)
    it = behind(next, it->first) > kReceiptWindow ? l.refs.erase(it) : std::next(it);
  for (auto it = l.receipted.begin(); it != l.receipted.end();)
    it = l.refs.count(it->first) ? std::next(it) : l.receipted.erase(it);
  for (auto& f : sent.value().frames) out.frames.push_back(std::move(f));
  save();
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
  if (!got.value()) {
    save();  // the fragment's number is in the window now
    return out;  // more to come
  }
  const auto& m = got.value()->message;
  const auto& team = keys_.by_address.at(address).first;
  if (auto* r = std::get_if<codec::Receipt>(&m)) {
    auto ref = l.refs.find(r->ref_seq);
    if (ref == l.refs.end() || behind(l.sender->next_seq(), r->ref_seq) > kReceiptWindow ||
        behind(l.sender->next_seq(), r->ref_seq) == 0) {
      out.error = "receipt for unknown sequence " + std::to_string(r->ref_seq);
      return out;
    }
    // Receipts carry no number of their own: each level is taken once per message, so a copy
    // replayed later (or after a restart) changes nothing.
    int level = r->state == codec::DeliveryState::read ? 2 : 1;
    if (l.receipted[r->ref_seq] >= level) {
      out.error = "duplicate receipt for sequence " + std::to_string(r->ref_seq);
      return out;
    }
    l.receipted[r->ref_seq] = level;
    std::string id = ref->second.substr(0, ref->second.find('/'));
    json u = {{"kind", "receipt"}, {"id", id},
              {"level", r->state == codec::DeliveryState::read ? "human" : "device"}};
    if (r->answer != codec::Answer::none) u["answer"] = std::string(codec::name(r->answer));
    out.uplink = u;
  } else if (auto* p = std::get_if<codec::Position>(&m)) {
    out.uplink = json{{"kind", "position"},
                      {"body", {{"id", team}, {"lat", p->point.lat}, {"lon", p->point.lon}, {"fix_at", format_rfc3339_ms(p->at_ms)}}}};
  } else if (auto* rep = std::get_if<codec::Report>(&m)) {
    // An incident named by its number goes up as such; the command finds the incident by it.
    out.uplink = json{{"kind", "report"}, {"precedence", "priority"},
                      {"body", {{"text", rep->text}, {"dead", rep->dead}, {"missing", rep->missing}, {"injured", rep->injured},
                                {codec::is_incident_number(rep->incident) ? "incident_number" : "incident_id", rep->incident}}}};
  } else if (auto* t = std::get_if<codec::Text>(&m)) {
    out.uplink = json{{"kind", "text"}, {"precedence", std::string(codec::name(t->precedence))}, {"body", {{"text", t->text}}}};
  } else {
    out.error = "unexpected message kind from a terminal";
  }
  save();  // the frame's number (and a receipt's level) is taken: persisted before it is acted on
  return out;
}

}  // namespace lifeline::gateway
