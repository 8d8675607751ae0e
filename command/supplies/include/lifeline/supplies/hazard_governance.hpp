// Hazard governance beyond a single hazard's lifecycle (schema/hazards.md "Governance"): the
// four-level ledgers, county acceptance then city close-out of major hazards, the quarterly
// sampled look-back re-check (回头看) and the exposure board (曝光台).
#pragma once
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
