// Duty roster: shifts with a duty officer and a duty leader, handover notes with open items signed
// by the incoming shift, the hours no shift covers, the shift log, and the duty level in force with
// what holds it up.
#include <algorithm>

#include "lifeline/api_error.hpp"
#include "lifeline/domain/body_reader.hpp"
#include "lifeline/domain/op_registry.hpp"
#include "lifeline/domain/subject_about.hpp"
#include "lifeline/uuid7.hpp"

namespace lifeline::domain {

namespace {

json current_shift(OpContext& ctx) {
  return ctx.store().query_one("SELECT * FROM shifts WHERE starts_at <= ? AND ends_at > ? ORDER BY starts_at DESC LIMIT 1",
                               {ctx.now(), ctx.now()});
}

json duty_create_shift(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto starts = r.time("starts_at");
  auto ends = r.time("ends_at");
  auto officer = r.id("officer_id");
  auto leader = r.id("leader_id");
  auto id = r.opt_id("id").value_or(uuid7_string(ctx.now()));
  r.finish();
  if (ends <= starts) throw ApiError("bad_field", "body.ends_at must be after starts_at", "结束时间必须晚于开始时间");
  if (ends - starts > 48LL * 3600 * 1000) throw ApiError("bad_field", "a shift lasts at most 48 h", "班次最长 48 小时");
  auto o = ctx.must_find("users", officer);
  auto l = ctx.must_find("users", leader);
  if (o["role"] != "duty_officer") throw ApiError("bad_field", "body.officer_id is not a duty officer", "值班员角色不符");
  if (l["role"] != "duty_leader" && l["role"] != "commander")
    throw ApiError("bad_field", "body.leader_id is not a duty leader", "带班领导角色不符");
  auto overlap = ctx.store().query_one("SELECT id FROM shifts WHERE starts_at < ? AND ends_at > ?", {ends, starts});
  if (!overlap.is_null()) throw ApiError("conflict", "overlaps shift " + overlap["id"].get<std::string>(), "与已有班次重叠");
  ctx.emit("shift.created", id, {{"starts_at", starts}, {"ends_at", ends}, {"officer_id", officer}, {"leader_id", leader}});
  return {{"id", id}};
}

json duty_handover(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto note = r.str("note", 4000);
  auto shift_id = r.opt_id("shift_id");
  json items = json::array();
  if (r.has("open_items")) {
    const auto& given = r.array("open_items", 50);
    for (size_t i = 0; i < given.size(); ++i) {
      auto path = "body.open_items[" + std::to_string(i) + "]";
      if (!given[i].is_string()) throw ApiError("bad_field", path + " must be text", "待办事项须为文字");
      auto text = given[i].get<std::string>();
      if (text.empty() || text.size() > 500) throw ApiError("bad_field", path + " must be 1-500 bytes", "每条待办事项 1 至 500 字节");
      items.push_back(text);
    }
  }
  r.finish();
  auto shift = shift_id ? ctx.must_find("shifts", *shift_id) : current_shift(ctx);
  if (shift.is_null()) throw ApiError("not_found", "no current shift", "当前没有班次");
  if (shift["officer_id"] != ctx.actor().user_id && shift["leader_id"] != ctx.actor().user_id)
    throw ApiError("forbidden", "only the shift's officer or leader hands over", "只有本班值班员或带班领导可以交班");
  if (!shift["handed_over_at"].is_null()) throw ApiError("invalid_transition", "shift already handed over", "本班已交班");
  ctx.emit("shift.handed_over", shift["id"], {{"note", note}, {"open_items", items}});
  return {{"id", shift["id"]}};
}

// The shift after `shift` in the roster (the one that takes over from it), or null.
json next_shift(OpContext& ctx, const json& shift) {
  return ctx.store().query_one("SELECT * FROM shifts WHERE starts_at >= ? ORDER BY starts_at LIMIT 1", {shift["ends_at"]});
}

// The incoming shift signs the handover: its officer or leader has read the note and the open
// items and takes them over (who and when are recorded).
json duty_accept_handover(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto shift_id = r.id("shift_id");
  auto note = r.opt_str("note", 2000).value_or("");
  r.finish();
  auto shift = ctx.must_find("shifts", shift_id);
  if (shift["handed_over_at"].is_null())
    throw ApiError("invalid_transition", "the shift has not handed over yet", "该班次尚未交班");
  if (!shift["accepted_at"].is_null()) throw ApiError("invalid_transition", "the handover is already accepted", "该班次的交接已确认");
  auto next = next_shift(ctx, shift);
  if (next.is_null() || (next["officer_id"] != ctx.actor().user_id && next["leader_id"] != ctx.actor().user_id))
    throw ApiError("forbidden", "only the incoming shift's officer or leader accepts the handover",
                   "只有接班的值班员或带班领导可以确认接班");
  ctx.emit("shift.handover_accepted", shift_id, {{"by_user_id", ctx.actor().user_id}, {"note", note}, {"next_shift_id", next["id"]}});
  return {{"id", shift_id}, {"accepted_at", ctx.now()}};
}

// Hours of the coming week no shift covers: [from, to) ranges, so a gap in the roster is seen
// before it is reached.
json roster_gaps(OpContext& ctx, int64_t from, int64_t to) {
  json gaps = json::array();
  int64_t covered_to = from;
  for (const auto& s : ctx.store().query("SELECT starts_at, ends_at FROM shifts WHERE ends_at > ? AND starts_at < ? ORDER BY starts_at",
                                         {from, to})) {
    int64_t start = s["starts_at"], end = s["ends_at"];
    if (start > covered_to) gaps.push_back({{"from", covered_to}, {"to", start}});
    covered_to = std::max(covered_to, end);
  }
  if (covered_to < to) gaps.push_back({{"from", covered_to}, {"to", to}});
  return gaps;
}

json duty_log(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto text = r.str("text", 2000);
  r.finish();
  auto shift = current_shift(ctx);
  if (shift.is_null()) throw ApiError("not_found", "no current shift", "当前没有班次");
  ctx.emit("shift.logged", shift["id"], {{"text", text}});
  return {{"shift_id", shift["id"]}};
}

// The duty level in force (schema/rules.md raise_duty_level; the projection keeps it in duty_level
// from the raises still held), with each raise and the warning or incident holding it, in words.
// Null: normal duty.
json duty_level(OpContext& ctx) {
  auto level = ctx.store().query_one("SELECT readiness_percent, leader_24h FROM duty_level WHERE id = 'current'");
  if (level.is_null()) return nullptr;
  auto raises = ctx.store().query(
      "SELECT subject, rule, title_zh, title_en, readiness_percent, leader_24h, raised_at FROM duty_raises "
      "WHERE released_at IS NULL ORDER BY readiness_percent DESC, leader_24h DESC, raised_at");
  for (auto& r : raises) {
    r["leader_24h"] = r["leader_24h"].get<int64_t>() != 0;
    auto about = subject_about(ctx, r["subject"].get<std::string>());
    r["about_zh"] = about.zh;
    r["about_en"] = about.en;
  }
  return {{"readiness_percent", level["readiness_percent"]}, {"leader_24h", level["leader_24h"].get<int64_t>() != 0},
          {"raises", raises}};
}

// A shift row as the desks read it: open items as a list, who signed the handover by name.
json shift_view(OpContext& ctx, json shift) {
  if (shift.is_null()) return shift;
  shift["open_items"] = json::parse(shift.value("open_items", std::string("[]")), nullptr, false);
  if (!shift["open_items"].is_array()) shift["open_items"] = json::array();
  if (shift["accepted_by"].is_string()) {
    auto u = ctx.store().query_one("SELECT display_name FROM users WHERE id = ?", {shift["accepted_by"]});
    shift["accepted_by_name"] = u.is_null() ? json("") : u["display_name"];
  }
  return shift;
}

json duty_current(OpContext& ctx, const json& body) {
  BodyReader(body).finish();
  constexpr int64_t kWeek = 7LL * 24 * 3600 * 1000;
  auto shift = shift_view(ctx, current_shift(ctx));
  json out = {{"shift", shift}, {"duty_level", duty_level(ctx)}, {"gaps", roster_gaps(ctx, ctx.now(), ctx.now() + kWeek)}};
  if (!shift.is_null()) {
    out["officer"] = ctx.store().query_one("SELECT id, username, display_name FROM users WHERE id = ?", {shift["officer_id"]});
    out["leader"] = ctx.store().query_one("SELECT id, username, display_name FROM users WHERE id = ?", {shift["leader_id"]});
    out["log"] = ctx.store().query("SELECT seq, at, actor, text FROM shift_log WHERE shift_id = ? ORDER BY seq", {shift["id"]});
    out["previous"] = shift_view(ctx, ctx.store().query_one(
        "SELECT * FROM shifts WHERE ends_at <= ? ORDER BY ends_at DESC LIMIT 1", {shift["starts_at"]}));
  }
  out["next"] = shift_view(ctx, ctx.store().query_one("SELECT * FROM shifts WHERE starts_at > ? ORDER BY starts_at LIMIT 1", {ctx.now()}));
  return out;
}

}  // namespace

void register_duty_ops(OpRegistry& r) {
  r.add("duty.create_shift", duty_create_shift);
  r.add("duty.handover", duty_handover);
  r.add("duty.accept_handover", duty_accept_handover);
  r.add("duty.log", duty_log);
  r.add("duty.current", duty_current, false);
}

}  // namespace lifeline::domain
