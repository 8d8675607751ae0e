#include "lifeline/app/request.hpp"

#include "lifeline/api_error.hpp"

namespace lifeline::app {

void decode_request_frame(const json& frame, size_t max_body_bytes, Request& r, json& rid) {
  if (!frame.is_object()) throw ApiError("bad_frame", "a frame is an object with a string 'type'");
  rid = frame.contains("rid") ? frame["rid"] : json();
  if (rid.is_null()) throw ApiError("missing_field", "rid");
  if (!rid.is_string() && !rid.is_number_integer()) {
    rid = nullptr;  // not echoable
    throw ApiError("bad_field", "rid must be a string or an integer");
  }
  if (!frame.contains("op") || !frame["op"].is_string()) throw ApiError("missing_field", "op");
  for (const auto& [k, v] : frame.items())
    if (k != "type" && k != "rid" && k != "op" && k != "body" && k != "token" && k != "realm") throw ApiError("unknown_field", k);
  json body = frame.contains("body") ? frame["body"] : json::object();
  if (body.is_null()) body = json::object();  // "body": null is the same as no body
  if (!body.is_object()) throw ApiError("bad_field", "body must be an object");
  if (body.dump().size() > max_body_bytes) throw ApiError("body_too_large");
  if (frame.contains("token") && !frame["token"].is_string()) throw ApiError("bad_field", "token must be a string");
  if (frame.contains("realm") && !frame["realm"].is_string()) throw ApiError("bad_field", "realm must be a string");
  r.rid = rid.is_string() ? rid.get<std::string>() : std::to_string(rid.get<int64_t>());
  r.op = frame["op"].get<std::string>();
  r.token = frame.contains("token") ? frame["token"].get<std::string>() : std::string();
  r.realm = frame.contains("realm") ? frame["realm"].get<std::string>() : std::string("live");
  r.body = std::move(body);
}

json make_ok(const std::string& rid, json result) {
  return {{"type", "res"}, {"rid", rid}, {"ok", true}, {"result", std::move(result)}};
}

json make_error(const std::string& rid, json error) {
  return {{"type", "res"}, {"rid", rid}, {"ok", false}, {"error", std::move(error)}};
}

}  // namespace lifeline::app
