// Duty rosters per unit (city, each county, each township): shifts with a duty officer and, as the
// level's rules ask, a leader; handover notes with open items signed by the incoming shift; the
// hours of the coming week in which a roster breaks its rules (duty_roster.hpp); the shift log; the
// key periods and the duty level in force with what holds it up.
#include <algorithm>

#include "lifeline/api_error.hpp"
#include "lifeline/domain/body_reader.hpp"
#include "lifeline/domain/duty_level.hpp"
#include "lifeline/domain/duty_roster.hpp"
#include "lifeline/domain/key_periods.hpp"
#include "lifeline/domain/op_registry.hpp"
#include "lifeline/uuid7.hpp"

namespace lifeline::domain {

namespace {

constexpr int64_t kWeek = 7LL * 24 * 3600 * 1000;

std::string unit_id_of(const json& unit) { return unit.is_null() ? std::string("city") : unit["id"].get<std::string>(); }

json current_shift(OpContext& ctx, const std::string& unit_id) {
  return ctx.store().query_one(
      "SELECT * FROM shifts WHERE unit_id = ? AND starts_at <= ? AND ends_at > ? ORDER BY starts_at DESC LIMIT 1",
      {unit_id, ctx.now(), ctx.now()});
}

// The shift the caller is on now (as its officer or leader), else the one on duty in the caller's
// own roster: what duty.log and duty.handover act on when no shift is named.
json callers_shift(OpContext& ctx) {
  auto mine = ctx.store().query_one(
      "SELECT * FROM shifts WHERE starts_at <= ? AND ends_at > ? AND (officer_id = ? OR leader_id = ?) ORDER BY starts_at DESC LIMIT 1",
      {ctx.now(), ctx.now(), ctx.actor().user_id, ctx.actor().user_id});
  return mine.is_null() ? current_shift(ctx, unit_id_of(roster_unit(ctx, ctx.actor().unit_id))) : mine;
}

// A unit that keeps a roster, named in a request: it must exist and be the caller's or below it.
json named_roster_unit(OpContext& ctx, const std::string& unit_id) {
  auto unit = ctx.store().query_one("SELECT id, name, name_en, kind, parent_id FROM units WHERE id = ?", {unit_id});
  if (unit.is_null()) throw ApiError("not_found", "no unit " + unit_id, "没有该单位");
  if (!keeps_roster(unit["kind"])) throw ApiError("bad_field", "body.unit_id: only the city, a county or a township keeps a duty roster",
                                                   "只有市、县、乡镇设值班表");
  ctx.require_scope(unit_id);
  return unit;
}

// A shift's officer and leader work in the unit whose roster it is.
void check_on_roster(OpContext& ctx, const std::string& user_id, const std::string& unit_id, bool leader) {
  auto u = ctx.must_find("users", user_id);
  const std::string field = leader ? "body.leader_id" : "body.officer_id";
  if (leader ? (u["role"] != "duty_leader" && u["role"] != "commander") : u["role"] != "duty_officer")
    throw ApiError("bad_field", field + (leader ? " is not a duty leader" : " is not a duty officer"),
                   leader ? "带班领导角色不符" : "值班员角色不符");
  if (u["unit_id"] != unit_id)
    throw ApiError("bad_field", field + " works in another unit than the roster's", leader ? "带班领导不属于本单位" : "值班员不属于本单位");
}

json duty_create_shift(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto starts = r.time("starts_at");
  auto ends = r.time("ends_at");
  auto officer = r.id("officer_id");
  auto leader = r.opt_id("leader_id");
  auto unit_id = r.opt_str("unit_id", 64);
  auto id = r.opt_id("id").value_or(uuid7_string(ctx.now()));
  r.finish();
  auto unit = unit_id ? named_roster_unit(ctx, *unit_id) : roster_unit(ctx, ctx.actor().unit_id);
  const auto roster = unit_id_of(unit);
  if (ends <= starts) throw ApiError("bad_field", "body.ends_at must be after starts_at", "结束时间必须晚于开始时间");
  if (ends - starts > 48LL * 3600 * 1000) throw ApiError("bad_field", "a shift lasts at most 48 h", "班次最长 48 小时");
  check_on_roster(ctx, officer, roster, false);
  if (leader) check_on_roster(ctx, *leader, roster, true);
  // Rosters of different units run side by side; within one unit shifts follow each other.
  auto overlap = ctx.store().query_one("SELECT id FROM shifts WHERE unit_id = ? AND starts_at < ? AND ends_at > ?", {roster, ends, starts});
  if (!overlap.is_null()) throw ApiError("conflict", "overlaps shift " + overlap["id"].get<std::string>(), "与本单位已有班次重叠");
  json event = {{"starts_at", starts}, {"ends_at", ends}, {"officer_id", officer}, {"unit_id", roster}};
  if (leader) event["leader_id"] = *leader;
  ctx.emit("shift.created", id, event);
  return {{"id", id}, {"unit_id", roster}};
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
  auto shift = shift_id ? ctx.must_find("shifts", *shift_id) : callers_shift(ctx);
  if (shift.is_null()) throw ApiError("not_found", "no current shift", "当前没有班次");
  if (shift["officer_id"] != ctx.actor().user_id && shift["leader_id"] != ctx.actor().user_id)
    throw ApiError("forbidden", "only the shift's officer or leader hands over", "只有本班值班员或带班领导可以交班");
  if (!shift["handed_over_at"].is_null()) throw ApiError("invalid_transition", "shift already handed over", "本班已交班");
  ctx.emit("shift.handed_over", shift["id"], {{"note", note}, {"open_items", items}});
  return {{"id", shift["id"]}};
}

// The shift after `shift` in its unit's roster (the one that takes over from it), or null.
json next_shift(OpContext& ctx, const json& shift) {
  return ctx.store().query_one("SELECT * FROM shifts WHERE unit_id = ? AND starts_at >= ? ORDER BY starts_at LIMIT 1",
                               {shift["unit_id"], shift["ends_at"]});
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

json duty_log(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto text = r.str("text", 2000);
  r.finish();
  auto shift = callers_shift(ctx);
  if (shift.is_null()) throw ApiError("not_found", "no current shift", "当前没有班次");
  ctx.emit("shift.logged", shift["id"], {{"text", text}});
  return {{"shift_id", shift["id"]}};
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

// The key periods in force now or beginning within the week, each with the rules it adds to a
// roster of `unit_kind` (named), so the desk reads why a rule applies and until when.
json key_periods_view(OpContext& ctx, const std::string& unit_kind) {
  const auto& cal = KeyPeriodCalendar::shipped();
  json out = json::array();
  for (const auto& p : cal.overlapping(ctx.now(), ctx.now() + kWeek)) {
    json rules = json::array();
    if (auto it = p.rules.find(unit_kind); it != p.rules.end())
      for (const auto& rule : it->second) {
        auto name = cal.rule_name(rule);
        rules.push_back({{"rule", rule}, {"rule_zh", name.name_zh}, {"rule_en", name.name_en}});
      }
    out.push_back({{"period", p.period}, {"name_zh", p.name_zh}, {"name_en", p.name_en}, {"from", p.from}, {"to", p.to},
                   {"starts_at", p.start_ms}, {"ends_at", p.end_ms}, {"in_force", p.start_ms <= ctx.now()},
                   {"readiness_percent", p.readiness_percent}, {"rules", rules}});
  }
  return out;
}

// The rules the unit's roster follows at all times (its level's baseline), named.
json baseline_rules(const std::string& unit_kind) {
  const auto& cal = KeyPeriodCalendar::shipped();
  json out = json::array();
  for (const auto& rule : cal.baseline(unit_kind)) {
    auto name = cal.rule_name(rule);
    out.push_back({{"rule", rule}, {"rule_zh", name.name_zh}, {"rule_en", name.name_en}});
  }
  return out;
}

json duty_current(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto unit_id = r.opt_str("unit_id", 64);
  r.finish();
  // The caller's own roster by default; another one at or below it when named.
  auto own = roster_unit(ctx, ctx.actor().unit_id);
  auto unit = unit_id && *unit_id != unit_id_of(own) ? named_roster_unit(ctx, *unit_id) : own;
  const auto roster = unit_id_of(unit);
  const std::string kind = unit.is_null() ? "city" : unit.value("kind", "city");
  auto shift = shift_view(ctx, current_shift(ctx, roster));
  json out = {{"unit", unit},
              {"rosters", own.is_null() ? json::array() : roster_units_below(ctx, own)},
              {"shift", shift},
              {"duty_level", duty_level_of(ctx, roster)},
              {"key_periods", key_periods_view(ctx, kind)},
              {"baseline_rules", baseline_rules(kind)},
              {"gaps", roster_gaps(ctx, roster, ctx.now(), ctx.now() + kWeek)},
              {"breaches", roster_breaches(ctx, unit, ctx.now(), ctx.now() + kWeek)}};
  if (!shift.is_null()) {
    out["officer"] = ctx.store().query_one("SELECT id, username, display_name FROM users WHERE id = ?", {shift["officer_id"]});
    out["leader"] = ctx.store().query_one("SELECT id, username, display_name FROM users WHERE id = ?", {shift["leader_id"]});
    out["log"] = ctx.store().query("SELECT seq, at, actor, text FROM shift_log WHERE shift_id = ? ORDER BY seq", {shift["id"]});
    out["previous"] = shift_view(ctx, ctx.store().query_one(
        "SELECT * FROM shifts WHERE unit_id = ? AND ends_at <= ? ORDER BY ends_at DESC LIMIT 1", {roster, shift["starts_at"]}));
  }
  out["next"] = shift_view(ctx, ctx.store().query_one(
      "SELECT * FROM shifts WHERE unit_id = ? AND starts_at > ? ORDER BY starts_at LIMIT 1", {roster, ctx.now()}));
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
