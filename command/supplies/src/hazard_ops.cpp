// Hazards (隐患), seed-digest §4. Citizen photo reports (随手拍): assigned ≤1 h, verification fed
// back ≤24 h, rectification fed back ≤7 days. Inspector-found hazards have none of those three: a
// general one is fixed the same day if possible, else ≤3 days from when it was found; a major one is
// reported upward ≤1 h and is under listed supervision with the five in place (五到位: target,
// measures, time, funds, responsible person). Any grade: acceptance ≤3 working days; a hazard whose
// rectification is overdue is listed for supervision (hazard_supervision.cpp).
#include "lifeline/api_error.hpp"
#include "lifeline/deadlines/deadlines.hpp"
#include "lifeline/deadlines/working_days.hpp"
#include "lifeline/domain/body_reader.hpp"
#include "lifeline/domain/paging.hpp"
#include "lifeline/supplies/hazard_closeout.hpp"
#include "lifeline/supplies/hazard_governance.hpp"
#include "lifeline/supplies/supplies.hpp"
#include "lifeline/uuid7.hpp"

namespace lifeline::supplies {

using domain::BodyReader;
using domain::OpContext;
using nlohmann::json;

namespace {

constexpr int64_t kHour = 3600LL * 1000;
constexpr int64_t kDay = 24 * kHour;

void open_deadline(OpContext& ctx, const std::string& kind, const json& h, int64_t due, const std::string& zh,
                   const std::string& en) {
  deadlines::DeadlineSpec s;
  s.kind = kind;
  s.subject = h["id"];
  std::string title = h["title"];
  s.title_zh = "隐患「" + title + "」" + zh;
  s.title_en = "Hazard \"" + title + "\": " + en;
  s.due_at = due;
  deadlines::open(ctx, s);
}

bool has_deadline(OpContext& ctx, const std::string& kind, const std::string& subject) {
  return !ctx.store().query_one("SELECT id FROM deadlines WHERE kind = ? AND subject = ?", {kind, subject}).is_null();
}

// The time limits a grade starts (once each): an inspector's general hazard is fixed within 3 days
// of being found (the same day if possible); a major hazard of any source is reported upward
// within 1 h. `h` needs id, title, source and created_at (ms).
void grade_known(OpContext& ctx, const json& h, const std::string& grade) {
  const std::string id = h["id"];
  if (grade == "general" && h["source"] != "citizen" && !has_deadline(ctx, "hazard.rectify", id))
    open_deadline(ctx, "hazard.rectify", h, h["created_at"].get<int64_t>() + 3 * kDay, "当日整改，最迟3日内完成",
                  "fix the same day, within 3 days at the latest");
  if (grade == "major" && !has_deadline(ctx, "hazard.report_up", id))
    open_deadline(ctx, "hazard.report_up", h, ctx.now() + kHour, "1小时内向上级报告", "report upward within 1 h");
}

json hazard_report(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto id = r.opt_id("id").value_or(uuid7_string(ctx.now()));
  auto title = r.str("title", 200);
  auto description = r.opt_str("description", 2000).value_or("");
  auto place = domain::read_place(r.object("place"), false);
  auto unit_id = r.opt_str("unit_id", 64);
  auto enterprise_id = r.opt_str("enterprise_id", 64);
  auto grade = r.opt_one_of("grade", {"general", "larger", "major"});
  auto photo_ref = r.opt_str("photo_ref", 500).value_or("");
  auto contact = r.opt_str("contact", 100).value_or("");
  auto client_key = r.opt_str("client_key", 100);
  auto source = r.opt_one_of("source", {"inspector", "citizen", "employee"}).value_or("inspector");
  // Found in a special campaign whose rectification is counted apart (hazards.md "Urban-rural fringe").
  auto campaign = r.opt_one_of("campaign", {"urban_rural_fringe"});
  r.finish();
  if (source == "citizen" && ctx.actor().role != "system")
    throw ApiError("forbidden", "citizen reports come through the citizen channel", "群众举报须经群众举报通道提交");
  // An employee reports a hazard of the enterprise they work at (企业职工举报), taken by a desk.
  if (source == "employee" && !enterprise_id)
    throw ApiError("missing_field", "body.enterprise_id: an employee's report names the enterprise", "正文.enterprise_id：职工举报须写明所在企业");
  if (client_key) {
    // Idempotent by client key: a resubmission returns the first report and changes nothing.
    auto prev = ctx.store().query_one("SELECT id, status FROM hazards WHERE client_key = ?", {*client_key});
    if (!prev.is_null()) return {{"id", prev["id"]}, {"status", prev["status"]}, {"duplicate", true}};
  }
  if (unit_id) {
    ctx.must_find("units", *unit_id);
    ctx.require_scope(*unit_id);
  }
  if (enterprise_id) {
    // Found at an enterprise: it joins the enterprise's file (一企一档); its keeper follows it.
    auto e = ctx.must_find("enterprises", *enterprise_id);
    ctx.require_scope(e["unit_id"]);
    if (!unit_id) unit_id = e["unit_id"].get<std::string>();
  }
  if (!ctx.store().query_one("SELECT id FROM hazards WHERE id = ?", {id}).is_null()) throw ApiError("conflict", "hazard " + id);
  json ev = {{"source", source}, {"title", title}, {"description", description}, {"place", place},
             {"photo_ref", photo_ref}, {"contact", contact}};
  if (client_key) ev["client_key"] = *client_key;
  if (unit_id) ev["unit_id"] = *unit_id;
  if (enterprise_id) ev["enterprise_id"] = *enterprise_id;
  if (grade) ev["grade"] = *grade;
  if (campaign) ev["campaign"] = *campaign;
  ctx.emit("hazard.reported", id, ev);
  json h = {{"id", id}, {"title", title}, {"source", source}, {"created_at", ctx.now()}};
  if (source == "citizen") {
    open_deadline(ctx, "hazard.assign", h, ctx.now() + kHour, "1小时内交办", "assign within 1 h");
    open_deadline(ctx, "hazard.verify", h, ctx.now() + 24 * kHour, "24小时内反馈核查结果", "verification feedback within 24 h");
    open_deadline(ctx, "hazard.rectify", h, ctx.now() + 7 * kDay, "7日内反馈整改结果", "rectification feedback within 7 days");
  } else if (grade) {
    grade_known(ctx, h, *grade);
  }
  return {{"id", id}, {"status", "reported"}};
}

json hazard_of(OpContext& ctx, const std::string& id, std::initializer_list<const char*> statuses, const char* to) {
  auto h = ctx.must_find("hazards", id);
  for (const char* s : statuses)
    if (h["status"] == s) return h;
  throw ApiError("invalid_transition", h["status"].get<std::string>() + " -> " + to,
                 h["status"].get<std::string>() + " → " + to);
}

json hazard_assign(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto id = r.id("id");
  auto unit_id = r.str("unit_id", 64);
  r.finish();
  hazard_of(ctx, id, {"reported"}, "assigned");
  ctx.must_find("units", unit_id);
  ctx.require_scope(unit_id);
  ctx.emit("hazard.assigned", id, {{"unit_id", unit_id}});
  deadlines::meet(ctx, "hazard.assign", id);
  return {{"id", id}, {"status", "assigned"}};
}

json hazard_verify(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto id = r.id("id");
  bool valid = r.boolean("valid");
  auto grade = r.opt_one_of("grade", {"general", "larger", "major"});
  auto note = r.opt_str("note", 500).value_or("");
  r.finish();
  auto h = hazard_of(ctx, id, {"assigned"}, "verified");
  ctx.require_scope(h["unit_id"]);
  if (valid && !grade && h["grade"].is_null()) throw ApiError("missing_field", "body.grade (required when valid)", "须定级");
  std::string g = grade ? *grade : (h["grade"].is_null() ? "" : h["grade"].get<std::string>());
  json ev = {{"valid", valid}, {"note", note}};
  if (valid) ev["grade"] = g;
  ctx.emit("hazard.verified", id, ev);
  deadlines::meet(ctx, "hazard.verify", id);
  if (!valid) {
    deadlines::cancel_all(ctx, id, "not a valid hazard");
  } else {
    // An inspector's general hazard regraded larger or major: its 3-day limit no longer applies
    // (the plan's deadline does).
    if (g != "general" && h["source"] != "citizen") deadlines::cancel(ctx, "hazard.rectify", id);
    grade_known(ctx, h, g);
  }
  return {{"id", id}, {"status", valid ? "rectifying" : "rejected"}, {"suspended", g == "larger"}, {"listed", g == "major"}};
}

// The five in place (五到位, seed-digest §4): target, measures, time (the deadline), funds,
// responsible person. The deadline becomes the rectification deadline for hazards without one.
json hazard_plan(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto id = r.id("id");
  auto f = r.object("five_in_place");
  auto target = f.str("target", 2000);
  auto measures = f.str("measures", 2000);
  auto deadline = f.time("deadline");
  auto funds = f.integer("funds_yuan", 0, 100000000000LL);
  auto owner = f.str("owner", 100);
  f.finish();
  r.finish();
  auto h = hazard_of(ctx, id, {"rectifying"}, "planned");
  ctx.require_scope(h["unit_id"]);
  if (deadline <= ctx.now()) throw ApiError("bad_field", "body.five_in_place.deadline is in the past", "整改时限早于当前时间");
  json five = {{"target", target}, {"measures", measures}, {"deadline", deadline}, {"funds_yuan", funds}, {"owner", owner}};
  ctx.emit("hazard.planned", id, {{"five_in_place", five}});
  if (ctx.store().query_one("SELECT id FROM deadlines WHERE kind = 'hazard.rectify' AND subject = ? AND status IN "
                            "('open','missed')", {id}).is_null())
    open_deadline(ctx, "hazard.rectify", h, deadline, "按五到位时限整改", "rectify by the five-in-place deadline");
  return {{"id", id}, {"five_in_place", five}};
}

// The enterprise reports the work done and applies for acceptance: ≤3 working days to accept.
json hazard_rectified(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto id = r.id("id");
  r.finish();
  auto h = hazard_of(ctx, id, {"rectifying"}, "accepting");
  ctx.require_scope(h["unit_id"]);
  if (h["grade"] == "major" && h["five_in_place"].is_null())
    throw ApiError("missing_field", "major hazards need the five in place first (hazard.plan)", "重大隐患须先落实五到位");
  ctx.emit("hazard.rectified", id, json::object());
  deadlines::meet(ctx, "hazard.rectify", id);
  open_deadline(ctx, "hazard.accept", h, deadlines::add_working_days(ctx.now(), 3), "3个工作日内验收",
                "acceptance within 3 working days");
  return {{"id", id}, {"status", "accepting"}};
}

json hazard_accept(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto id = r.id("id");
  bool passed = r.boolean("passed");
  bool third_party = r.opt_boolean("third_party").value_or(false);
  auto note = r.opt_str("note", 500).value_or("");
  r.finish();
  auto h = hazard_of(ctx, id, {"accepting"}, "accepted");
  ctx.require_scope(h["unit_id"]);
  // A major hazard's acceptance is the county's, and it waits for the city's close-out (hazard_closeout.cpp).
  const bool county_stage = h["grade"] == "major";
  if (county_stage) require_county_acceptance_desk(ctx, h);
  if (passed && h["grade"] == "larger" && !third_party)
    throw ApiError("bad_field", "larger hazards close only on a third-party acceptance (third_party: true)",
                   "较大隐患须经第三方验收方可恢复生产");
  json ev = {{"passed", passed}, {"third_party", third_party}, {"note", note}};
  if (county_stage) ev["stage"] = "county";
  ctx.emit("hazard.accepted", id, ev);
  deadlines::meet(ctx, "hazard.accept", id);
  if (!passed)
    open_deadline(ctx, "hazard.rectify", h, ctx.now() + 7 * kDay, "验收未通过，重新整改", "failed acceptance: rectify again");
  return {{"id", id}, {"status", !passed ? "rectifying" : county_stage ? "accepted" : "closed"}};
}

// A look-back re-check failed: the hazard is open again; its earlier events stay as they were.
json hazard_reopen(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto id = r.id("id");
  auto reason = r.str("reason", 500);
  r.finish();
  auto h = hazard_of(ctx, id, {"closed"}, "reopened");
  ctx.require_scope(h["unit_id"]);
  reopen_hazard(ctx, h, {{"reason", reason}});
  return {{"id", id}, {"status", "rectifying"}};
}

// Rewards (seed-digest §4): RMB 50–500 for a valid citizen report; RMB 500–1,000 for an
// employee who reported a major hazard of their enterprise.
json hazard_reward(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto id = r.id("id");
  auto amount = r.integer("amount_yuan", 1, 1000000);
  r.finish();
  auto h = ctx.must_find("hazards", id);
  const std::string source = h["source"];
  if (source == "citizen") {
    if (amount < 50 || amount > 500)
      throw ApiError("bad_field", "body.amount_yuan: a citizen report is rewarded RMB 50–500", "正文.amount_yuan：群众举报奖励为 50–500 元");
  } else if (source == "employee") {
    if (h["grade"] != "major")
      throw ApiError("bad_field", "employees are rewarded for reporting major hazards", "职工举报奖励仅适用于重大隐患");
    if (amount < 500 || amount > 1000)
      throw ApiError("bad_field", "body.amount_yuan: an employee's report of a major hazard is rewarded RMB 500–1,000",
                     "正文.amount_yuan：职工举报重大隐患奖励为 500–1000 元");
  } else {
    throw ApiError("bad_field", "rewards are for citizen reports and employees' reports of major hazards", "奖励仅适用于群众举报和职工举报重大隐患");
  }
  if (h["status"] == "reported" || h["status"] == "assigned" || h["status"] == "rejected")
    throw ApiError("invalid_transition", "only verified reports are rewarded", "核实有效后方可奖励");
  if (h["reward_yuan"].get<int64_t>() > 0) throw ApiError("conflict", "already rewarded", "已发放奖励");
  ctx.emit("hazard.rewarded", id, {{"amount_yuan", amount}});
  return {{"id", id}, {"reward_yuan", amount}};
}

// Reporting a major hazard upward (seed-digest §1: within 1 h): the first report meets the
// deadline, later ones are follow-ups, numbered. To the unit above the hazard's own unless named.
json hazard_report_up(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto id = r.id("id");
  auto text = r.str("text", 2000);
  auto to_unit = r.opt_str("to_unit", 64);
  r.finish();
  auto h = ctx.must_find("hazards", id);
  if (!h["unit_id"].is_null()) ctx.require_scope(h["unit_id"]);
  if (h["status"] == "rejected") throw ApiError("invalid_transition", "the report was not a valid hazard", "该隐患经核查无效");
  std::string to = to_unit.value_or("");
  if (to.empty()) {
    auto unit = h["unit_id"].is_string() ? ctx.store().query_one("SELECT parent_id FROM units WHERE id = ?", {h["unit_id"]}) : json();
    to = !unit.is_null() && unit["parent_id"].is_string() ? unit["parent_id"].get<std::string>() : "city";
  }
  auto unit = ctx.must_find("units", to);
  auto before = ctx.store().query_one("SELECT COUNT(*) AS n FROM events WHERE subject = ? AND kind = 'hazard.reported_up'", {id});
  const int64_t number = before["n"].get<int64_t>() + 1;
  ctx.emit("hazard.reported_up", id, {{"text", text}, {"to_unit", to}, {"to_unit_name", unit["name"]}, {"number", number}});
  const int met = deadlines::meet(ctx, "hazard.report_up", id);
  return {{"id", id}, {"number", number}, {"to_unit", to}, {"deadline_met", met > 0}};
}

json with_json(json h) {
  if (!h["five_in_place"].is_null()) h["five_in_place"] = json::parse(h["five_in_place"].get<std::string>());
  return h;
}

json hazard_get(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto id = r.id("id");
  r.finish();
  auto h = with_json(ctx.must_find("hazards", id));
  json history = json::array();
  for (const auto& e : ctx.store().events_for_subject(id)) history.push_back(e.to_json());
  h["history"] = history;
  if (!domain::Scope::sees_personal_data(ctx.actor())) {
    domain::Scope::redact_personal_data(h);
    for (auto& e : h["history"]) domain::Scope::redact_personal_data(e);
  }
  h["deadlines"] = ctx.store().query(
      "SELECT id, kind, due_at, status, escalation_level, met_at, on_time FROM deadlines WHERE subject = ? ORDER BY opened_at",
      {id});
  return h;
}

json hazard_list(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto status = r.opt_one_of("status", {"reported", "assigned", "rectifying", "accepting", "accepted", "closed", "rejected"});
  auto page_request = domain::read_page_request(r);
  r.finish();
  domain::PageQuery q;
  q.table = "hazards";
  q.order_by = "created_at";
  q.scope_kind = "hazard";
  if (status) q.where = "status = ?", q.params.push_back(*status);
  auto page = domain::read_page(ctx, q, page_request);
  const bool personal = domain::Scope::sees_personal_data(ctx.actor());
  for (auto& h : page.rows) {
    h = with_json(h);
    if (!personal) domain::Scope::redact_personal_data(h);
  }
  return {{"hazards", std::move(page.rows)}, {"next_cursor", page.next_cursor}};
}

}  // namespace

void reopen_hazard(OpContext& ctx, const json& h, const json& event_body) {
  ctx.emit("hazard.reopened", h["id"], event_body);
  open_deadline(ctx, "hazard.rectify", h, ctx.now() + 7 * kDay, "复查不合格，重新整改", "re-check failed: rectify again");
}

void register_hazard_ops(domain::OpRegistry& r) {
  r.add("hazard.report", hazard_report);
  r.add("hazard.assign", hazard_assign);
  r.add("hazard.verify", hazard_verify);
  r.add("hazard.plan", hazard_plan);
  r.add("hazard.rectified", hazard_rectified);
  r.add("hazard.accept", hazard_accept);
  r.add("hazard.reopen", hazard_reopen);
  r.add("hazard.reward", hazard_reward);
  r.add("hazard.report_up", hazard_report_up);
  r.add("hazard.get", hazard_get, false);
  r.add("hazard.list", hazard_list, false);
}

}  // namespace lifeline::supplies
