// The demo city (示范市): units from the gazetteer, departments, teams sized as the seed digest
// requires, depots with stock, demo users for every role and a duty roster. Idempotent.
#pragma once
#include <string>

#include "lifeline/app/engine.hpp"

namespace lifeline::demo {

// Password of every demo user (README lists the users). Demo only: a deployment runs `init`.
inline constexpr const char* kDemoPassword = "lifeline-demo";

// Seeds the live realm through the real operations (validation included), as the system actor.
// Runs on the state thread, or before Engine::start(). Returns false if the demo city was there already.
bool seed_demo(app::Engine& engine);

}  // namespace lifeline::demo
