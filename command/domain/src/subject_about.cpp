#include "lifeline/domain/subject_about.hpp"

#include "lifeline/domain/key_periods.hpp"

namespace lifeline::domain {

namespace {
std::string text(const nlohmann::json& row, const char* field) {
  auto it = row.find(field);
  return it != row.end() && it->is_string() ? it->get<std::string>() : std::string();
}
}  // namespace

SubjectAbout subject_about(OpContext& ctx, const std::string& subject) {
  auto& db = ctx.store();
  // A key period holding the duty level up (key_period:<period>:<from>, schema/key_periods.json).
  if (subject.rfind("key_period:", 0) == 0) {
    if (auto p = KeyPeriodCalendar::shipped().find(subject))
      return {"重点时段：" + p->name_zh + "（" + p->from + " 至 " + p->to + "）",
              "Key period: " + p->name_en + " (" + p->from + " to " + p->to + ")"};
    return {};
  }
  if (auto r = db.query_one("SELECT number, title FROM incidents WHERE id = ?", {subject}); !r.is_null()) {
    auto s = text(r, "number") + " " + text(r, "title");
    return {s, s};
  }
  // A task (an order's receipt deadline): its incident when it has one, else the team.
  if (auto r = db.query_one("SELECT t.incident_id, m.name, m.name_en FROM tasks t JOIN teams m ON m.id = t.team_id WHERE t.id = ?",
                            {subject});
      !r.is_null()) {
    if (r["incident_id"].is_string()) return subject_about(ctx, r["incident_id"].get<std::string>());
    auto en = text(r, "name_en");
    return {text(r, "name"), en.empty() ? text(r, "name") : en};
  }
  if (auto r = db.query_one("SELECT title FROM hazards WHERE id = ?", {subject}); !r.is_null())
    return {"隐患：" + text(r, "title"), "Hazard: " + text(r, "title")};
  if (auto r = db.query_one("SELECT headline_zh, headline_en FROM warnings WHERE id = ?", {subject}); !r.is_null()) {
    auto en = text(r, "headline_en");
    return {"预警：" + text(r, "headline_zh"), "Warning: " + (en.empty() ? text(r, "headline_zh") : en)};
  }
  if (auto r = db.query_one("SELECT title FROM consultations WHERE id = ?", {subject}); !r.is_null())
    return {"会商：" + text(r, "title"), "Consultation: " + text(r, "title")};
  if (auto r = db.query_one("SELECT text FROM consultation_decisions WHERE id = ?", {subject}); !r.is_null())
    return {"会商决定：" + text(r, "text"), "Decision: " + text(r, "text")};
  if (auto r = db.query_one("SELECT d.name, d.name_en, o.destination FROM release_orders o JOIN depots d ON d.id = o.depot_id "
                            "WHERE o.id = ?",
                            {subject});
      !r.is_null()) {
    auto en = text(r, "name_en");
    return {"调拨：" + text(r, "name") + " → " + text(r, "destination"),
            "Release: " + (en.empty() ? text(r, "name") : en) + " → " + text(r, "destination")};
  }
  if (auto r = db.query_one("SELECT name, name_en FROM depots WHERE id = ?", {subject}); !r.is_null()) {
    auto en = text(r, "name_en");
    return {text(r, "name"), en.empty() ? text(r, "name") : en};
  }
  // A report period: <unit>/<period>/<YYYY-MM-DD> (reports.md).
  if (auto slash = subject.find('/'); slash != std::string::npos) {
    if (auto r = db.query_one("SELECT name, name_en FROM units WHERE id = ?", {subject.substr(0, slash)}); !r.is_null()) {
      auto en = text(r, "name_en");
      return {text(r, "name"), en.empty() ? text(r, "name") : en};
    }
  }
  return {};
}

}  // namespace lifeline::domain
