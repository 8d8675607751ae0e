// The four-level hazard ledgers (隐患台账), confirmed up to date each month before the 5th.
#pragma once
#include <string>

#include "lifeline/app/engine.hpp"

namespace lifeline::supplies {

// Units whose desk confirms a hazard ledger. Seed-digest §2 keeps ledgers at all four levels; a
// village has no desk of its own here, so its ledger is part of its township's: the township's
// confirmation covers its villages' hazards (ledger counts are by area).
inline constexpr const char* kLedgerUnitKinds[] = {"city", "county", "township"};
inline constexpr const char* kLedgerDeadlineKind = "hazard.ledger";

// "<unit>/ledger/<YYYY-MM>": the ledger's deadline subject and event subject. Named by its unit
// first, so the deadline belongs to the unit and those above it (Scope, like a routine report).
std::string ledger_id(const std::string& unit_id, const std::string& month);

// This month's ledgers: {numerator: units that confirmed, denominator: units asked (a deadline
// opened), month} (metrics.summary.ledger_updates).
nlohmann::json ledger_updates(domain::OpContext& ctx);

// At each month's start, opens every ledger unit's hazard.ledger deadline for the month, due at
// 00:00 local on the 5th. A month that began before the deployment did is not asked for (as with
// routine reports, reports/report_schedule.hpp), nor one the node was down through.
void install_ledger_schedule(app::Engine& engine);

}  // namespace lifeline::supplies
