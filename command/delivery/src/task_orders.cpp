// Orders for tasks: every task.assign sends an `order` envelope to the team (ack human, the answer
// moves the task), every task.cancel a `task` envelope saying so; same transaction as the task.
#include "lifeline/api_error.hpp"
#include "lifeline/delivery/delivery_service.hpp"
#include "lifeline/time_format.hpp"

namespace lifeline::delivery {

using nlohmann::json;

void DeliveryService::wrap_task_ops() {
  auto& ops = engine_.ops();
  auto assign = ops.find("task.assign")->handler;
  ops.add("task.assign", [this, assign](domain::OpContext& ctx, const json& body) {
    json task_body = body;
    std::string precedence = "immediate";
    int64_t ttl_ms = 24LL * 3600 * 1000;
    if (body.is_object() && body.contains("precedence")) {
      if (!body["precedence"].is_string()) throw ApiError("bad_field", "body.precedence must be a string");
      precedence = body["precedence"];
      bus::precedence_from(precedence);  // validates
      task_body.erase("precedence");
    }
    if (body.is_object() && body.contains("ttl_ms")) {
      if (!body["ttl_ms"].is_number_integer() || body["ttl_ms"].get<int64_t>() <= 0)
        throw ApiError("bad_field", "body.ttl_ms must be a positive integer");
      ttl_ms = body["ttl_ms"];
      task_body.erase("ttl_ms");
    }
    json result = assign(ctx, task_body);
    auto task = ctx.store().query_one("SELECT * FROM tasks WHERE id = ?", {result["id"]});
    json order = {{"task_id", task["id"]}, {"what", task["what"]}, {"note", task["note"]}};
    if (!task["incident_id"].is_null()) {
      order["incident_id"] = task["incident_id"];
      // The number is how a thin link names the incident (schema/codec.md §4.1): no dictionary
      // update before the first order of a new incident. Live only: a drill numbers its incidents
      // from 0001 too, and what the field sends back over a thin link is read in live, so a drill
      // order keeps naming its incident by id (through the dictionary).
      auto incident = ctx.store().query_one("SELECT number FROM incidents WHERE id = ?", {task["incident_id"]});
      if (!incident.is_null() && ctx.realm() == "live") order["incident_number"] = incident["number"];
    }
    if (task["place_name"] != "") order["place"] = {{"name", task["place_name"]}};
    if (!task["lat"].is_null()) {
      order["place"]["lat"] = task["lat"];
      order["place"]["lon"] = task["lon"];
    }
    if (!task["due_at"].is_null()) order["due_at"] = format_rfc3339_ms(task["due_at"]);
    auto sent = op_send(ctx, {{"to", "team:" + task["team_id"].get<std::string>()}, {"kind", "order"},
                              {"precedence", precedence}, {"ack", "human"}, {"ttl_ms", ttl_ms},
                              {"correlation_id", task["id"]}, {"realm", ctx.realm()}, {"body", order}});
    result["message_id"] = sent["id"];
    result["deliveries"] = sent["deliveries"];
    return result;
  });
  auto cancel = ops.find("task.cancel")->handler;
  ops.add("task.cancel", [this, cancel](domain::OpContext& ctx, const json& body) {
    json result = cancel(ctx, body);
    auto task = ctx.store().query_one("SELECT * FROM tasks WHERE id = ?", {result["id"]});
    auto sent = op_send(ctx, {{"to", "team:" + task["team_id"].get<std::string>()}, {"kind", "task"},
                              {"precedence", "immediate"}, {"ack", "device"}, {"correlation_id", task["id"]},
                              {"realm", ctx.realm()},
                              {"body", {{"task_id", task["id"]}, {"status", "cancelled"}, {"reason", task["reason"]}}}});
    result["message_id"] = sent["id"];
    return result;
  });
}

}  // namespace lifeline::delivery
