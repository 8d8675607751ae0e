#include "lifeline/supplies/citizen_route.hpp"

#include <memory>

#include "lifeline/api_error.hpp"
#include "lifeline/server/http_op.hpp"

namespace lifeline::supplies {

using nlohmann::json;

using server::error_response;

void add_citizen_route(server::WsServer& ws, app::Engine& engine, int per_minute_per_address, CitizenLimits limits) {
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
                      // A citizen has no login: the report is the system's, on the citizen's behalf.
                      app::Request r;
                      r.op = "hazard.report";
                      r.peer = domain::Actor{"", "citizen", "system", "", ""};
                      r.body = std::move(report);
                      server::submit_http_op(engine, std::move(r), std::move(respond));
                    },
                    per_minute_per_address);
}

}  // namespace lifeline::supplies
