// A request on its way to the state thread, and how its answer gets back.
#pragma once
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

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
};

// {type: res, rid, ok: true, result} / {type: res, rid, ok: false, error}
json make_ok(const std::string& rid, json result);
json make_error(const std::string& rid, json error);

}  // namespace lifeline::app
