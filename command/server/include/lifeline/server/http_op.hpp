// An HTTP route that runs one operation (the CAP import, the citizen hazard report): the error as
// {error: {code, message_zh, message_en}} with its HTTP status, and the operation run on the state
// thread with its result as 201 (200 when the operation says it was a duplicate).
#pragma once
#include <functional>
#include <string>

#include "lifeline/api_error.hpp"
#include "lifeline/app/engine.hpp"
#include "lifeline/server/ws_server.hpp"

namespace lifeline::server {

using Respond = std::function<void(HttpResponse)>;

// 401 unauthenticated, 403 forbidden/out_of_scope, 404 not_found, 409 conflict, 413 for the
// *_too_large codes, 503 storage_failure/shutting_down, 500 internal, else 400.
int http_status_for(const std::string& code);
HttpResponse error_response(const ApiError& e);

// Call on the state thread (inside engine.post): runs `op` as `actor` in the live realm, in its own
// transaction, and answers through `respond`.
void respond_with_op(app::Engine& engine, const domain::Actor& actor, const std::string& op, const nlohmann::json& body,
                     const Respond& respond);

}  // namespace lifeline::server
