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

std::string bearer(const std::string& header) {
  const std::string prefix = "Bearer ";
  return header.rfind(prefix, 0) == 0 ? header.substr(prefix.size()) : "";
}

// POST /api/cap: warning.import as the session's user (the role matrix decides who may), in live.
void post_cap(app::Engine& engine, const std::string& body, const std::string& auth, Respond respond) {
  // Refused before the state thread sees it: a huge body costs nothing but this check.
  if (body.size() > cap::kDefaultMaxBytes) return respond(error_response(ApiError("cap_too_large", std::to_string(body.size()) + " bytes")));
  engine.post([&engine, body, token = bearer(auth), respond] {
    auto actor = token.empty() ? std::nullopt : engine.actor_for_token(token);
    if (!actor) return respond(error_response(ApiError("unauthenticated")));
    if (!engine.ops().allowed("warning.import", actor->role)) return respond(error_response(ApiError("forbidden", "warning.import")));
    server::respond_with_op(engine, *actor, "warning.import", {{"xml", body}}, respond);
  });
}

bool strip(std::string& s, const std::string& prefix, const std::string& suffix) {
  if (s.size() < prefix.size() + suffix.size() || s.rfind(prefix, 0) != 0 ||
      s.compare(s.size() - suffix.size(), suffix.size(), suffix) != 0)
    return false;
  s = s.substr(prefix.size(), s.size() - prefix.size() - suffix.size());
  return true;
}

// GET /api/cap/...: public documents, read on the state thread.
void get_cap(app::Engine& engine, std::string path, Respond respond) {
  engine.post([&engine, path, respond] {
    try {
      std::string id = path;
      std::optional<std::string> xml;
      if (id == "/api/cap/feed.atom") {
        return respond({200, "application/atom+xml; charset=utf-8", warnings_atom(engine.live(), engine.clock().now_ms(), path)});
      } else if (strip(id, "/api/cap/incident/", ".xml")) {
        // Incident ids are unique across realms; a drill's incident is published as an Exercise.
        for (const auto& realm : engine.realm_names())
          if (!xml) xml = incident_cap_xml(*engine.realm(realm), id, realm != "live");
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

void add_cap_routes(server::WsServer& ws, app::Engine& engine) {
  ws.add_http_route("POST", "/api/cap", [&engine](const std::string& path, const std::string& body, const std::string& auth, Respond respond) {
    if (path != "/api/cap") return respond(error_response(ApiError("not_found", path)));
    post_cap(engine, body, auth, std::move(respond));
  });
  ws.add_http_route("GET", "/api/cap/", [&engine](const std::string& path, const std::string&, const std::string&, Respond respond) {
    get_cap(engine, path, std::move(respond));
  });
}

}  // namespace lifeline::warnings
