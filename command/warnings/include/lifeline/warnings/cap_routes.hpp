// The CAP HTTP endpoints (schema/cap.md §HTTP):
//   POST /api/cap                           CAP XML in; Bearer session token of a department user or
//                                           duty officer; 201 {id, change} (200 with duplicate: true
//                                           for a message already received), 4xx {error:{code, message_zh, message_en}}
//   GET  /api/cap/<warning-id>.xml          a Lifeline warning as CAP 1.2
//   GET  /api/cap/incident/<incident-id>.xml the public incident notice as CAP 1.2 (Exercise in a drill)
//   GET  /api/cap/feed.atom                 Atom feed of the current public warnings
#pragma once
#include "lifeline/app/engine.hpp"
#include "lifeline/server/ws_server.hpp"

namespace lifeline::warnings {

void add_cap_routes(server::WsServer& ws, app::Engine& engine, int per_minute_per_address);

}  // namespace lifeline::warnings
