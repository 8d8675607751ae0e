#include "lifeline/bus/thin_encoding.hpp"

#include "lifeline/codec/link.hpp"
#include "lifeline/time_format.hpp"

namespace lifeline::bus {

using nlohmann::json;

namespace {
template <class E>
E enum_or(const json& v, E fallback) {
  if (!v.is_string()) return fallback;
  auto e = codec::parse<E>(v.get<std::string>());
  return e ? *e : fallback;
}
}  // namespace

ThinMessage to_thin_message(const json& envelope, const std::string& team, const codec::Dictionary& dict, int64_t now_ms) {
  ThinMessage out;
  const json body = envelope.value("body", json::object());
  auto precedence = enum_or(envelope.value("precedence", json("routine")), codec::Precedence::routine);
  int64_t sent_ms = parse_rfc3339(envelope.value("created", "")).value_or(now_ms);
  const bool has_incident = body.contains("incident_id") && body["incident_id"].is_string();
  if (envelope.value("kind", "") == "order" && !has_incident) {
    // A codec order names its incident (schema/codec.md §4.1); one without goes as text the team
    // can still act on and answer: task, place, note.
    codec::Text t;
    t.precedence = precedence;
    t.to = team;
    t.text = std::string(codec::name(enum_or(body.value("what", json()), codec::TaskType::patrol)));
    if (body.contains("place") && body["place"].is_object() && body["place"].value("name", "") != "")
      t.text += " @" + body["place"].value("name", "");
    if (body.value("note", "") != "") t.text += " " + body.value("note", "");
    t.sent_ms = sent_ms;
    out.message = t;
  } else if (envelope.value("kind", "") == "order") {
    codec::Order o;
    o.precedence = precedence;
    o.to = team;
    o.task = enum_or(body.value("what", json()), codec::TaskType::patrol);
    o.note = body.value("note", "");
    o.sent_ms = sent_ms;
    o.incident = body["incident_id"];
    if (!dict.find(codec::DictTable::incident, o.incident)) out.additions.push_back({codec::DictTable::incident, o.incident, {}, {}});
    if (body.contains("place") && body["place"].is_object()) {
      const auto& p = body["place"];
      o.place.name = p.value("name", "");
      if (p.contains("lat") && p.contains("lon") && p["lat"].is_number() && p["lon"].is_number())
        o.place.point = codec::GeoPoint{p["lat"].get<double>(), p["lon"].get<double>()};
    }
    if (body.contains("due_at") && body["due_at"].is_string())
      if (auto due = parse_rfc3339(body["due_at"].get<std::string>()); due && *due > sent_ms)
        o.due_minutes = static_cast<uint32_t>((*due - sent_ms) / 60000);
    out.message = o;
  } else {
    codec::Text t;
    t.precedence = precedence;
    t.to = team;
    t.text = body.contains("text") && body["text"].is_string() ? body["text"].get<std::string>() : body.dump();
    t.sent_ms = sent_ms;
    out.message = t;
  }
  return out;
}

std::optional<size_t> thin_link_bytes(const json& envelope, size_t mtu) {
  // A terminal's enrolment dictionary (built-in tables plus its own team) and a fixed key: sizes
  // depend on neither the key nor which team, as every terminal's team is its first entry.
  // Shared, never copied: the router sizes every message at every thin MTU, and a copy of the
  // built-in dictionary per call cost ~1 ms per message on the state thread.
  static const auto base = [] {
    codec::Dictionary d = codec::Dictionary::builtin();
    (void)d.add_team("T");
    return std::make_shared<const codec::Dictionary>(std::move(d));
  }();
  static const codec::DeviceKey key{};
  auto thin = to_thin_message(envelope, "T", *base, 0);
  size_t bytes = 0;
  codec::LinkSender sender(base, key);
  if (!thin.additions.empty()) {
    auto update = sender.send(codec::DictUpdate{base->version() + 1, thin.additions}, mtu);
    if (!update) return std::nullopt;
    for (const auto& f : update.value().frames) bytes += f.size();
    codec::Dictionary next = *base;
    if (!next.apply(codec::DictUpdate{base->version() + 1, thin.additions})) return std::nullopt;
    sender = codec::LinkSender(std::move(next), key, sender.next_seq());
  }
  auto sent = sender.send(thin.message, mtu);
  if (!sent) return std::nullopt;
  for (const auto& f : sent.value().frames) bytes += f.size();
  return bytes;
}

}  // namespace lifeline::bus
