#include "lifeline/supplies/citizen_route.hpp"

#include <memory>

#include "lifeline/api_error.hpp"

namespace lifeline::supplies {

using nlohmann::json;

namespace {
server::HttpResponse error_response(const ApiError& e) {
  int status = e.code() == "photo_too_large" || e.code() == "body_too_large" ? 413
               : e.code() == "storage_failure"                               ? 503
                                                                              : 400;
  return {status, "application/json", json{{"error", e.to_json()}}.dump()};
}
}  // namespace

void add_citizen_route(server::WsServer& ws, app::Engine& engine, CitizenLimits limits) {
  ws.add_http_route("POST", "/api/citizen/hazards",
                    [&engine, limits](const std::string&, const std::string& body, const std::string&,
                                      std::function<void(server::HttpResponse)> respond) {
                      json report;
                      try {
                        report = citizen_report_body(body, limits);
                      } catch (const ApiError& e) {
                        respond(error_response(e));
                        return;
                      }
                      engine.post([&engine, report, respond] {
                        auto result = std::make_shared<json>();
                        auto error = std::make_shared<std::optional<ApiError>>();
                        engine.run_system("live", [&](domain::OpContext& ctx) {
                          try {
                            *result = engine.ops().find("hazard.report")->handler(ctx, report);
                          } catch (const ApiError& e) {
                            *error = e;
                            throw;
                          }
                        });
                        if (*error) return respond(error_response(**error));
                        if (result->is_null()) return respond(error_response(ApiError("storage_failure")));
                        respond({result->value("duplicate", false) ? 200 : 201, "application/json", result->dump()});
                      });
                    });
}

}  // namespace lifeline::supplies
