// Metrics from raw counts: every rate is reported as numerator and denominator (seed digest §10),
// the rate itself only derived, and null when the denominator is zero.
#include "lifeline/domain/body_reader.hpp"
#include "lifeline/domain/team_ready.hpp"
#include "lifeline/supplies/hazard_governance.hpp"
#include "lifeline/supplies/hazard_ledgers.hpp"
#include "lifeline/supplies/supplies.hpp"
#include "ratio.hpp"
#include "target_rows.hpp"

namespace lifeline::supplies {

using domain::OpContext;
using nlohmann::json;

namespace {
int64_t count(OpContext& ctx, const std::string& sql) {
  auto row = ctx.store().query_one(sql);
  return row.is_null() || row["n"].is_null() ? 0 : row["n"].get<int64_t>();
}
}  // namespace

json metrics_summary(OpContext& ctx) {
  json out;
  // Closure rate = closed ÷ valid hazards found (rejected citizen reports are not hazards).
  out["hazard_closure"] = ratio(count(ctx, "SELECT COUNT(*) AS n FROM hazards WHERE status = 'closed'"),
                                count(ctx, "SELECT COUNT(*) AS n FROM hazards WHERE status NOT IN ('rejected')"));
  // On time per deadline kind: met by due_at ÷ decided (met or missed); open ones are not yet decided.
  json on_time = json::object();
  for (const auto& row : ctx.store().query(
           "SELECT kind, SUM(CASE WHEN on_time = 1 THEN 1 ELSE 0 END) AS met, COUNT(*) AS decided FROM deadlines "
           "WHERE on_time IS NOT NULL GROUP BY kind ORDER BY kind"))
    on_time[row["kind"].get<std::string>()] = ratio(row["met"], row["decided"]);
  out["on_time"] = on_time;
  // Expiry rate = units expired ÷ units stocked (received), per the seeds' "expired ÷ stocked".
  out["expiry"] = ratio(count(ctx, "SELECT SUM(expired) AS n FROM stock_totals"),
                        count(ctx, "SELECT SUM(received) AS n FROM stock_totals"));
  // Team readiness = teams available or on standby ÷ teams.
  // Teams that could take an order now (lifeline/domain/team_ready.hpp).
  out["team_readiness"] = ratio(count(ctx, std::string("SELECT COUNT(*) AS n FROM teams t WHERE ") + domain::kTeamReadyNowSql),
                                count(ctx, "SELECT COUNT(*) AS n FROM teams"));
  // Standby strength: members on duty against each team's required minimum.
  out["standby"] = ctx.store().query(
      "SELECT t.id AS team_id, t.name, t.required_min, "
      "(SELECT COUNT(*) FROM members m WHERE m.team_id = t.id AND m.on_duty = 1) AS on_duty FROM teams t "
      "WHERE t.required_min > 0 ORDER BY t.id");
  int64_t below = 0;
  for (const auto& t : out["standby"])
    if (t["on_duty"].get<int64_t>() < t["required_min"].get<int64_t>()) ++below;
  out["teams_below_minimum"] = below;
  out.update(readiness_metrics(ctx));
  // Stock targets met ÷ targets (every city, county and township item target), and how many fall short.
  out["stock_targets"] = targets_met(stock_targets(ctx));
  out["stock_shortfalls"] = out["stock_targets"]["denominator"].get<int64_t>() - out["stock_targets"]["numerator"].get<int64_t>();
  // Device targets met ÷ targets (satellite phones and walkie-talkies per tier), and the devices
  // whose periodic check is kept up (device_ledger.cpp).
  out["device_targets"] = targets_met(device_targets(ctx));
  out["device_checks"] = device_checks_ratio(ctx);
  // Hazard ledgers updated this month ÷ units asked to (seed-digest §2, hazard_ledgers.cpp).
  out["ledger_updates"] = ledger_updates(ctx);
  // The urban-rural fringe campaign's hazards rectified ÷ found, against ≥95 % (fringe_rounds.cpp).
  out["fringe_rectification"] = fringe_rectification(ctx);
  return out;
}

void register_metrics_ops(domain::OpRegistry& r) {
  r.add("metrics.summary", [](OpContext& ctx, const json& body) {
    domain::BodyReader(body).finish();
    return metrics_summary(ctx);
  }, false);
}

}  // namespace lifeline::supplies
