// The demo city's comms device ledger (schema/supplies.md "Device ledger").
#pragma once
#include "lifeline/domain/op_context.hpp"

namespace lifeline::demo {

// Satellite phones and walkie-talkies for the city's teams, each county's and each township's
// squad, at the bureau's targets (seed-digest §8) but for a few gaps the duty desk should see: one
// county two satellite phones short, one township two radios short, some checks overdue, one faulty.
void seed_devices(domain::OpContext& ctx);

}  // namespace lifeline::demo
