// One journal entry from one event: the incident it belongs to, who did it by name, and what a
// sentence about it needs — names, numbers, titles and texts, never an id alone (schema/journal.md).
#include <cctype>

#include "lifeline/domain/subject_about.hpp"
#include "lifeline/journal/journal.hpp"
#include "lifeline/time_format.hpp"

namespace lifeline::journal {

namespace {

std::string text(const json& row, const char* field) {
  if (!row.is_object()) return {};
  auto it = row.find(field);
  return it != row.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }
bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Body fields that are ids, addresses or bookkeeping: the entry names what they point at instead.
bool internal_field(const std::string& key) {
  return key == "id" || ends_with(key, "_id") || key == "counter" || key == "counter_value" || key == "approved_by" ||
         key == "matched" || key == "recipients" || key == "envelope" || key == "owner" || key == "address" ||
         key == "created_ms" || key == "expires_ms" || key == "units" || key == "lat" || key == "lon";
}

// Times in event bodies are UTC ms; on the wire RFC 3339.
bool time_field(const std::string& key) {
  return key == "due_at" || key == "until" || key == "starts_at" || key == "ends_at" || key == "fix_at";
}

}  // namespace

json EntryWriter::name_of(const std::string& address) {
  if (auto it = names_.find(address); it != names_.end()) return it->second;
  json out = nullptr;
  auto& s = ctx_.store();
  auto both = [](const json& row) {
    auto zh = text(row, "name"), en = text(row, "name_en");
    return json{{"zh", zh}, {"en", en.empty() ? zh : en}};
  };
  if (starts_with(address, "user:")) {
    auto u = s.query_one("SELECT display_name FROM users WHERE id = ?", {address.substr(5)});
    if (!u.is_null()) out = {{"zh", u["display_name"]}, {"en", u["display_name"]}};
  } else if (starts_with(address, "team:")) {
    auto t = s.query_one("SELECT name, name_en FROM teams WHERE id = ?", {address.substr(5)});
    if (!t.is_null()) out = both(t);
  } else if (starts_with(address, "dept:") || starts_with(address, "unit:")) {
    auto u = s.query_one("SELECT name, name_en FROM units WHERE id = ?", {address.substr(5)});
    if (!u.is_null()) out = both(u);
  }
  names_[address] = out;
  return out;
}

json EntryWriter::incident_row(const std::string& id) {
  if (auto it = incidents_.find(id); it != incidents_.end()) return it->second;
  auto row = ctx_.store().query_one("SELECT number, title, type FROM incidents WHERE id = ?", {id});
  incidents_[id] = row;
  return row;
}

std::string EntryWriter::incident_of(const std::string& id, int depth) {
  if (id.empty() || depth > 4) return {};
  if (auto it = incident_of_.find(id); it != incident_of_.end()) return it->second;
  auto& s = ctx_.store();
  std::string out;
  if (!s.query_one("SELECT id FROM incidents WHERE id = ?", {id}).is_null()) {
    out = id;
  } else if (auto t = s.query_one("SELECT incident_id FROM tasks WHERE id = ?", {id}); !t.is_null()) {
    out = text(t, "incident_id");
  } else if (auto c = s.query_one("SELECT subject FROM consultations WHERE id = ?", {id}); !c.is_null()) {
    out = incident_of(text(c, "subject"), depth + 1);
  } else if (auto d = s.query_one("SELECT consultation_id FROM consultation_decisions WHERE id = ?", {id}); !d.is_null()) {
    out = incident_of(text(d, "consultation_id"), depth + 1);
  } else if (auto r = s.query_one("SELECT incident_id FROM release_orders WHERE id = ?", {id}); !r.is_null()) {
    out = text(r, "incident_id");
  } else if (auto dl = s.query_one("SELECT subject FROM deadlines WHERE id = ?", {id}); !dl.is_null()) {
    out = incident_of(text(dl, "subject"), depth + 1);
  } else if (auto m = s.query_one("SELECT correlation_id FROM messages WHERE id = ?", {id}); !m.is_null()) {
    out = incident_of(text(m, "correlation_id"), depth + 1);
  }
  incident_of_[id] = out;
  return out;
}

std::string EntryWriter::incident_of(const store::Event& e) {
  if (starts_with(e.kind, "warning.") || starts_with(e.kind, "shift.") || starts_with(e.kind, "duty.level_released"))
    return {};
  return incident_of(e.subject);
}

std::string EntryWriter::message_kind(const std::string& message_id) {
  if (auto it = message_kind_.find(message_id); it != message_kind_.end()) return it->second;
  auto m = ctx_.store().query_one("SELECT kind FROM messages WHERE id = ?", {message_id});
  return message_kind_[message_id] = text(m, "kind");
}

std::string EntryWriter::deadline_kind(const std::string& deadline_id) {
  if (auto it = deadline_kind_.find(deadline_id); it != deadline_kind_.end()) return it->second;
  auto d = ctx_.store().query_one("SELECT kind FROM deadlines WHERE id = ?", {deadline_id});
  return deadline_kind_[deadline_id] = text(d, "kind");
}

json EntryWriter::related_ids(const std::string& incident_id) {
  auto& s = ctx_.store();
  json ids = json::array({incident_id});
  auto add = [&](const json& rows) {
    for (const auto& r : rows) ids.push_back(r["id"]);
  };
  add(s.query("SELECT id FROM tasks WHERE incident_id = ?", {incident_id}));
  add(s.query("SELECT id FROM consultations WHERE subject = ?", {incident_id}));
  add(s.query("SELECT id FROM release_orders WHERE incident_id = ?", {incident_id}));
  json owners = ids;  // what deadlines and messages may be about
  add(s.query("SELECT d.id FROM consultation_decisions d JOIN consultations c ON c.id = d.consultation_id WHERE c.subject = ?",
              {incident_id}));
  owners = ids;
  add(s.query("SELECT id FROM deadlines WHERE subject IN (SELECT value FROM json_each(?))", {owners.dump()}));
  add(s.query("SELECT id FROM messages WHERE correlation_id IN (SELECT value FROM json_each(?))", {ids.dump()}));
  return ids;
}

json EntryWriter::summary(const store::Event& e, const std::string& incident_id) {
  auto& s = ctx_.store();
  json out = json::object();
  // The event's own words: scalars and small objects that are not ids (the casualties, the
  // changes of an update and what they were before).
  if (e.body.is_object())
    for (const auto& [k, v] : e.body.items()) {
      if (internal_field(k)) continue;
      if (time_field(k) && v.is_number_integer()) out[k] = format_rfc3339_ms(v.get<int64_t>());
      else if (v.is_primitive() && !v.is_null()) out[k] = v;
      else if (v.is_object() && (k == "casualties" || k == "changes" || k == "before")) out[k] = v;
      else if (k == "place" && v.is_object()) out["place"] = text(v, "name");
    }
  if (!incident_id.empty()) {
    auto inc = incident_row(incident_id);
    if (!inc.is_null()) {
      out["incident_number"] = inc["number"];
      out["incident_title"] = inc["title"];
      out["incident_type"] = inc["type"];
    }
  }
  auto about = domain::subject_about(ctx_, e.subject);
  const auto& k = e.kind;
  if (starts_with(k, "incident.")) {
    if (k == "incident.created") {
      auto u = s.query_one("SELECT name, name_en FROM units WHERE id = ?", {e.body.value("unit_id", "")});
      if (!u.is_null()) out["unit_name"] = u["name"], out["unit_name_en"] = u["name_en"];
    }
    if (k == "incident.level_set") {
      auto by = e.body.value("approved_by", std::string());
      out["by_rule"] = starts_with(by, "rule:");
      if (!out.contains("approved_by_name")) {
        auto n = name_of(by);
        out["approved_by_name"] = n.is_null() ? json(nullptr) : n["zh"];
      }
    }
  } else if (starts_with(k, "warning.")) {
    auto w = s.query_one("SELECT headline_zh, headline_en, colour, type, department FROM warnings WHERE id = ?", {e.subject});
    if (!w.is_null()) {
      out["headline_zh"] = w["headline_zh"], out["headline_en"] = w["headline_en"];
      out["colour"] = w["colour"], out["warning_type"] = w["type"];
      auto d = name_of("dept:" + text(w, "department"));
      if (!d.is_null()) out["department_name"] = d["zh"], out["department_name_en"] = d["en"];
    }
    if (k == "warning.level_approved") {
      auto by = e.body.value("approved_by", std::string());
      out["by_rule"] = starts_with(by, "rule:");
      auto n = name_of(by);
      out["approved_by_name"] = n.is_null() ? json(nullptr) : n["zh"];
    }
  } else if (starts_with(k, "task.")) {
    auto t = s.query_one("SELECT team_id, what, note, place_name FROM tasks WHERE id = ?", {e.subject});
    if (!t.is_null()) {
      out["what"] = t["what"], out["note"] = t["note"], out["place"] = t["place_name"];
      auto n = name_of("team:" + text(t, "team_id"));
      if (!n.is_null()) out["team_name"] = n["zh"], out["team_name_en"] = n["en"];
    }
  } else if (starts_with(k, "release.")) {
    auto r = s.query_one("SELECT o.destination, o.lines, d.name, d.name_en FROM release_orders o JOIN depots d ON d.id = "
                         "o.depot_id WHERE o.id = ?",
                         {e.subject});
    if (!r.is_null()) {
      out["destination"] = r["destination"];
      out["depot_name"] = r["name"], out["depot_name_en"] = text(r, "name_en").empty() ? r["name"] : r["name_en"];
      json lines = json::array();
      for (const auto& l : json::parse(text(r, "lines"), nullptr, false)) {
        if (!l.is_object()) continue;
        auto item = s.query_one("SELECT name, name_en, unit FROM items WHERE id = ?", {l.value("item", "")});
        lines.push_back({{"item_name", item.is_null() ? l.value("item", "") : text(item, "name")},
                         {"item_name_en", item.is_null() ? l.value("item", "") : text(item, "name_en")},
                         {"unit", text(item, "unit")},
                         {"qty", l.value("qty", json(0))}});
      }
      out["lines"] = lines;
    }
  } else if (starts_with(k, "bus.")) {
    auto m = s.query_one("SELECT sender, to_addr, kind, precedence, correlation_id, envelope FROM messages WHERE id = ?",
                         {e.subject});
    if (!m.is_null()) {
      out["message_kind"] = m["kind"];
      static const char* precedences[] = {"flash", "immediate", "priority", "routine"};
      auto p = m["precedence"].is_number_integer() ? m["precedence"].get<int>() : 3;
      out["precedence"] = precedences[p >= 0 && p < 4 ? p : 3];
      auto from = name_of(text(m, "sender"));
      out["from_name"] = from.is_null() ? json(nullptr) : from["zh"];
      out["from_address_kind"] = text(m, "sender").substr(0, text(m, "sender").find(':'));
      json to = json::array();
      for (const auto& a : json::parse(text(m, "to_addr"), nullptr, false)) {
        if (!a.is_string()) continue;
        auto n = name_of(a.get<std::string>());
        // A role, group or 'all' address names no one: the console words it from kind and name.
        auto addr = a.get<std::string>();
        auto colon = addr.find(':');
        to.push_back({{"kind", addr.substr(0, colon)},
                      {"name", n.is_null() ? json(colon == std::string::npos ? addr : addr.substr(colon + 1)) : n["zh"]},
                      {"name_en", n.is_null() ? json(colon == std::string::npos ? addr : addr.substr(colon + 1)) : n["en"]}});
      }
      out["to"] = to;
      auto env = json::parse(text(m, "envelope"), nullptr, false);
      const json body = env.is_object() && env.contains("body") && env["body"].is_object() ? env["body"] : json::object();
      auto zh = text(body, "text");
      if (zh.empty()) zh = text(body, "message_zh");
      if (zh.empty()) zh = text(body, "title_zh");
      if (zh.empty()) zh = text(body, "title");
      auto en = text(body, "message_en");
      if (en.empty()) en = text(body, "title_en");
      out["text_zh"] = zh;
      out["text_en"] = en.empty() ? zh : en;
      auto corr = text(m, "correlation_id");
      if (auto t = s.query_one("SELECT team_id, what FROM tasks WHERE id = ?", {corr}); !t.is_null()) {
        out["what"] = t["what"];
        auto n = name_of("team:" + text(t, "team_id"));
        if (!n.is_null()) out["team_name"] = n["zh"], out["team_name_en"] = n["en"];
      }
      about = domain::subject_about(ctx_, corr);
    }
    if (k == "bus.delivery_changed") {
      auto n = name_of(e.body.value("recipient", ""));
      out["recipient_name"] = n.is_null() ? json(nullptr) : n["zh"];
      out["recipient_name_en"] = n.is_null() ? json(nullptr) : n["en"];
      out["state"] = e.body.value("to", "");
    }
  } else if (starts_with(k, "consultation.")) {
    auto c = s.query_one("SELECT title FROM consultations WHERE id = ?", {e.subject});
    if (!c.is_null()) out["consultation_title"] = c["title"];
    if (k == "consultation.joined") {
      auto d = name_of("dept:" + e.body.value("department_id", ""));
      if (!d.is_null()) out["department_name"] = d["zh"], out["department_name_en"] = d["en"];
    }
    if (k == "consultation.decided") {
      auto o = name_of(e.body.value("owner", ""));
      out["owner_name"] = o.is_null() ? json(nullptr) : o["zh"];
    }
    if (k == "consultation.decision_updated") {
      auto d = s.query_one("SELECT text FROM consultation_decisions WHERE id = ?", {e.body.value("decision_id", "")});
      if (!d.is_null()) out["decision_text"] = d["text"];
    }
  } else if (starts_with(k, "deadline.")) {
    auto d = s.query_one("SELECT title_zh, title_en, due_at, subject FROM deadlines WHERE id = ?", {e.subject});
    if (!d.is_null()) {
      out["title_zh"] = d["title_zh"], out["title_en"] = d["title_en"];
      out["due_at"] = format_rfc3339_ms(d["due_at"].get<int64_t>());
      about = domain::subject_about(ctx_, text(d, "subject"));
    }
  } else if (starts_with(k, "shift.")) {
    auto sh = s.query_one("SELECT officer_id, leader_id FROM shifts WHERE id = ?", {e.subject});
    if (!sh.is_null()) {
      auto o = name_of("user:" + text(sh, "officer_id")), l = name_of("user:" + text(sh, "leader_id"));
      out["officer_name"] = o.is_null() ? json(nullptr) : o["zh"];
      out["leader_name"] = l.is_null() ? json(nullptr) : l["zh"];
    }
  }
  if (!about.zh.empty()) out["about_zh"] = about.zh, out["about_en"] = about.en;
  return out;
}

json EntryWriter::entry(const store::Event& e, const std::string& group) {
  auto incident_id = incident_of(e);
  auto who = name_of(e.actor);
  json out = {{"seq", e.seq},
              {"at", format_rfc3339_ms(e.at)},
              {"kind", e.kind},
              {"group", group},
              {"subject", e.subject},
              {"actor", e.actor},
              {"actor_name", who.is_null() ? json(nullptr) : who["zh"]},
              {"summary", summary(e, incident_id)}};
  if (!incident_id.empty()) out["incident_id"] = incident_id;
  return out;
}

std::string EntryWriter::haystack(const json& entry) {
  std::string out;
  auto walk = [&out](const json& v, const auto& self) -> void {
    if (v.is_string()) out += v.get<std::string>() + "\n";
    else if (v.is_number()) out += v.dump() + "\n";
    else if (v.is_structured())
      for (const auto& x : v) self(x, self);
  };
  walk(entry["summary"], walk);
  walk(entry["actor_name"], walk);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace lifeline::journal
