// When a team counts as ready: it could take an order now. Available or on standby, and on no open
// task (a team with an order it has not finished is not ready for another, whatever readiness it
// declared). One reading for metrics.summary's team_readiness and the charts' readiness by township.
#pragma once

namespace lifeline::domain {

// An SQL condition on a `teams` row aliased `t`.
inline constexpr const char* kTeamReadyNowSql =
    "t.readiness IN ('available','standby') AND NOT EXISTS "
    "(SELECT 1 FROM tasks k WHERE k.team_id = t.id AND k.status NOT IN ('done','failed','cancelled'))";

}  // namespace lifeline::domain
