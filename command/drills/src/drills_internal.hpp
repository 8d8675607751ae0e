// Internal to the drills module: what the ops, the scenario clock's tick and the report share.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "lifeline/app/engine.hpp"
#include "lifeline/domain/op_context.hpp"
#include "lifeline/domain/op_registry.hpp"
#include "lifeline/drills/scenario_clock.hpp"

namespace lifeline::drills {

using nlohmann::json;

// Does what an inject says in the drill's realm, through the same operations a participant would
// call (warning.import, incident.create/update, bus.send, team.set_readiness), as the system.
// Returns the ids it made ({warning_id}, {incident_id}, {message_id}…); throws ApiError when the
// operation refuses it.
json apply_inject(domain::OpContext& ctx, const domain::OpRegistry& ops, const json& spec);

// The scenario row's clock (drill_scenario), or nullopt when the realm has no scenario.
std::optional<ClockSetting> current_clock(store::RealmStore& s);

// When the drill began: its realm's first event (the reference data copied at drill.start). A
// drill without a scenario counts its time from there.
int64_t drill_origin(store::RealmStore& s);

// Sends one inject now: applies it in a savepoint of its own and records scenario.inject_sent
// whether it took effect or not (the error in words: the report shows it, nothing retries it).
json send_inject(domain::OpContext& ctx, const domain::OpRegistry& ops, const json& spec, const std::string& template_id);

// scenario.load, scenario.clock, scenario.inject, scenario.templates, scenario.status, drill.report.
void register_scenario_ops(app::Engine& engine);
// Fires each drill's due injects on its scenario clock (a tick hook).
void add_scenario_tick(app::Engine& engine);

// Refuses (bad_field) what only a drill's realm may hold when the request is not in one.
void require_drill(domain::OpContext& ctx);

// drill.join, drill.leave, drill.participants (participants.cpp).
void register_participant_ops(domain::OpRegistry& ops);
// The units named and every team kept in or below `teams_in`, each checked to exist in the drill.
std::vector<std::string> resolve_participants(domain::OpContext& ctx, const std::vector<std::string>& units,
                                              const std::vector<std::string>& teams_in);

// drill.register, drill.register_list, drill.counts: the drill register (drill_register.cpp).
void register_drill_register_ops(domain::OpRegistry& ops);

// The after-action report of a drill (drill.report), from its realm's event log and tables.
json after_action_report(store::RealmStore& drill, store::RealmStore& live, const std::string& drill_id);

}  // namespace lifeline::drills
