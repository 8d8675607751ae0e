// One file per enterprise (一企一档) and the dishonesty list (失信名单): schema/hazards.md
// "Enterprise files" and "Exposure board". Seed-digest §4.
#pragma once
#include <string>

#include "lifeline/app/engine.hpp"
#include "lifeline/domain/op_registry.hpp"

namespace lifeline::supplies {

// The 28 enterprises of the watch list are inspected at least twice a month (seed-digest §4).
inline constexpr int64_t kWatchListInspectionsPerMonth = 2;

// enterprise.register, enterprise.update, enterprise.record, enterprise.list, enterprise.file
// (enterprise_files.cpp)
void register_enterprise_ops(domain::OpRegistry& r);
// hazard.exposure_publish, enterprise.dishonesty_list, enterprise.dishonesty_remove (dishonesty_list.cpp)
void register_dishonesty_ops(domain::OpRegistry& r);
// Each month's self-inspection and watch-list inspection deadlines, each quarter's drill filing
// (enterprise_schedule.cpp).
void install_enterprise_schedule(app::Engine& engine);

// The subject of an enterprise's deadline for a filing: <enterprise>/<kind>/<period>.
std::string filing_subject(const std::string& enterprise_id, const std::string& kind, const std::string& period);

}  // namespace lifeline::supplies
