#include "lifeline/field/outbox_sender.hpp"

#include <set>

#include "lifeline/time_format.hpp"

namespace lifeline::field {

IpRequest ip_request_for(const OutboxItem& item, const std::string& team_id) {
  const json& b = item.body;
  if (item.kind == "receipt") {
    json body = {{"id", b.at("message_id")}, {"level", b.value("level", "device")}};
    if (b.contains("answer")) body["answer"] = b["answer"];
    if (b.contains("reason") && !b["reason"].get<std::string>().empty()) body["reason"] = b["reason"];
    return {"bus.ack", body, b.value("realm", "live")};
  }
  if (item.kind == "status") {
    json body = {{"id", b.at("task_id")}, {"status", b.at("status")}};
    if (!b.value("reason", "").empty()) body["reason"] = b["reason"];
    return {"task.update_status", body, b.value("realm", "live")};
  }
  if (item.kind == "report") {
    json body = {{"text", b.at("text")}, {"reported_at", format_rfc3339_ms(b.value("at_ms", item.created_ms))}};
    json env = {{"id", item.id}, {"to", "role:duty_officer"}, {"kind", "report"},
                {"precedence", b.value("precedence", "priority")}, {"ack", "device"}};
    // A report on a task is correlated with it, so the desk finds it at the task's incident.
    if (b.contains("task_id")) body["task_id"] = b["task_id"], env["correlation_id"] = b["task_id"];
    env["body"] = body;
    const std::string realm = b.value("realm", "live");
    if (realm != "live") env["realm"] = realm;  // a report on a drill's task stays in the drill
    return {"bus.send", env, realm};
  }
  if (item.kind == "position") {
    return {"team.report_position", {{"id", team_id}, {"lat", b.at("lat")}, {"lon", b.at("lon")},
                                      {"fix_at", format_rfc3339_ms(b.at("fix_ms").get<int64_t>())}}};
  }
  throw FieldError("bad_outbox_item", "unknown outbox kind " + item.kind);
}

json terminal_uplink_for(const OutboxItem& item) {
  const json& b = item.body;
  if (item.kind == "receipt") {
    json m = {{"kind", "receipt"}, {"id", b.at("message_id")}, {"level", b.value("level", "device")}};
    if (b.contains("answer")) m["answer"] = b["answer"];
    return m;
  }
  auto req = ip_request_for(item, "");
  if (item.kind == "status") return {{"kind", "status"}, {"body", req.body}};
  if (item.kind == "report") return {{"kind", "report"}, {"id", item.id}, {"precedence", req.body["precedence"]}, {"body", req.body["body"]}};
  json pos = req.body;
  pos.erase("id");  // the gateway applies it for the terminal's own team
  return {{"kind", "position"}, {"body", pos}};
}

Verdict classify(const OutboxItem& item, const json& res) {
  if (res.value("ok", false)) {
    const json r = res.value("result", json::object());
    if (r.value("duplicate", false)) return {Outcome::done, "duplicate (already at the centre)"};
    if (r.value("stale", false)) return {Outcome::done, "stale (a newer fix is at the centre)"};
    return {Outcome::done, r.contains("state") ? "state " + r["state"].get<std::string>() : ""};
  }
  const json err = res.value("error", json::object());
  const std::string code = err.value("code", "");
  const std::string message = err.value("message_en", "");
  if (code == "unauthenticated") return {Outcome::revoked, message};
  if (code == "invalid_transition" && item.kind == "status")
    return {Outcome::done, "centre kept its state: " + message};  // already applied, or the task was closed there
  static const std::set<std::string> transient = {"rate_limited", "internal", "storage_failure", "shutting_down"};
  if (transient.count(code) || code.empty()) return {Outcome::retry, code + " " + message};
  return {Outcome::refused, code + ": " + message};
}

}  // namespace lifeline::field
