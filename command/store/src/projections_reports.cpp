// Routine reports: which periods the schedule has opened, and one row per submitted report (a zero
// report is a row with zero = 1). Roll-ups are computed from these rows when asked.
#include "lifeline/store/projections.hpp"

namespace lifeline::store {

void register_report_projections(Projector& p) {
  p.add_tables({"report_periods", "reports"});
  p.add("report.period_opened", [](SqliteDb& db, const Event& e) {
    const auto& b = e.body;
    db.run("INSERT INTO report_periods(period, period_start, opened_at, units) VALUES (?,?,?,?)",
           {b["period"], b["period_start"], e.at, b["units"].dump()});
  });
  p.add("report.submitted", [](SqliteDb& db, const Event& e) {
    const auto& b = e.body;
    auto children = opt(b, "children");
    db.run("INSERT INTO reports(id, unit_id, period, period_start, zero, figures, own_figures, children, text, "
           "client_key, submitted_by, submitted_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
           {e.subject, b["unit_id"], b["period"], b["period_start"], b["zero"].get<bool>() ? 1 : 0, b["figures"].dump(),
            b["own_figures"].dump(), children.is_null() ? nlohmann::json() : nlohmann::json(children.dump()),
            b.value("text", ""), opt(b, "client_key"), e.actor, e.at});
  });
}

}  // namespace lifeline::store
