// Orders for tasks: every task.assign sends an `order` envelope to the team (ack human, the answer
// moves the task), every task.cancel a `task` envelope saying so; same transaction as the task.
// Each order opens a receipt deadline (schema/bus.md §4): not delivered within its precedence's
// limit, it is an alarm on the order, escalated like every deadline, until the device receipt,
// the team's answer by any way, or the cancellation settles it; task.reroute sends it over the
// next link at once.
#include <algorithm>

#include "lifeline/api_error.hpp"
#include "lifeline/deadlines/deadlines.hpp"
#include "lifeline/delivery/delivery_service.hpp"
#include "lifeline/domain/body_reader.hpp"
#include "lifeline/time_format.hpp"

namespace lifeline::delivery {

using nlohmann::json;

namespace {
constexpr const char* kReceiptKind = "order.receipt";

struct ReceiptLimit {
  const char* precedence;
  int64_t ms;
  const char *zh, *en;
};
// schema/bus.md §4: FLASH 2 min, IMMEDIATE 10 min, PRIORITY 30 min, ROUTINE 2 h.
constexpr ReceiptLimit kReceiptLimits[] = {{"flash", 2 * 60'000, "特急", "FLASH"},
                                           {"immediate", 10 * 60'000, "紧急", "IMMEDIATE"},
                                           {"priority", 30 * 60'000, "加急", "PRIORITY"},
                                           {"routine", 120 * 60'000, "平件", "ROUTINE"}};

void open_receipt_deadline(domain::OpContext& ctx, const json& task, const std::string& precedence) {
  const auto* limit = &kReceiptLimits[3];
  for (const auto& l : kReceiptLimits)
    if (precedence == l.precedence) limit = &l;
  auto team = ctx.store().query_one("SELECT name, name_en FROM teams WHERE id = ?", {task["team_id"]});
  std::string zh = team.is_null() ? task["team_id"].get<std::string>() : team["name"].get<std::string>();
  std::string en = team.is_null() || team["name_en"] == "" ? zh : team["name_en"].get<std::string>();
  deadlines::DeadlineSpec spec;
  spec.kind = kReceiptKind;
  spec.subject = task["id"];
  spec.title_zh = std::string(limit->zh) + "指令送达" + zh;
  spec.title_en = std::string(limit->en) + " order reaches " + en;
  spec.due_at = ctx.now() + limit->ms;
  deadlines::open(ctx, spec);
}
// The order's text: the officer's note, then the members the team keeps back from a rescue (they
// failed their comms test, ops_tasks.cpp). In the note so that every link and handheld shows it.
std::string order_note(const json& task) {
  std::string note = task["note"];
  auto held = json::parse(task["held_back"].get<std::string>(), nullptr, false);
  if (!held.is_array() || held.empty()) return note;
  std::string names;
  for (const auto& m : held) names += (names.empty() ? "" : "、") + m.value("name", std::string());
  // One line (a handheld's list and a radio's display show one): in brackets after the note.
  if (note.empty()) return "通信考核未通过，不参加本次救援：" + names;
  return note + "（通信考核未通过，不参加本次救援：" + names + "）";
}
}  // namespace

void DeliveryService::order_received(domain::OpContext& ctx, const std::string& message_id, const std::string& recipient) {
  auto it = pending_.find({message_id, recipient});
  if (it == pending_.end() || it->second.kind != "order" || it->second.correlation_id.empty()) return;
  deadlines::meet(ctx, kReceiptKind, it->second.correlation_id);
}

json DeliveryService::op_task_reroute(domain::OpContext& ctx, const json& body) {
  domain::BodyReader r(body);
  auto id = r.id("id");
  r.finish();
  auto task = ctx.store().query_one("SELECT id, team_id, status FROM tasks WHERE id = ?", {id});
  if (task.is_null()) throw ApiError("not_found", "task " + id, "没有此任务");
  if (task["status"] != "ordered") throw ApiError("invalid_transition", "the team has already answered this order", "队伍已答复此指令");
  auto msg = ctx.store().query_one(
      "SELECT id FROM messages WHERE correlation_id = ? AND kind = 'order' ORDER BY created_at DESC LIMIT 1", {id});
  auto it = msg.is_null() ? pending_.end() : pending_.find({msg["id"].get<std::string>(), "team:" + task["team_id"].get<std::string>()});
  if (it == pending_.end() || it->second.realm != ctx.realm())
    throw ApiError("invalid_transition", "the order is no longer waiting for its receipt", "指令已不在等待送达");
  // The index changes only when the events commit (on_commit); the link given up on is a hint
  // the tick's failback honours too.
  Pending copy = it->second;
  std::string from = copy.channel;
  if (!from.empty()) copy.avoid.insert(from);
  auto rungs = ladder(copy.recipient, ctx.now());
  bool other = std::any_of(rungs.begin(), rungs.end(),
                           [&](const bus::Rung& rung) { return rung.health != bus::Health::down && !copy.avoid.count(rung.channel); });
  if (!other) throw ApiError("no_route", "no other link of the team is up", "该队没有其他可用链路");
  route(ctx, copy, "operator: next link" + (from.empty() ? std::string() : " after " + from));
  it->second.avoid = copy.avoid;
  json out = {{"id", id}, {"message_id", copy.message_id}, {"state", copy.state}, {"channel", copy.channel}};
  if (copy.state != "sent") out["reason"] = copy.last_choice;
  return out;
}

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
    json order = {{"task_id", task["id"]}, {"what", task["what"]}, {"note", order_note(task)}};
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
    open_receipt_deadline(ctx, task, precedence);
    return result;
  });
  auto cancel = ops.find("task.cancel")->handler;
  ops.add("task.cancel", [this, cancel](domain::OpContext& ctx, const json& body) {
    json result = cancel(ctx, body);
    auto task = ctx.store().query_one("SELECT * FROM tasks WHERE id = ?", {result["id"]});
    // An order still queued for the team (never handed to any link) is withdrawn: otherwise a team
    // cut off would get the order and then the notice that it is void, in that order.
    int withdrawn = 0;
    for (auto& [key, p] : pending_)
      if (p.kind == "order" && p.correlation_id == task["id"] && p.realm == ctx.realm() && p.state == "queued") {
        Pending copy = p;
        set_state(ctx, copy, "expired", "withdrawn: the task was cancelled before the order went out");
        ++withdrawn;
      }
    result["orders_withdrawn"] = withdrawn;
    // The notice goes only where an order may have arrived (handed to a link, delivered or read).
    auto out = ctx.store().query_one(
        "SELECT COUNT(*) AS n FROM deliveries d JOIN messages m ON m.id = d.message_id WHERE m.correlation_id = ? "
        "AND m.kind = 'order' AND d.state IN ('sent', 'delivered', 'read')", {task["id"]});
    if (out["n"].get<int64_t>() == 0 && withdrawn > 0) return result;
    auto sent = op_send(ctx, {{"to", "team:" + task["team_id"].get<std::string>()}, {"kind", "task"},
                              {"precedence", "immediate"}, {"ack", "device"}, {"correlation_id", task["id"]},
                              {"realm", ctx.realm()},
                              {"body", {{"task_id", task["id"]}, {"status", "cancelled"}, {"reason", task["reason"]}}}});
    result["message_id"] = sent["id"];
    return result;
  });
  ops.add("task.reroute", [this](domain::OpContext& ctx, const json& body) { return op_task_reroute(ctx, body); });
  // The team answered by any way (the order's answer, a status phoned in or sent over a thin link):
  // the order reached it. A cancelled order is no longer awaited.
  engine_.reactions().on("task.status_changed", "orders: the team's answer settles the receipt alarm",
                         [](domain::OpContext& ctx, const store::Event& e) {
                           if (e.body.value("from", "") != "ordered") return;
                           if (e.body.value("to", "") == "cancelled") deadlines::cancel(ctx, kReceiptKind, e.subject);
                           else deadlines::meet(ctx, kReceiptKind, e.subject);
                         });
}

}  // namespace lifeline::delivery
