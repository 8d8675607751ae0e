#include "lifeline/server/http_op.hpp"

namespace lifeline::server {

using nlohmann::json;

int http_status_for(const std::string& code) {
  if (code == "unauthenticated") return 401;
  if (code == "forbidden" || code == "out_of_scope" || code == "not_own_department") return 403;
  if (code == "not_found") return 404;
  if (code == "conflict") return 409;
  if (code.size() > 10 && code.compare(code.size() - 10, 10, "_too_large") == 0) return 413;
  if (code == "storage_failure" || code == "shutting_down") return 503;
  if (code == "internal") return 500;
  return 400;
}

HttpResponse error_response(const ApiError& e) {
  return {http_status_for(e.code()), "application/json", json{{"error", e.to_json()}}.dump()};
}

std::string bearer_token(const std::string& authorization) {
  const std::string prefix = "Bearer ";
  return authorization.rfind(prefix, 0) == 0 ? authorization.substr(prefix.size()) : "";
}

void submit_http_op(app::Engine& engine, app::Request request, Respond respond,
                    std::function<HttpResponse(const json& result)> ok) {
  request.channel = "http";
  request.reply = [respond = std::move(respond), ok = std::move(ok)](json res) {
    if (!res.value("ok", false)) {
      const json& error = res.contains("error") && res["error"].is_object() ? res["error"] : json::object();
      return respond({http_status_for(error.value("code", "internal")), "application/json", json{{"error", error}}.dump()});
    }
    const json& result = res["result"];
    if (ok) return respond(ok(result));
    respond({result.value("duplicate", false) ? 200 : 201, "application/json", result.dump()});
  };
  engine.submit(std::move(request));
}

}  // namespace lifeline::server
