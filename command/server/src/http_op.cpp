#include "lifeline/server/http_op.hpp"

#include <memory>
#include <optional>

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

void respond_with_op(app::Engine& engine, const domain::Actor& actor, const std::string& op, const json& body,
                     const Respond& respond) {
  json result;
  std::optional<ApiError> error;
  engine.run_as("live", actor, "ip", [&](domain::OpContext& ctx) {
    try {
      result = engine.ops().find(op)->handler(ctx, body);
    } catch (const ApiError& e) {
      error = e;
      throw;  // rolls the transaction back
    }
  });
  if (error) return respond(error_response(*error));
  if (result.is_null()) return respond(error_response(ApiError("storage_failure")));
  respond({result.value("duplicate", false) ? 200 : 201, "application/json", result.dump()});
}

}  // namespace lifeline::server
