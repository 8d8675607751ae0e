// Periodic rounds (a screening, a leader's inspection, the urban-rural fringe campaign): what a desk
// records of one, and where each unit of one level stands with them: the rounds of this period so
// far, and whether the period before was done, missed (its deadline missed) or not asked. Shared by
// hazard_screening.cpp, leader_inspections.cpp and fringe_rounds.cpp.
#pragma once
#include <functional>
#include <optional>
#include <string>

#include "lifeline/domain/body_reader.hpp"
#include "lifeline/domain/op_context.hpp"
#include "lifeline/supplies/governance_periods.hpp"

namespace lifeline::supplies {

// A round as a desk records it: `unit_id`, `on?` (YYYY-MM-DD, not after today; default today),
// `hazards_found`, `note?`. Read from `r`; the caller reads its own fields and calls finish().
struct RoundRecord {
  std::string unit_id, on;
  int64_t hazards_found = 0;
  std::optional<std::string> note;
};
RoundRecord read_round(const domain::OpContext& ctx, domain::BodyReader& r);
// The round's unit {kind, parent_id}; not_found when there is none.
nlohmann::json round_unit(domain::OpContext& ctx, const std::string& unit_id);
// The round's event body: {unit_id, period, on_date, hazards_found, note?}.
nlohmann::json round_event(const RoundRecord& round, const std::string& period);

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
