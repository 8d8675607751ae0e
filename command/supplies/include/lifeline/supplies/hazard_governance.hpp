// Hazard governance beyond a single hazard's lifecycle (schema/hazards.md "Governance"): the
// four-level ledgers, county acceptance then city close-out of major hazards, the quarterly
// sampled look-back re-check (回头看), the exposure board (曝光台) and the screening rounds (排查).
#pragma once
#include "lifeline/api_error.hpp"
#include "lifeline/app/engine.hpp"
#include "lifeline/domain/op_registry.hpp"

namespace lifeline::supplies {

// hazard.ledger_confirm, hazard.ledger_status (hazard_ledgers.cpp)
void register_ledger_ops(domain::OpRegistry& r);
// hazard.close_out (hazard_closeout.cpp)
void register_closeout_ops(domain::OpRegistry& r);
// hazard.lookback_draw, hazard.lookback_record, hazard.lookback_list (hazard_lookback.cpp)
void register_lookback_ops(domain::OpRegistry& r);
// hazard.exposure (hazard_exposure.cpp)
void register_exposure_ops(domain::OpRegistry& r);
// hazard.screening_record, hazard.screening_status (hazard_screening.cpp)
void register_screening_ops(domain::OpRegistry& r);
// Each week's township screening deadlines, each half-month's village ones (hazard_screening.cpp).
void install_screening_schedule(app::Engine& engine);
// hazard.leader_inspection_record, hazard.leader_inspection_status (leader_inspections.cpp).
void register_leader_inspection_ops(domain::OpRegistry& r);
// Each quarter's city, month's county and week's township leaders' inspection deadlines.
void install_leader_inspection_schedule(app::Engine& engine);
// hazard.fringe_round_record, hazard.fringe_status (fringe_rounds.cpp).
void register_fringe_round_ops(domain::OpRegistry& r);
// Each county's urban-rural fringe deadline in October and in November.
void install_fringe_round_schedule(app::Engine& engine);
// The campaign's rectification for metrics.summary: rectified ÷ found, against 95 %.
nlohmann::json fringe_rectification(domain::OpContext& ctx);
// The exposure board now, the longest overdue first: entries {hazard_id, title, grade, status,
// place_name, unit_id, unit_name, unit_name_en, owner, enterprise_id, enterprise_name, reasons[],
// due_at?, overdue_days?, lookback_quarter?} (hazard_exposure.cpp).
nlohmann::json exposure_board(domain::OpContext& ctx);
// Throws city_desk_only unless the caller is a city desk (or admin, or the system).
inline void require_city_desk(const domain::OpContext& ctx, const char* what_en, const char* what_zh) {
  const auto& a = ctx.actor();
  if (a.role != "admin" && a.role != "system" && a.unit_id != "city") throw ApiError("city_desk_only", what_en, what_zh);
}
// All of the above, and the monthly ledger deadlines (hazard_ledger_schedule.cpp).
void install_hazard_governance(app::Engine& engine);

// A closed hazard is open again (hazard.reopened with `event_body`, which holds its reason) with
// 7 days to rectify: a failed re-check, by hand (hazard.reopen) or at the look-back.
void reopen_hazard(domain::OpContext& ctx, const nlohmann::json& hazard, const nlohmann::json& event_body);

// The look-back's default sampling rate and the exposure board's limits (schema/hazards.md).
inline constexpr int kDefaultLookbackRatePercent = 10;
inline constexpr int kExposureOverdueDays = 7;
inline constexpr int kExposureWeeklyCount = 10;

}  // namespace lifeline::supplies
