// A request on its way to the state thread, and how its answer gets back.
#pragma once
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "lifeline/domain/actor.hpp"

namespace lifeline::app {

using nlohmann::json;

// Called once, on the state thread, after the request's batch is committed (or failed). It must
// not block: the WebSocket layer posts the frame to its own thread.
using Reply = std::function<void(json res)>;

struct Request {
  std::string rid;            // echoed in the response
  std::string op;             // noun.verb
  std::string token;          // session token (from the frame or bound to the connection)
  std::string realm = "live"; // live | drill:<id>
  std::string channel = "ip"; // how it arrived: ip, beidou, ...
  std::string remote;         // peer address for the auth log
  uint64_t conn_id = 0;       // 0 for internal callers
  json body = json::object();
  Reply reply;
  // Internal only, never set from a frame: the password check's result on a login's second pass.
  std::optional<bool> password_ok;
  std::string login_user_id;
  // Internal only: a partner system authenticated by its enrolled CURVE key (node/gateway_hub). The
  // request runs as this actor (its department, audited as partner:<name>); no token is consulted.
  std::optional<domain::Actor> peer;
};

// A "req" frame of the WebSocket API or of the ZeroMQ partner interface (schema/protocol.md):
// {type: "req", rid, op, body?, token?, realm?} and nothing else; one decoder for both ingresses.
// Fills r.rid, op, body, realm and r.token (empty when the frame carries none: the caller uses the
// token bound to the connection). `rid` receives the client's rid (string or integer) as soon as it
// is known, so that an error reply can echo it. Throws ApiError: missing_field, unknown_field,
// bad_field, body_too_large.
void decode_request_frame(const json& frame, size_t max_body_bytes, Request& r, json& rid);

// {type: res, rid, ok: true, result} / {type: res, rid, ok: false, error}
json make_ok(const std::string& rid, json result);
json make_error(const std::string& rid, json error);

}  // namespace lifeline::app
