#include "lifeline/warnings/cap_documents.hpp"

#include <cstdio>

#include "lifeline/cap/cap_export.hpp"
#include "lifeline/cap/cap_import.hpp"
#include "lifeline/cap/gazetteer.hpp"
#include "lifeline/cap/warning_mapping.hpp"

namespace lifeline::warnings {

using nlohmann::json;

namespace {

std::string lifeline_identifier(const std::string& id, int64_t at) { return "lifeline." + id + "." + std::to_string(at); }

// A warning as Lifeline republishes it: texts and areas from the department's latest message
// (re-read from the stored original), header and type/colour from Lifeline's state.
cap::Warning lifeline_warning(store::RealmStore& s, const json& row) {
  std::string id = row["id"];
  auto msg = s.query_one(
      "SELECT xml FROM cap_messages WHERE warning_id = ? ORDER BY msg_type = 'Cancel', received_at DESC, sent DESC LIMIT 1",
      {id});
  cap::Warning w = cap::import_cap(msg["xml"].get<std::string>());
  w.source = w.sender;
  w.sender = kLifelineSender;
  w.department = row["department"];
  w.type = row["type"];
  w.colour = row["colour"];
  w.references.clear();
  int64_t issued = row["issued_at"], updated = row["updated_at"];
  w.sent = updated;
  if (row["status"] == "cancelled") {
    w.msg_type = "Cancel";
    w.identifier = lifeline_identifier(id, updated);
    w.references.push_back(std::string(kLifelineSender) + "," + lifeline_identifier(id, issued) + "," +
                           cap::format_cap_time(issued, cap::ExportOptions{}.utc_offset_minutes));
  } else {
    w.msg_type = "Alert";
    w.identifier = lifeline_identifier(id, updated);
  }
  return w;
}

// The incident's area: its township (name, ring, geocode) if it is one, else the place it names.
cap::Area incident_area(const json& inc) {
  for (const auto& t : cap::Gazetteer::builtin().townships()) {
    if (t.id != inc["unit_id"]) continue;
    cap::Area a;
    a.desc = t.name + " / " + t.name_en;
    std::string ring;
    char pt[64];
    for (const auto& [lat, lon] : t.area) {
      std::snprintf(pt, sizeof pt, "%s%.5f,%.5f", ring.empty() ? "" : " ", lat, lon);
      ring += pt;
    }
    if (t.area.size() >= 4) a.polygons.push_back(ring);
    if (!t.geocode.empty()) a.geocodes.push_back({"township_code", t.geocode});
    return a;
  }
  cap::Area a;
  a.desc = inc["place_name"];
  if (inc["lat"].is_number() && inc["lon"].is_number()) {
    char c[64];
    std::snprintf(c, sizeof c, "%.5f,%.5f 1", inc["lat"].get<double>(), inc["lon"].get<double>());
    a.circles.push_back(c);
  }
  return a;
}

}  // namespace

std::optional<std::string> warning_cap_xml(store::RealmStore& s, const std::string& warning_id) {
  auto row = s.query_one("SELECT * FROM warnings WHERE id = ?", {warning_id});
  if (row.is_null() || row["cap_scope"] != "Public") return std::nullopt;
  return cap::export_cap(lifeline_warning(s, row));
}

std::optional<std::string> incident_cap_xml(store::RealmStore& s, const std::string& incident_id, bool exercise) {
  auto inc = s.query_one("SELECT * FROM incidents WHERE id = ?", {incident_id});
  if (inc.is_null()) return std::nullopt;
  cap::IncidentNotice n;
  n.id = incident_id;
  n.sender = kLifelineSender;
  n.sender_name_zh = "示范市应急管理局";
  n.sender_name_en = "Demo City Emergency Management Bureau";
  n.sent = inc["updated_at"];
  n.type = inc["type"];
  n.level = inc["level"].is_null() ? 0 : inc["level"].get<int>();
  std::string number = inc["number"], place = inc["place_name"];
  n.headline_zh = cap::type_name(n.type, true) + "：" + inc["title"].get<std::string>();
  n.headline_en = cap::type_name(n.type, false) + " " + number;
  auto count = [&](const char* k) { return std::to_string(inc[k].get<int64_t>()); };
  n.description_zh = "地点：" + place + "。死亡 " + count("dead") + " 人，失踪 " + count("missing") + " 人，重伤 " +
                     count("injured") + " 人。";
  n.description_en = "Place: " + place + ". Dead: " + count("dead") + ", missing: " + count("missing") +
                     ", seriously injured: " + count("injured") + ".";
  n.instruction_zh = "请听从现场救援人员指挥，远离危险区域。";
  n.instruction_en = "Follow the instructions of responders on site and keep away from the danger area.";
  n.areas.push_back(incident_area(inc));
  n.exercise = exercise;
  return cap::export_cap(cap::notice_to_warning(n));
}

std::string warnings_atom(store::RealmStore& s, int64_t now, const std::string& self_url) {
  std::vector<cap::Warning> alerts;
  auto rows = s.query(
      "SELECT * FROM warnings WHERE status = 'active' AND cap_scope = 'Public' AND (expires IS NULL OR expires > ?) "
      "ORDER BY updated_at DESC LIMIT 200",
      {now});
  for (const auto& row : rows) alerts.push_back(lifeline_warning(s, row));
  cap::FeedOptions opt;
  opt.self_url = self_url;
  opt.updated = now;
  return cap::export_atom(alerts, opt);
}

}  // namespace lifeline::warnings
