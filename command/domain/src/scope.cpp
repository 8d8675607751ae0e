#include "lifeline/domain/scope.hpp"

namespace lifeline::domain {

namespace {

// The root of the unit tree (`lifeline-command init` and the demo create it): the centre.
constexpr const char* kRoot = "city";

std::string text(const json& row, const char* field) {
  auto it = row.find(field);
  return it != row.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

// Which table holds each kind of object (schema/scope.json "kinds").
const std::map<std::string, const char*>& tables() {
  static const std::map<std::string, const char*> t = {
      {"unit", "units"},          {"incident", "incidents"},        {"team", "teams"},
      {"task", "tasks"},          {"user", "users"},                {"consultation", "consultations"},
      {"decision", "consultation_decisions"}, {"hazard", "hazards"}, {"depot", "depots"},
      {"release", "release_orders"}, {"warning", "warnings"},       {"proposal", "level_proposals"},
      {"deadline", "deadlines"},  {"message", "messages"},          {"report", "reports"},
      {"shift", "shifts"},        {"device", "devices"},            {"enterprise", "enterprises"},
      {"monitor_point", "monitor_points"}};
  return t;
}

}  // namespace

void Scope::add_unit_chain(std::set<std::string>& out, const std::string& unit_id) {
  // Units are a shallow tree (city > county > township > team): a handful of lookups, memoised.
  std::string cur = unit_id;
  for (int depth = 0; depth < 16 && !cur.empty(); ++depth) {
    out.insert(cur);
    auto it = parent_.find(cur);
    if (it == parent_.end()) {
      std::optional<std::string> parent;
      auto row = store_.query_one("SELECT parent_id FROM units WHERE id = ?", {cur});
      if (!row.is_null() && row["parent_id"].is_string()) {
        parent = row["parent_id"].get<std::string>();
      } else if (row.is_null()) {
        // A team's members belong to the team, which hangs under the unit that keeps it.
        auto team = store_.query_one("SELECT unit_id FROM teams WHERE id = ?", {cur});
        if (!team.is_null() && team["unit_id"].is_string()) parent = team["unit_id"].get<std::string>();
        // A unit this realm does not know (a drill's own database holds only what the drill made):
        // the centre still owns it.
        else if (cur != kRoot) parent = std::string(kRoot);
      }
      it = parent_.emplace(cur, parent).first;
    }
    if (!it->second) return;
    cur = *it->second;
  }
}

void Scope::add_address(std::set<std::string>& out, const std::string& address) {
  auto known = address_owners_.find(address);
  if (known == address_owners_.end()) {
    std::set<std::string> ids;
    if (starts_with(address, "user:")) {
      auto u = store_.query_one("SELECT unit_id FROM users WHERE id = ?", {address.substr(5)});
      ids.insert(address);
      add_unit_chain(ids, u.is_null() ? std::string(kRoot) : text(u, "unit_id"));
    } else if (starts_with(address, "team:")) {
      auto t = store_.query_one("SELECT unit_id FROM teams WHERE id = ?", {address.substr(5)});
      ids.insert(address.substr(5));
      if (!t.is_null()) add_unit_chain(ids, text(t, "unit_id"));
    } else if (starts_with(address, "dept:")) {
      add_unit_chain(ids, address.substr(5));
    } else {
      ids.insert(kRoot);  // role:, group:, all: addressed by the centre, seen by the centre
    }
    known = address_owners_.emplace(address, std::move(ids)).first;
  }
  out.insert(known->second.begin(), known->second.end());
}

std::set<std::string> Scope::owners_of_row(const std::string& kind, const json& row, Access access) {
  std::set<std::string> out;
  const bool read = access == Access::read;
  if (kind == "unit") {
    add_unit_chain(out, text(row, "id"));
  } else if (kind == "incident") {
    add_unit_chain(out, text(row, "unit_id"));
    if (read) {
      // The teams tasked on it and the departments consulted on it see it too.
      for (const auto& t : store_.query("SELECT DISTINCT team_id FROM tasks WHERE incident_id = ?", {row["id"]}))
        out.insert(text(t, "team_id"));
      for (const auto& d : store_.query("SELECT DISTINCT p.department_id FROM consultation_participants p "
                                        "JOIN consultations c ON c.id = p.consultation_id WHERE c.subject = ?",
                                        {row["id"]}))
        out.insert(text(d, "department_id"));
    }
  } else if (kind == "team") {
    out.insert(text(row, "id"));
    add_unit_chain(out, text(row, "unit_id"));
    if (read)  // the units whose incidents it is working on see the team they were sent
      for (const auto& i : store_.query("SELECT DISTINCT i.unit_id FROM tasks t JOIN incidents i ON i.id = t.incident_id "
                                        "WHERE t.team_id = ? AND t.status NOT IN ('done','failed','cancelled')",
                                        {row["id"]}))
        add_unit_chain(out, text(i, "unit_id"));
  } else if (kind == "task") {
    add_address(out, "team:" + text(row, "team_id"));
    auto incident = text(row, "incident_id");
    if (!incident.empty()) {
      auto i = store_.query_one("SELECT unit_id FROM incidents WHERE id = ?", {incident});
      if (!i.is_null()) add_unit_chain(out, text(i, "unit_id"));
    }
  } else if (kind == "user") {
    add_address(out, "user:" + text(row, "id"));
  } else if (kind == "consultation") {
    for (const auto& p : store_.query("SELECT department_id FROM consultation_participants WHERE consultation_id = ?",
                                      {row["id"]}))
      out.insert(text(p, "department_id"));
    auto i = store_.query_one("SELECT unit_id FROM incidents WHERE id = ?", {row["subject"]});
    if (!i.is_null()) add_unit_chain(out, text(i, "unit_id"));
    else add_address(out, text(row, "opened_by"));  // about a warning: the opener's unit
  } else if (kind == "decision") {
    if (auto c = owners("consultation", text(row, "consultation_id"), access)) out = *c;
    add_address(out, text(row, "owner"));
  } else if (kind == "hazard") {
    auto unit = text(row, "unit_id");
    if (!unit.empty()) add_unit_chain(out, unit);
    else add_address(out, text(row, "reported_by"));  // not yet assigned: whoever took the report
    out.insert(kRoot);
  } else if (kind == "depot" || kind == "report") {
    add_unit_chain(out, text(row, "unit_id"));
  } else if (kind == "release") {
    if (auto d = owners("depot", text(row, "depot_id"), access)) out = *d;
    if (read) {
      auto incident = text(row, "incident_id");
      if (!incident.empty())
        if (auto i = owners("incident", incident, Access::write)) out.insert(i->begin(), i->end());
      // The carrying team and the units above it follow the goods (a county sees the city's tents
      // travel to its township).
      if (auto t = owners("team", text(row, "team_id"), Access::read)) out.insert(t->begin(), t->end());
    }
  } else if (kind == "warning") {
    // Warnings are public to every user; only the centre and the issuing department change them.
    if (read) out.insert(kEveryone);
    out.insert(kRoot);
    out.insert(text(row, "department"));
  } else if (kind == "proposal") {
    auto s = owners(text(row, "subject_kind"), text(row, "subject"), access);
    if (s) out = *s;
  } else if (kind == "deadline") {
    out = owners_of_any(text(row, "subject"));
    // A routine report's deadline is its unit's to see; answering (silencing) its alarm is the
    // centre's, which the unit is accountable to.
    if (!read && text(row, "kind").rfind("report.", 0) == 0) out = {kRoot};
  } else if (kind == "message") {
    add_address(out, text(row, "sender"));
    for (const auto& to : json::parse(text(row, "to_addr"), nullptr, false))
      if (to.is_string()) add_address(out, to.get<std::string>());
  } else if (kind == "device") {
    // A device is its holding unit's (and the units above); the team that carries it reads it too.
    add_unit_chain(out, text(row, "unit_id"));
    if (read && !text(row, "team_id").empty()) add_address(out, "team:" + text(row, "team_id"));
  } else if (kind == "monitor_point") {
    // A geohazard point or checkpoint is kept by the township or village it lies in.
    add_unit_chain(out, text(row, "unit_id"));
  } else if (kind == "enterprise") {
    // An enterprise's file is kept by the county, township or village it lies in (and those above).
    add_unit_chain(out, text(row, "unit_id"));
  } else if (kind == "shift") {
    // Each unit keeps its own roster: its shifts are that unit's and those above it (a county
    // desk sees and changes its townships' rosters, not the city's or another county's).
    auto unit = text(row, "unit_id");
    add_unit_chain(out, unit.empty() ? std::string(kRoot) : unit);
  }
  out.erase("");
  return out;
}

std::optional<std::set<std::string>> Scope::owners(const std::string& kind, const std::string& id, Access access) {
  auto t = tables().find(kind);
  if (t == tables().end()) return std::nullopt;
  // A message's owners need only its addresses, not the stored envelope.
  const char* columns = kind == "message" ? "sender, to_addr" : "*";
  auto row = store_.query_one(std::string("SELECT ") + columns + " FROM " + t->second + " WHERE id = ?", {id});
  if (row.is_null()) return std::nullopt;
  return owners_of_row(kind, row, access);
}

std::optional<bool> Scope::allows(const std::string& kind, const std::string& id, Access access) {
  if (actor_.role == "system" || actor_.role == "admin") return true;
  auto o = owners(kind, id, access);
  if (!o) return std::nullopt;
  return matches(*o);
}

std::set<std::string> Scope::owners_of_any(const std::string& id) {
  static const char* order[] = {"incident", "task", "hazard", "release", "depot", "consultation", "decision",
                                "team", "message", "report", "warning", "unit"};
  for (const char* kind : order)
    if (auto o = owners(kind, id, Access::read)) return *o;
  // A report not yet sent is named by its unit (<unit>/<period>/<period_start>, reports.md): its
  // deadline and its period belong to that unit and those above it, so a township's desk sees its
  // own daily report falling due.
  if (auto slash = id.find('/'); slash != std::string::npos && slash > 0) {
    if (!store_.query_one("SELECT id FROM units WHERE id = ?", {id.substr(0, slash)}).is_null()) {
      std::set<std::string> out;
      add_unit_chain(out, id.substr(0, slash));
      return out;
    }
    // An enterprise's filing (<enterprise>/<kind>/<period>, hazards.md): its keepers'.
    if (auto o = owners("enterprise", id.substr(0, slash), Access::read)) return *o;
  }
  return {kRoot};  // unknown object: the centre only
}

std::set<std::string> Scope::audience(const store::Event& e) {
  const auto& k = e.kind;
  if (starts_with(k, "user.") || starts_with(k, "session.")) return {};  // user administration: admins only
  if (starts_with(k, "contacts.")) {
    std::set<std::string> out;
    add_address(out, e.subject);
    return out;
  }
  // A rule firing or a level proposed is about an incident or a warning: its owners see it.
  if (starts_with(k, "rule.fired") || starts_with(k, "incident.level_proposed")) return owners_of_any(e.subject);
  // duty.*: the duty level is the whole city's; shift.* events go to the roster's unit (owners below).
  if (starts_with(k, "warning.") || starts_with(k, "rules.") || starts_with(k, "duty.") ||
      starts_with(k, "unit.") || starts_with(k, "item.") || starts_with(k, "drill.") || starts_with(k, "link."))
    return {kEveryone};
  if (starts_with(k, "group.")) return {kRoot};
  if (k == "report.period_opened" && e.body.contains("units") && e.body["units"].is_array()) {
    std::set<std::string> out = {kRoot};  // each unit asked for a report, and those above it
    for (const auto& u : e.body["units"])
      if (u.is_string()) add_unit_chain(out, u.get<std::string>());
    return out;
  }
  std::string kind = k.substr(0, k.find('.'));
  if (kind == "bus") kind = "message";
  if (kind == "stock") kind = "depot";
  if (kind == "team" && e.body.contains("team_id") && e.body["team_id"].is_string())
    if (auto o = owners("team", e.body["team_id"].get<std::string>(), Access::read)) return *o;
  if (tables().count(kind))
    if (auto o = owners(kind, e.subject, Access::read)) return *o;
  return owners_of_any(e.subject);
}

bool Scope::matches(const Actor& actor, const std::string& event_kind, const std::set<std::string>& audience) {
  if (actor.role == "admin" || actor.role == "system") return true;
  if (starts_with(event_kind, "user.") || starts_with(event_kind, "session.")) return false;
  return audience.count(kEveryone) || audience.count(actor.unit_id) ||
         (!actor.user_id.empty() && audience.count("user:" + actor.user_id));
}

bool Scope::sees_personal_data(const Actor& actor) {
  static const std::set<std::string> desk = {"admin", "system", "commander", "duty_leader", "duty_officer"};
  return desk.count(actor.role) > 0;
}

void Scope::redact_personal_data(json& row_or_event) {
  if (!row_or_event.is_object()) return;
  auto kind = row_or_event.find("kind");  // an event: only those about hazards carry a citizen's number
  if (kind != row_or_event.end() && (!kind->is_string() || !starts_with(kind->get<std::string>(), "hazard."))) return;
  row_or_event.erase("contact");
  auto body = row_or_event.find("body");
  if (body != row_or_event.end() && body->is_object()) body->erase("contact");
}

bool Scope::matches(const std::set<std::string>& owners) const {
  if (actor_.role == "admin" || actor_.role == "system") return true;
  return owners.count(kEveryone) || owners.count(actor_.unit_id) ||
         (!actor_.user_id.empty() && owners.count("user:" + actor_.user_id));
}

}  // namespace lifeline::domain
