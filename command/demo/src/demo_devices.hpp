// The demo city's comms device ledger (schema/supplies.md "Device ledger").
#pragma once
#include "lifeline/domain/op_context.hpp"

namespace lifeline::demo {

// Satellite phones and walkie-talkies for the city's teams, each county's and each township's
// squad, at the bureau's targets (seed-digest §8) but for a few gaps the duty desk should see: one
// county two satellite phones short, one township two radios short, some checks overdue, one faulty.
void seed_devices(domain::OpContext& ctx);
// Every village's forest-fire checkpoint and geohazard points (328 and 112, seed-digest §8), each
// with its monitor and the handheld issued to them; one township a few handhelds short.
void seed_monitor_points(domain::OpContext& ctx);
// The comms tests of the city's teams and the township squads (seed-digest §8 "training and
// testing"): most passed, a few failed and are kept back from rescues until retested.
void seed_comms_tests(domain::OpContext& ctx);

}  // namespace lifeline::demo
