// POST /api/citizen/hazards: the citizen report channel (隐患随手拍), no login. 201 with {id} on the
// first submission, 200 with {id, duplicate: true} for a resubmission with the same client_key,
// 400/413 with {error: {code, message_zh, message_en}} for bad input, 429 beyond
// `per_minute_per_address` reports a minute from one address.
#pragma once
#include "lifeline/app/engine.hpp"
#include "lifeline/server/ws_server.hpp"
#include "lifeline/supplies/supplies.hpp"

namespace lifeline::supplies {

void add_citizen_route(server::WsServer& ws, app::Engine& engine, int per_minute_per_address, CitizenLimits limits = {});

}  // namespace lifeline::supplies
