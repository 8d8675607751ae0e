// Readiness by township: of the teams each township keeps, how many could take an order now —
// available or on standby, and on no open task (a squad en route is not ready, whatever its
// declared readiness says). Only the townships of the caller's unit or below (schema/charts.md).
#include "lifeline/charts/charts.hpp"
#include "lifeline/domain/team_ready.hpp"

namespace lifeline::charts {

json township_readiness(domain::OpContext& ctx) {
  json out = json::array();
  for (auto& u : ctx.store().query(
           std::string("SELECT u.id AS unit_id, u.name, u.name_en, COUNT(t.id) AS teams, COALESCE(SUM(CASE WHEN ") +
           domain::kTeamReadyNowSql +
           " THEN 1 ELSE 0 END), 0) AS ready FROM units u LEFT JOIN teams t ON t.unit_id = u.id WHERE u.kind = 'township' "
           "GROUP BY u.id ORDER BY u.id")) {
    if (ctx.in_scope(u["unit_id"].get<std::string>())) out.push_back(std::move(u));
  }
  return out;
}

}  // namespace lifeline::charts
