// An HTTP route that runs one operation (the CAP import, an incident's CAP notice, the citizen
// hazard report) through the engine's one gate, like a WebSocket request: authentication, the
// role, the scope, the shared commit and the metrics. The error as {error: {code, message_zh,
// message_en}} with its HTTP status.
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

// The bearer token of an Authorization header ("" when there is none).
std::string bearer_token(const std::string& authorization);

// Submits `request` (op, body, realm, and its token or internal peer actor; channel "http") and
// answers through `respond`: `ok(result)` when it succeeds, by default the result as JSON with 201
// (200 when the operation says it was a duplicate).
void submit_http_op(app::Engine& engine, app::Request request, Respond respond,
                    std::function<HttpResponse(const nlohmann::json& result)> ok = {});

}  // namespace lifeline::server
