// Uplinks from devices on thin links (via a gateway): the same operations as over IP, on behalf
// of the device's team, with the channel recorded in the event.
#include "lifeline/api_error.hpp"
#include "lifeline/delivery/delivery_service.hpp"
#include "lifeline/log.hpp"

namespace lifeline::delivery {

using nlohmann::json;

void DeliveryService::gateway_uplink(const std::string& channel, const std::string& address, const json& message,
                                     const std::string& via) {
  auto owner = owner_of_address_.find({channel, address});
  if (owner == owner_of_address_.end()) {
    log_warn("delivery", "uplink from an unknown terminal dropped", {{"channel", channel}, {"address", address}});
    return;
  }
  if (owner->second.rfind("team:", 0) != 0) return;
  std::string team = owner->second.substr(5);
  domain::Actor device{"", "device", "team_lead", team, ""};
  device.username = channel + ":" + address;
  device.peer = via;  // audited as the gateway that carried it, never a bare "system"
  const std::string kind = message.value("kind", "");
  // A task's status, and a report on a task or an incident named by its id, go to the realm that
  // holds it: a drill's order is answered in its drill over a thin link too. Positions are the
  // team's real ones, and an incident named by its number could be live's: live.
  std::string realm = "live";
  const json* body = message.contains("body") && message["body"].is_object() ? &message["body"] : nullptr;
  auto ref = [&](const char* key) { return body && body->contains(key) && (*body)[key].is_string() ? (*body)[key].get<std::string>() : ""; };
  if (kind == "status" && !ref("id").empty()) realm = realm_holding("tasks", ref("id"));
  else if ((kind == "report" || kind == "text") && !ref("task_id").empty()) realm = realm_holding("tasks", ref("task_id"));
  else if ((kind == "report" || kind == "text") && !ref("incident_id").empty()) realm = realm_holding("incidents", ref("incident_id"));
  auto events = engine_.run_as(realm, device, channel, [&](domain::OpContext& ctx) {
    try {
      if (kind == "position") {
        engine_.ops().find("team.report_position")->handler(ctx, message.at("body"));
      } else if (kind == "status") {
        engine_.ops().find("task.update_status")->handler(ctx, message.at("body"));
      } else if (kind == "report" || kind == "text") {
        json env = {{"to", "role:duty_officer"}, {"kind", kind}, {"precedence", message.value("precedence", "priority")},
                    {"ack", "device"}, {"body", message.at("body")}};
        if (message.contains("id")) env["id"] = message["id"];
        if (ctx.realm() != "live") env["realm"] = ctx.realm();
        // The codec names an incident by its number: the desk files the report by the id.
        if (json& b = env["body"]; b.is_object() && b.contains("incident_number") && b["incident_number"].is_string() &&
                                   !b.contains("incident_id")) {
          auto incident = ctx.store().query_one("SELECT id FROM incidents WHERE number = ?", {b["incident_number"]});
          if (!incident.is_null()) b["incident_id"] = incident["id"];
        }
        // A report names its task (IP) or its incident (the codec's report): correlated with it, so
        // the desk finds it at the incident; one naming work not the team's is still delivered, filed
        // with nothing.
        const json& body = env["body"];
        for (const char* ref : {"task_id", "incident_id"})
          if (body.is_object() && body.contains(ref) && body[ref].is_string() && !body[ref].get<std::string>().empty() &&
              team_may_correlate(ctx, team, body[ref].get<std::string>())) {
            env["correlation_id"] = body[ref];
            break;
          }
        op_send(ctx, env);
      } else {
        throw ApiError("bad_frame", "uplink kind '" + kind + "'");
      }
    } catch (const ApiError& e) {
      // A duplicate or stale uplink (resent over a thin link) is refused like any request: logged,
      // nothing changed.
      log_warn("delivery", "uplink refused", {{"channel", channel}, {"address", address}, {"error", e.what()}});
    }
  });
  (void)events;
}

}  // namespace lifeline::delivery
