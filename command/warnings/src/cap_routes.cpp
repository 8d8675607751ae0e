#include "lifeline/warnings/cap_routes.hpp"

#include <memory>

#include "lifeline/api_error.hpp"
#include "lifeline/cap/cap_import.hpp"
#include "lifeline/server/http_op.hpp"
#include "lifeline/warnings/cap_documents.hpp"

namespace lifeline::warnings {

using nlohmann::json;

namespace {

using server::error_response;
using server::Respond;

const char* kCapType = "application/cap+xml; charset=utf-8";

// POST /api/cap: warning.import as the session's user, in live, through the one gate.
void post_cap(app::Engine& engine, const std::string& body, const std::string& auth, Respond respond) {
  // Refused before the state thread sees it: a huge body costs nothing but this check.
  if (body.size() > cap::kDefaultMaxBytes) return respond(error_response(ApiError("cap_too_large", std::to_string(body.size()) + " bytes")));
  app::Request r;
  r.op = "warning.import";
  r.token = server::bearer_token(auth);
  r.body = {{"xml", body}};
  server::submit_http_op(engine, std::move(r), std::move(respond));
}

// GET /api/cap/incident/<id>.xml: the incident's notice for a logged-in user whose scope holds
// it (incident.cap through the one gate), from whichever realm holds the incident.
void get_incident_cap(app::Engine& engine, const std::string& id, const std::string& auth, Respond respond) {
  engine.post([&engine, id, token = server::bearer_token(auth), respond]() mutable {
    app::Request r;
    r.op = "incident.cap";
    r.token = token;
    r.body = {{"id", id}};
    // Incident ids are unique across realms; a drill's incident is published as an Exercise.
    for (const auto& realm : engine.realm_names())
      if (!engine.realm(realm)->query_one("SELECT id FROM incidents WHERE id = ?", {id}).is_null()) {
        r.realm = realm;
        break;
      }
    server::submit_http_op(engine, std::move(r), std::move(respond),
                           [](const json& result) { return server::HttpResponse{200, kCapType, result.value("xml", "")}; });
  });
}

bool strip(std::string& s, const std::string& prefix, const std::string& suffix) {
  if (s.size() < prefix.size() + suffix.size() || s.rfind(prefix, 0) != 0 ||
      s.compare(s.size() - suffix.size(), suffix.size(), suffix) != 0)
    return false;
  s = s.substr(prefix.size(), s.size() - prefix.size() - suffix.size());
  return true;
}

// GET /api/cap/...: the public warnings, read on the state thread.
void get_cap(app::Engine& engine, std::string path, Respond respond) {
  engine.post([&engine, path, respond] {
    try {
      std::string id = path;
      std::optional<std::string> xml;
      if (id == "/api/cap/feed.atom") {
        return respond({200, "application/atom+xml; charset=utf-8", warnings_atom(engine.live(), engine.clock().now_ms(), path)});
      } else if (strip(id, "/api/cap/", ".xml")) {
        xml = warning_cap_xml(engine.live(), id);
      }
      if (!xml) return respond(error_response(ApiError("not_found", path)));
      respond({200, kCapType, *xml});
    } catch (const ApiError& e) {
      respond(error_response(e));
    } catch (const std::exception& e) {
      respond(error_response(ApiError("internal", e.what())));
    }
  });
}

}  // namespace

void add_cap_routes(server::WsServer& ws, app::Engine& engine, int per_minute_per_address) {
  ws.add_http_route("POST", "/api/cap", [&engine](const std::string& path, const std::string& body, const std::string& auth, Respond respond) {
    if (path != "/api/cap") return respond(error_response(ApiError("not_found", path)));
    post_cap(engine, body, auth, std::move(respond));
  }, per_minute_per_address);
  ws.add_http_route("GET", "/api/cap/", [&engine](const std::string& path, const std::string&, const std::string& auth, Respond respond) {
    std::string incident = path;
    if (strip(incident, "/api/cap/incident/", ".xml")) return get_incident_cap(engine, incident, auth, std::move(respond));
    get_cap(engine, path, std::move(respond));
  }, per_minute_per_address);
}

}  // namespace lifeline::warnings
