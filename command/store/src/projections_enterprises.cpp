#include "lifeline/store/projections.hpp"

namespace lifeline::store {

// One file per enterprise, the published exposure board and the dishonesty list
// (schema/hazards.md "Enterprise files", "Exposure board").
void register_enterprise_projections(Projector& p) {
  p.add_tables({"enterprises", "enterprise_filings", "exposure_weeks", "exposure_entries", "dishonesty_records"});
  p.add("enterprise.registered", [](SqliteDb& db, const Event& e) {
    const auto& b = e.body;
    db.run("INSERT INTO enterprises(id, name, name_en, industry, unit_id, watch_list, contact_name, contact_phone, "
           "registered_at) VALUES (?,?,?,?,?,?,?,?,?)",
           {e.subject, b["name"], b.value("name_en", ""), b["industry"], b["unit_id"], b.value("watch_list", false) ? 1 : 0,
            b["contact_name"], b["contact_phone"], e.at});
  });
  p.add("enterprise.updated", [](SqliteDb& db, const Event& e) {
    const auto& b = e.body;
    db.run("UPDATE enterprises SET watch_list = COALESCE(?, watch_list), contact_name = COALESCE(?, contact_name), "
           "contact_phone = COALESCE(?, contact_phone) WHERE id = ?",
           {b.contains("watch_list") ? nlohmann::json(b["watch_list"].get<bool>() ? 1 : 0) : nlohmann::json(),
            opt(b, "contact_name"), opt(b, "contact_phone"), e.subject});
  });
  p.add("enterprise.filed", [](SqliteDb& db, const Event& e) {
    const auto& b = e.body;
    db.run("INSERT INTO enterprise_filings(enterprise_id, kind, period, on_date, hazards_found, participants, note, "
           "filed_by, filed_at) VALUES (?,?,?,?,?,?,?,?,?)",
           {e.subject, b["kind"], b["period"], b["on_date"], b.value("hazards_found", 0), opt(b, "participants"),
            b.value("note", ""), e.actor, e.at});
  });
  p.add("hazard.exposure_published", [](SqliteDb& db, const Event& e) {
    const auto& b = e.body;
    db.run("INSERT INTO exposure_weeks(week, published_at, published_by) VALUES (?,?,?)", {b["week"], e.at, e.actor});
    int rank = 0;
    for (const auto& x : b["entries"])
      db.run("INSERT INTO exposure_entries(week, rank, hazard_id, enterprise_id) VALUES (?,?,?,?)",
             {b["week"], ++rank, x["hazard_id"], opt(x, "enterprise_id")});
  });
  p.add("enterprise.dishonesty_listed", [](SqliteDb& db, const Event& e) {
    db.run("INSERT INTO dishonesty_records(enterprise_id, listed_at, weeks) VALUES (?,?,?)",
           {e.subject, e.at, e.body["weeks"].dump()});
    db.run("UPDATE enterprises SET dishonest = 1, dishonest_since = ? WHERE id = ?", {e.at, e.subject});
  });
  p.add("enterprise.dishonesty_removed", [](SqliteDb& db, const Event& e) {
    db.run("UPDATE dishonesty_records SET removed_at = ?, removed_by = ?, removal_note = ? "
           "WHERE enterprise_id = ? AND removed_at IS NULL",
           {e.at, e.actor, e.body["note"], e.subject});
    db.run("UPDATE enterprises SET dishonest = 0, dishonest_since = NULL WHERE id = ?", {e.subject});
  });
}

}  // namespace lifeline::store
