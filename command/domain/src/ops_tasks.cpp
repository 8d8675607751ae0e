// Tasks: orders from the centre to a team, and their lifecycle
// ordered → acknowledged → en_route → on_scene → returning → done / failed / cancelled.
#include <algorithm>

#include "lifeline/api_error.hpp"
#include "lifeline/domain/paging.hpp"
#include "lifeline/domain/body_reader.hpp"
#include "lifeline/domain/enums.hpp"
#include "lifeline/domain/op_registry.hpp"
#include "lifeline/uuid7.hpp"

namespace lifeline::domain {

namespace {

// Seed-digest §8: "team members who fail the comms test may not join rescues". The tasks that take
// a team into the disaster area are rescues (enums.json rescue_task_types); an order for one names
// the team's members on post whose latest comms test failed, and the team goes without them
// (schema/protocol.md task.assign).
bool is_rescue(const std::string& what) {
  const auto& rescues = enums().rescue_task_types;
  return std::find(rescues.begin(), rescues.end(), what) != rescues.end();
}

json members_held_back(OpContext& ctx, const std::string& team_id, const std::string& what) {
  json out = json::array();
  if (!is_rescue(what)) return out;
  for (auto& m : ctx.store().query("SELECT id, name, comms_tested_on FROM members WHERE team_id = ? AND on_duty = 1 "
                                   "AND comms_test = 'failed' ORDER BY name", {team_id}))
    out.push_back({{"member_id", m["id"]}, {"name", m["name"]}, {"tested_on", m["comms_tested_on"]}});
  return out;
}

json task_assign(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto team_id = r.str("team_id", 64);
  auto what = r.one_of("what", enums().task_types);
  auto incident_id = r.opt_id("incident_id");
  auto note = r.opt_str("note", 500).value_or("");
  auto place = r.has("place") ? read_place(r.object("place"), false) : json::object();
  auto due_at = r.opt_time("due_at");
  auto id = r.opt_id("id").value_or(uuid7_string(ctx.now()));
  r.finish();
  auto team = ctx.must_find("teams", team_id);
  ctx.require_scope(team["unit_id"]);
  if (incident_id) {
    auto inc = ctx.must_find("incidents", *incident_id);
    if (inc["status"] == "closed") throw ApiError("invalid_transition", "incident is closed", "事件已关闭");
    // An order given from an incident without a place of its own goes to the incident's place: the
    // team (on a radio too) is told where, not only what.
    if (place.value("name", "").empty() && !place.contains("lat") && inc["place_name"].is_string() && inc["place_name"] != "") {
      place = {{"name", inc["place_name"]}};
      if (inc["lat"].is_number() && inc["lon"].is_number()) place["lat"] = inc["lat"], place["lon"] = inc["lon"];
    }
  }
  if (due_at && *due_at <= ctx.now()) throw ApiError("bad_field", "body.due_at is in the past", "完成时限早于当前时间");
  if (!ctx.store().query_one("SELECT id FROM tasks WHERE id = ?", {id}).is_null()) throw ApiError("conflict", "task " + id);
  json ev = {{"team_id", team_id}, {"what", what}, {"note", note}, {"place", place}};
  if (incident_id) ev["incident_id"] = *incident_id;
  if (due_at) ev["due_at"] = *due_at;
  auto held_back = members_held_back(ctx, team_id, what);
  if (!held_back.empty()) ev["held_back"] = held_back;
  ctx.emit("task.created", id, ev);
  json out = {{"id", id}, {"status", "ordered"}};
  if (!held_back.empty()) out["held_back"] = held_back;
  return out;
}

// A team on its way or on scene is out (已出动), and counted so on the map, in readiness and the
// metrics; when its last task ends it is back on call (待命). Readiness set by hand otherwise
// (off duty, standby) is left as it is.
void follow_task_with_readiness(OpContext& ctx, const std::string& team_id, const std::string& task_id, const std::string& to) {
  auto team = ctx.store().query_one("SELECT readiness FROM teams WHERE id = ?", {team_id});
  if (team.is_null()) return;
  const std::string readiness = team["readiness"];
  if ((to == "en_route" || to == "on_scene") && (readiness == "available" || readiness == "standby")) {
    ctx.emit("team.readiness_changed", team_id, {{"from", readiness}, {"to", "deployed"}, {"reason", "task"}, {"task_id", task_id}});
  } else if ((to == "done" || to == "failed" || to == "cancelled") && readiness == "deployed") {
    auto busy = ctx.store().query_one(
        "SELECT COUNT(*) AS n FROM tasks WHERE team_id = ? AND id <> ? AND status IN ('en_route','on_scene','returning')",
        {team_id, task_id});
    if (busy["n"].get<int64_t>() != 0) return;
    // Back to what it was before a task took it out; a team deployed by hand stays deployed.
    auto last = ctx.store().query_one(
        "SELECT body FROM events WHERE kind = 'team.readiness_changed' AND subject = ? ORDER BY seq DESC LIMIT 1", {team_id});
    if (last.is_null()) return;
    auto body = json::parse(last["body"].get<std::string>(), nullptr, false);
    if (!body.is_object() || body.value("reason", "") != "task" || !body.contains("from") || !body["from"].is_string()) return;
    ctx.emit("team.readiness_changed", team_id,
             {{"from", readiness}, {"to", body["from"]}, {"reason", "task ended"}, {"task_id", task_id}});
  }
}

json change_status(OpContext& ctx, const std::string& id, const std::string& to, const std::string& reason) {
  auto task = ctx.must_find("tasks", id);
  ctx.require_own_team(task["team_id"]);
  std::string from = task["status"];
  if (!enums().task_transition_ok(from, to)) throw ApiError("invalid_transition", from + " -> " + to, from + " → " + to);
  ctx.emit("task.status_changed", id, {{"from", from}, {"to", to}, {"reason", reason}, {"team_id", task["team_id"]}});
  follow_task_with_readiness(ctx, task["team_id"], id, to);
  return {{"id", id}, {"status", to}};
}

json task_update_status(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto id = r.id("id");
  auto to = r.one_of("status", enums().task_status);
  auto reason = r.opt_str("reason", 200).value_or("");
  r.finish();
  if (to == "cancelled") throw ApiError("forbidden", "use task.cancel", "请使用 task.cancel 取消任务");
  if (to == "failed" && reason.empty()) throw ApiError("missing_field", "body.reason (required when failed)");
  return change_status(ctx, id, to, reason);
}

json task_cancel(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto id = r.id("id");
  auto reason = r.str("reason", 200);
  r.finish();
  auto task = ctx.must_find("tasks", id);
  auto team = ctx.must_find("teams", task["team_id"]);
  ctx.require_scope(team["unit_id"]);
  return change_status(ctx, id, "cancelled", reason);
}

json task_list(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto team_id = r.opt_str("team_id", 64);
  auto incident_id = r.opt_id("incident_id");
  auto open_only = r.opt_boolean("open").value_or(true);
  auto page_request = read_page_request(r);
  r.finish();
  // Team roles see their own team's tasks only.
  if (ctx.actor().is_team_role()) team_id = ctx.actor().unit_id;
  PageQuery q;
  q.table = "tasks";
  q.order_by = "created_at";
  q.scope_kind = "task";
  if (team_id) q.where += " AND team_id = ?", q.params.push_back(*team_id);
  if (incident_id) q.where += " AND incident_id = ?", q.params.push_back(*incident_id);
  if (open_only) q.where += " AND status NOT IN ('done','failed','cancelled')";
  auto page = read_page(ctx, q, page_request);
  return {{"tasks", std::move(page.rows)}, {"next_cursor", page.next_cursor}};
}

}  // namespace

void register_task_ops(OpRegistry& r) {
  r.add("task.assign", task_assign);
  r.add("task.update_status", task_update_status);
  r.add("task.cancel", task_cancel);
  r.add("task.list", task_list, false);
}

}  // namespace lifeline::domain
