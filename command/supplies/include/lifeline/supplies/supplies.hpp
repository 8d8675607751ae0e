// Supplies, hazards and metrics: operation registration (one file each) and the module's install.
#pragma once
#include "lifeline/app/engine.hpp"
#include "lifeline/domain/op_registry.hpp"

namespace lifeline::supplies {

// item.define, depot.create, depot.check, stock.receive, stock.write_off, stock.list, stock.rotation
void register_supply_ops(domain::OpRegistry& r);
// release.order, release.approve, release.depart, release.arrive, release.cancel, release.list.
// `ops` is used at call time to task the transport team through task.assign (as installed).
void register_release_ops(domain::OpRegistry& r);
// hazard.report, hazard.assign, hazard.verify, hazard.plan, hazard.rectified, hazard.accept,
// hazard.reopen, hazard.reward, hazard.report_up, hazard.get, hazard.list
void register_hazard_ops(domain::OpRegistry& r);
// Lists a hazard for supervision when its rectification deadline is missed (a reaction).
void install_hazard_supervision(app::Engine& engine);
// metrics.summary; metrics_summary() is also what /metrics gauges are set from.
void register_metrics_ops(domain::OpRegistry& r);
nlohmann::json metrics_summary(domain::OpContext& ctx);
// stock.targets: each city, county and township against its tier's targets (stock_targets.cpp).
void register_stock_target_ops(domain::OpRegistry& r);
// Every target row {tier, unit_id, unit_name(_en), item, item_name(_en), measure, target, held, shortfall}.
nlohmann::json stock_targets(domain::OpContext& ctx);
// device.register, device.assign, device.check, device.retire, device.list, device.history,
// device.targets: the comms device ledger (device_ledger.cpp).
void register_device_ops(domain::OpRegistry& r);
// team.record_comms_test (member_comms_tests.cpp).
void register_comms_test_ops(domain::OpRegistry& r);
// Every device target row {tier, unit_id, unit_name(_en), kind, target, held, shortfall}.
nlohmann::json device_targets(domain::OpContext& ctx);
// Devices in service and not overdue for their check ÷ devices not retired.
nlohmann::json device_checks_ratio(domain::OpContext& ctx);
// A device's next check day (YYYY-MM-DD, China Standard Time) as SQL over `devices d`:
// `check_every_days` after the last check, or after the registration day before any check.
inline constexpr const char* kNextDeviceCheckSql =
    "date(COALESCE(d.last_checked_on, date(d.registered_at / 1000, 'unixepoch', '+8 hours')), "
    "'+' || d.check_every_days || ' days')";
// monitor_point.register, monitor_point.list: the geohazard points and forest-fire checkpoints
// whose monitors carry a handheld (monitor_points.cpp).
void register_monitor_point_ops(domain::OpRegistry& r);
// Refuses a point_id given with a device that is not a handheld, an unknown point, one out of the
// caller's scope, or one that has another handheld in service.
void check_handheld_point(domain::OpContext& ctx, const std::string& point_id, const std::string& device_kind,
                          const std::string& device_id);
// Each township's handheld target row: its points (its own and its villages'), and those with a
// handheld in service.
nlohmann::json handheld_targets(domain::OpContext& ctx);
// Each day's device.check deadlines, one per unit and due day within the week
// (device_check_deadlines.cpp), and the settling after a check, a retirement or a hand-over: the
// unit's deadlines with no device still due that day are met.
void install_device_check_schedule(app::Engine& engine);
void device_checks_settle(domain::OpContext& ctx, const std::string& unit_id);
// People on post, team size floors and township standby (readiness_metrics.cpp), part of the summary.
nlohmann::json readiness_metrics(domain::OpContext& ctx);

// The citizen report channel (POST /api/citizen/hazards): validates the JSON body and submits it
// as hazard.report from the system actor with source citizen. Returns {status, body}.
struct CitizenLimits {
  size_t max_body_bytes = 16 * 1024;
  int64_t max_photo_bytes = 5 * 1024 * 1024;  // the photo itself is uploaded elsewhere; we keep its reference
};
nlohmann::json citizen_report_body(const std::string& http_body, const CitizenLimits& limits);

// Registers every op above on the engine and publishes the metrics as /metrics gauges after each commit.
void install(app::Engine& engine);

}  // namespace lifeline::supplies
