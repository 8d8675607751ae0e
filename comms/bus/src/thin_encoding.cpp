#include "lifeline/bus/thin_encoding.hpp"

#include "lifeline/codec/codec.hpp"
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

// The dictionary place named `name` (the gazetteer's villages and townships), "" when none is.
std::string place_ref_named(const codec::Dictionary& dict, const std::string& name) {
  if (name.empty()) return "";
  for (uint32_t i = 0;; ++i) {
    const auto* p = dict.place(i);
    if (!p) return "";
    if (p->name == name) return p->id;
  }
}

// An order the team can act on and answer, as text: "task @place note".
codec::Text order_as_text(const json& body, codec::Precedence precedence, const std::string& team, int64_t sent_ms) {
  codec::Text t;
  t.precedence = precedence;
  t.to = team;
  t.text = std::string(codec::name(enum_or(body.value("what", json()), codec::TaskType::patrol)));
  if (body.contains("place") && body["place"].is_object() && body["place"].value("name", "") != "")
    t.text += " @" + body["place"].value("name", "");
  if (body.value("note", "") != "") t.text += " " + body.value("note", "");
  t.sent_ms = sent_ms;
  return t;
}
// What a person on a radio or a satellite handset reads of a message that is not an order: its
// text, or a notice's sentence (the rules' and the desk's notices carry message_zh/message_en; the
// field reads Chinese), never the JSON with its ids.
std::string thin_text(const json& body) {
  for (const char* field : {"text", "message_zh", "message_en"})
    if (body.contains(field) && body[field].is_string() && !body[field].get<std::string>().empty()) return body[field].get<std::string>();
  return body.dump();
}

}  // namespace

ThinMessage to_thin_message(const json& envelope, const std::string& team, const codec::Dictionary& dict, int64_t now_ms) {
  ThinMessage out;
  const json body = envelope.value("body", json::object());
  auto precedence = enum_or(envelope.value("precedence", json("routine")), codec::Precedence::routine);
  int64_t sent_ms = parse_rfc3339(envelope.value("created", "")).value_or(now_ms);
  const json number = body.value("incident_number", json());
  const bool has_number = number.is_string() && codec::is_incident_number(number.get<std::string>());
  const bool has_incident = has_number || (body.contains("incident_id") && body["incident_id"].is_string());
  // A codec order's place is a dictionary place or a point (schema/codec.md §4.1): a place given
  // by name only is found in the gazetteer by its name.
  std::string place_ref;
  bool has_point = false;
  if (body.contains("place") && body["place"].is_object()) {
    const auto& p = body["place"];
    has_point = p.contains("lat") && p.contains("lon") && p["lat"].is_number() && p["lon"].is_number();
    if (!has_point && p.contains("name") && p["name"].is_string()) place_ref = place_ref_named(dict, p["name"].get<std::string>());
  }
  if (envelope.value("kind", "") == "order" && (!has_incident || (!has_point && place_ref.empty()))) {
    // A codec order names its incident and its place; one without goes as text the team can
    // still act on and answer: task, place, note. Nothing that fits as text is refused for want
    // of coordinates.
    out.message = order_as_text(body, precedence, team, sent_ms);
  } else if (envelope.value("kind", "") == "order") {
    codec::Order o;
    o.precedence = precedence;
    o.to = team;
    o.task = enum_or(body.value("what", json()), codec::TaskType::patrol);
    o.note = body.value("note", "");
    o.sent_ms = sent_ms;
    // The incident travels as its number when the order carries it (no dictionary update: the
    // first order of a new incident is one frame); otherwise its id enters the dictionary first.
    if (has_number) {
      o.incident = number.get<std::string>();
    } else {
      o.incident = body["incident_id"];
      if (!dict.find(codec::DictTable::incident, o.incident)) out.additions.push_back({codec::DictTable::incident, o.incident, {}, {}});
    }
    if (has_point) {
      const auto& p = body["place"];
      o.place.name = p.value("name", "");
      o.place.point = codec::GeoPoint{p["lat"].get<double>(), p["lon"].get<double>()};
    } else {
      o.place.ref = place_ref;
    }
    if (body.contains("due_at") && body["due_at"].is_string())
      if (auto due = parse_rfc3339(body["due_at"].get<std::string>()); due && *due > sent_ms)
        o.due_minutes = static_cast<uint32_t>((*due - sent_ms) / 60000);
    out.message = o;
  } else {
    codec::Text t;
    t.precedence = precedence;
    t.to = team;
    t.text = thin_text(body);
    t.sent_ms = sent_ms;
    out.message = t;
  }
  return out;
}

ThinFrames thin_link_frames(const json& envelope, size_t mtu, const std::string& team, std::shared_ptr<const codec::Dictionary> dict,
                            const codec::DeviceKey& key) {
  ThinFrames out;
  auto thin = to_thin_message(envelope, team, *dict, 0);
  codec::LinkSender sender(dict, key);
  if (!thin.additions.empty()) {
    codec::DictUpdate update{dict->version() + 1, thin.additions};
    auto sent = sender.send(update, mtu);
    if (!sent) {
      out.error = "dictionary update: " + sent.error().code + (sent.error().detail.empty() ? "" : " (" + sent.error().detail + ")");
      return out;
    }
    out.frames = std::move(sent.value().frames);
    out.update_frames = out.frames.size();
    codec::Dictionary next = *dict;
    if (!next.apply(update)) {
      out.error = "dictionary update does not apply";
      return out;
    }
    sender = codec::LinkSender(std::move(next), key, sender.next_seq());
  }
  auto sent = sender.send(thin.message, mtu);
  if (!sent) {
    out.error = sent.error().code + (sent.error().detail.empty() ? "" : " (" + sent.error().detail + ")");
    out.frames.clear();
    return out;
  }
  for (auto& f : sent.value().frames) out.frames.push_back(std::move(f));
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
  auto thin = thin_link_frames(envelope, mtu, "T", base, key);
  if (!thin.error.empty()) return std::nullopt;
  size_t bytes = 0;
  for (const auto& f : thin.frames) bytes += f.size();
  return bytes;
}

}  // namespace lifeline::bus
