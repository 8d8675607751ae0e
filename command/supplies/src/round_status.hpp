// Where each unit of one level stands with a periodic round (a screening, a leader's inspection):
// the rounds of this period so far, and whether the period before was done, missed (its deadline
// missed) or not asked. Shared by hazard_screening.cpp and leader_inspections.cpp.
#pragma once
#include <functional>
#include <string>

#include "lifeline/domain/op_context.hpp"
#include "lifeline/supplies/governance_periods.hpp"

namespace lifeline::supplies {

struct RoundLevel {
  std::string table;          // rows (unit_id, period, on_date, hazards_found)
  std::string deadline_kind;  // the deadlines that ask for the rounds
  std::string subject_tag;    // "/screening/": subjects end "<tag><period>"
  // The subject of the deadline that asked `unit` for a round in `period`.
  std::function<std::string(const nlohmann::json& unit, const std::string& period)> asked_subject;
};

// `units`: rows {id, name, name_en, parent_id} of one level. Returns {period, due_at, last_period,
// units[]{unit_id, name, name_en, parent_id, rounds, hazards_found, last_on, last_period_state},
// totals{units, screened, last_done, last_missed}}. Two reads per level, not three per unit.
nlohmann::json round_status(domain::OpContext& ctx, const nlohmann::json& units, const RoundLevel& level,
                            const GovernancePeriod& now, const GovernancePeriod& last);

}  // namespace lifeline::supplies
