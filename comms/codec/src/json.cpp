// JSON mapping of the codec messages (corpus field names; epoch seconds; snake_case enums).
#include "lifeline/codec/json.hpp"

namespace lifeline::codec {
namespace {

using nlohmann::json;

int64_t to_s(int64_t ms) { return ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000); }

json place_json(const Place& p) {
  json j;
  if (!p.ref.empty()) j["ref"] = p.ref;
  j["name"] = p.name;
  if (p.point && p.ref.empty()) j["lat"] = p.point->lat, j["lon"] = p.point->lon;
  return j;
}

struct Missing {
  std::string field;
};

const json& field(const json& j, const char* name) {
  if (!j.contains(name)) throw Missing{name};
  return j.at(name);
}

template <class E>
E enum_field(const json& j, const char* name) {
  auto e = parse<E>(field(j, name).get<std::string>());
  if (!e) throw std::invalid_argument(name);
  return *e;
}

Message order_from(const json& j) {
  Order o;
  o.precedence = enum_field<Precedence>(j, "precedence");
  o.to = field(j, "to").get<std::string>();
  o.incident = field(j, "incident").get<std::string>();
  o.task = enum_field<TaskType>(j, "task");
  const json& p = field(j, "place");
  o.place.ref = p.value("ref", std::string());
  o.place.name = p.value("name", std::string());
  if (p.contains("lat") || p.contains("lon")) o.place.point = GeoPoint{field(p, "lat").get<double>(), field(p, "lon").get<double>()};
  o.due_minutes = field(j, "due_minutes").get<uint32_t>();
  for (const auto& r : j.value("resources", json::array())) o.resources.push_back({field(r, "item").get<std::string>(), field(r, "qty").get<uint32_t>()});
  o.note = j.value("note", std::string());
  o.sent_ms = field(j, "sent").get<int64_t>() * 1000;
  return o;
}

Message position_from(const json& j) {
  Position p;
  p.point = {field(j, "lat").get<double>(), field(j, "lon").get<double>()};
  p.at_ms = field(j, "at").get<int64_t>() * 1000;
  p.readiness = enum_field<Readiness>(j, "readiness");
  if (j.contains("task_status") && !j["task_status"].is_null()) p.task_status = enum_field<TaskStatus>(j, "task_status");
  p.battery = field(j, "battery").get<int>();
  return p;
}

Message receipt_from(const json& j) {
  Receipt r;
  r.ref_seq = field(j, "seq").get<uint16_t>();
  r.state = enum_field<DeliveryState>(j, "state");
  if (j.contains("answer") && !j["answer"].is_null()) r.answer = enum_field<Answer>(j, "answer");
  if (j.contains("reason") && !j["reason"].is_null()) r.reason = enum_field<RejectReason>(j, "reason");
  return r;
}

Message report_from(const json& j) {
  Report r;
  r.incident = field(j, "incident").get<std::string>();
  r.dead = j.value("dead", 0u);
  r.missing = j.value("missing", 0u);
  r.injured = j.value("injured", 0u);
  r.text = j.value("text", std::string());
  r.at_ms = field(j, "at").get<int64_t>() * 1000;
  return r;
}

Message text_from(const json& j) {
  Text t;
  t.precedence = j.contains("precedence") ? enum_field<Precedence>(j, "precedence") : Precedence::routine;
  t.to = j.value("to", std::string());
  t.text = field(j, "text").get<std::string>();
  t.sent_ms = field(j, "sent").get<int64_t>() * 1000;
  return t;
}

Message dict_update_from(const json& j) {
  DictUpdate u;
  u.new_version = field(j, "version").get<uint32_t>();
  for (const auto& e : field(j, "entries")) {
    DictEntry d;
    d.table = enum_field<DictTable>(e, "table");
    d.key = field(e, "key").get<std::string>();
    d.name = e.value("name", std::string());
    if (e.contains("lat")) d.point = GeoPoint{field(e, "lat").get<double>(), field(e, "lon").get<double>()};
    u.entries.push_back(std::move(d));
  }
  return u;
}

}  // namespace

json to_json(const Message& message, const std::string& sender_team) {
  json j{{"kind", name(kind_of(message))}};
  if (const auto* o = std::get_if<Order>(&message)) {
    j["precedence"] = name(o->precedence), j["to"] = o->to, j["incident"] = o->incident, j["task"] = name(o->task);
    j["place"] = place_json(o->place), j["due_minutes"] = o->due_minutes;
    j["resources"] = json::array();
    for (const auto& r : o->resources) j["resources"].push_back({{"item", r.item}, {"qty", r.qty}});
    j["note"] = o->note, j["sent"] = to_s(o->sent_ms);
  } else if (const auto* p = std::get_if<Position>(&message)) {
    if (!sender_team.empty()) j["team"] = sender_team;
    j["lat"] = p->point.lat, j["lon"] = p->point.lon, j["at"] = to_s(p->at_ms), j["readiness"] = name(p->readiness);
    j["task_status"] = p->task_status ? json(name(*p->task_status)) : json(nullptr);
    j["battery"] = p->battery;
  } else if (const auto* r = std::get_if<Receipt>(&message)) {
    j["seq"] = r->ref_seq, j["state"] = name(r->state);
    j["answer"] = r->answer == Answer::none ? json(nullptr) : json(name(r->answer));
    if (r->answer == Answer::reject) j["reason"] = name(r->reason);
  } else if (const auto* rp = std::get_if<Report>(&message)) {
    if (!sender_team.empty()) j["team"] = sender_team;
    j["incident"] = rp->incident, j["dead"] = rp->dead, j["missing"] = rp->missing, j["injured"] = rp->injured;
    j["text"] = rp->text, j["at"] = to_s(rp->at_ms);
  } else if (const auto* t = std::get_if<Text>(&message)) {
    j["precedence"] = name(t->precedence), j["text"] = t->text, j["sent"] = to_s(t->sent_ms);
    if (!t->to.empty()) j["to"] = t->to;
  } else if (const auto* u = std::get_if<DictUpdate>(&message)) {
    j["version"] = u->new_version;
    j["entries"] = json::array();
    for (const auto& e : u->entries) {
      json x{{"table", name(e.table)}, {"key", e.key}};
      if (e.table == DictTable::place) {
        x["name"] = e.name;
        if (e.point) x["lat"] = e.point->lat, x["lon"] = e.point->lon;
      }
      j["entries"].push_back(std::move(x));
    }
  }
  return j;
}

Result<Message> message_from_json(const json& j) {
  if (!j.is_object() || !j.contains("kind") || !j["kind"].is_string()) return make_error("missing_field", "kind");
  const auto kind = j["kind"].get<std::string>();
  try {
    if (kind == "order") return order_from(j);
    if (kind == "position") return position_from(j);
    if (kind == "receipt") return receipt_from(j);
    if (kind == "report") return report_from(j);
    if (kind == "text") return text_from(j);
    if (kind == "dict_update") return dict_update_from(j);
  } catch (const Missing& m) {
    return make_error("missing_field", m.field);
  } catch (const std::exception& e) {
    return make_error("bad_field", e.what());
  }
  return make_error("bad_field", "kind: " + kind);
}

}  // namespace lifeline::codec
