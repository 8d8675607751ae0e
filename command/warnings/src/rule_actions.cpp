// What the rules' actions do to the command's state. Each runs inside the operation that triggered
// the rule, so a refused operation leaves no half-applied rule behind.
#include <algorithm>

#include "lifeline/api_error.hpp"
#include "lifeline/deadlines/deadlines.hpp"
#include "lifeline/deadlines/working_days.hpp"
#include "lifeline/log.hpp"
#include "lifeline/uuid7.hpp"
#include "module_parts.hpp"

namespace lifeline::warnings {

using domain::OpContext;
using nlohmann::json;
using rules::Action;
using rules::ActionKind;

namespace {

json fired_body(const Action& a, const Subject& s) { return {{"subject_kind", s.kind}, {"action", a.to_json()}}; }

// A proposal already pending at this level or higher makes a new one redundant (facts change often).
bool proposal_pending(OpContext& ctx, const std::string& subject, int level) {
  return !ctx.store()
              .query_one("SELECT id FROM level_proposals WHERE subject = ? AND status = 'pending' AND level <= ?",
                         {subject, level})
              .is_null();
}

void propose_level(OpContext& ctx, const Action& a, const Subject& s) {
  if (s.kind != "incident" && s.kind != "warning") return;  // a level needs something to apply to
  if (proposal_pending(ctx, s.id, a.level)) return;
  ctx.emit(s.kind + ".level_proposed", s.id,
           {{"proposal_id", uuid7_string(ctx.now())}, {"level", a.level}, {"level_roman", rules::level_roman(a.level)},
            {"approver", a.approver}, {"rule", a.rule_id}, {"matched", a.matched}, {"title_zh", a.title_zh},
            {"title_en", a.title_en}});
}

// set_level: in force at once; the rule is recorded as what set it and the approver as accountable.
void set_level(OpContext& ctx, const Action& a, const Subject& s) {
  json ev = {{"level", a.level}, {"rule", a.rule_id}, {"matched", a.matched}, {"approver", a.approver},
             {"approved_by", "rule:" + a.rule_id}};
  if (s.kind == "incident") {
    auto inc = ctx.store().query_one("SELECT level, status FROM incidents WHERE id = ?", {s.id});
    if (inc.is_null() || inc["status"] == "closed") return;
    ev["previous"] = inc["level"];
    ev["reason"] = a.title_zh;
    ctx.emit("incident.level_set", s.id, ev);
  } else if (s.kind == "warning") {
    ctx.emit("warning.level_approved", s.id, ev);
  }
}

void open_deadline(OpContext& ctx, const Action& a, const Subject& s) {
  // One open deadline per kind and subject: an upgrade does not convene a second consultation.
  if (!ctx.store()
           .query_one("SELECT id FROM deadlines WHERE kind = ? AND subject = ? AND status IN ('open','missed')",
                      {a.deadline_kind, s.id})
           .is_null())
    return;
  deadlines::DeadlineSpec spec;
  spec.kind = a.deadline_kind;
  spec.subject = s.id;
  spec.title_zh = a.message_zh.empty() ? a.title_zh : a.message_zh;
  spec.title_en = a.message_en.empty() ? a.title_en : a.message_en;
  spec.due_at = a.working_days > 0 ? deadlines::add_working_days(ctx.now(), a.working_days) : ctx.now() + a.within_ms;
  spec.chain = a.chain;
  spec.step_ms = a.step_ms;
  deadlines::open(ctx, spec);
}

// A rule's notice to `to` (an address or a list of them), followed by the subject's id.
json notice_envelope(OpContext& ctx, const json& to, const Action& a, const Subject& s, const std::string& zh,
                     const std::string& en) {
  json env = {{"to", to},
              {"kind", "notice"},
              {"precedence", "immediate"},
              {"ack", "human"},
              {"realm", ctx.realm()},
              {"body",
               {{"rule", a.rule_id}, {"action", rules::to_string(a.kind)}, {"matched", a.matched},
                {"subject_kind", s.kind}, {"subject", s.id}, {"message_zh", zh}, {"message_en", en}}}};
  if (s.kind == "warning" || s.kind == "incident" || s.kind == "deadline") env["correlation_id"] = s.id;
  return env;
}

// One bus message per address, so one address nobody holds (logged) does not silence the others.
void notice(OpContext& ctx, const domain::OpRegistry& ops, const std::string& to, const Action& a, const Subject& s,
            const std::string& zh, const std::string& en) {
  const auto* send = ops.find("bus.send");
  if (!send) return;
  json env = notice_envelope(ctx, to, a, s, zh, en);
  try {
    ctx.as_system([&] { send->handler(ctx, env); });  // the rule's notice, not the requester's
  } catch (const ApiError& e) {
    log_error("rules", "notice not sent", {{"to", to}, {"rule", a.rule_id}, {"error", e.code()}});
  }
}

// Where the rule fired: the warning's townships (matched through the gazetteer) or the incident's
// unit; empty when it names none.
json subject_units(OpContext& ctx, const Subject& s) {
  json units = json::array();
  if (s.kind == "warning") {
    auto w = ctx.store().query_one("SELECT townships FROM warnings WHERE id = ?", {s.id});
    json list = w.is_null() ? json::array()
                : w["townships"].is_string() ? json::parse(w["townships"].get<std::string>(), nullptr, false) : w["townships"];
    if (list.is_array())
      for (const auto& t : list)
        if (t.is_object() && t.contains("township_id") && t["township_id"].is_string()) units.push_back(t["township_id"]);
  } else if (s.kind == "incident") {
    auto i = ctx.store().query_one("SELECT unit_id FROM incidents WHERE id = ?", {s.id});
    if (!i.is_null() && i["unit_id"].is_string()) units.push_back(i["unit_id"]);
  }
  return units;
}

// A raise is held by what the rule fired on (a warning, an incident) until that ends
// (release_duty_level), over the units where it fired and those above and below them
// (lifeline/domain/duty_level.hpp); a unit's level is the highest raise held over it. The same
// raise again over the same units (a warning upgraded twice) changes nothing.
void raise_duty_level(OpContext& ctx, const Action& a, const Subject& s) {
  auto units = subject_units(ctx, s);
  auto held = ctx.store().query_one(
      "SELECT readiness_percent, leader_24h, units FROM duty_raises WHERE subject = ? AND rule = ? AND released_at IS NULL",
      {s.id, a.rule_id});
  if (!held.is_null() && held["readiness_percent"].get<int>() == a.readiness_percent &&
      (held["leader_24h"].get<int>() != 0) == a.leader_24h && held["units"] == units.dump())
    return;
  json ev = {{"readiness_percent", a.readiness_percent}, {"leader_24h", a.leader_24h}, {"rule", a.rule_id},
             {"title_zh", a.title_zh}, {"title_en", a.title_en}, {"matched", a.matched}, {"subject", s.id}};
  if (!units.empty()) ev["units"] = units;
  ctx.emit("duty.level_raised", s.id, ev);
}

// The teams of the kinds and states the rule names in the warning's townships (or the incident's
// unit), and the villages below them, ordered by id.
std::vector<std::string> area_teams(OpContext& ctx, const Action& a, const Subject& s) {
  json units = subject_units(ctx, s);
  std::vector<std::string> out;
  if (units.empty()) return out;
  auto rows = ctx.store().query(
      "SELECT t.id FROM teams t LEFT JOIN units u ON u.id = t.unit_id "
      "WHERE (t.unit_id IN (SELECT value FROM json_each(?)) OR u.parent_id IN (SELECT value FROM json_each(?))) "
      "AND t.kind IN (SELECT value FROM json_each(?)) AND t.readiness IN (SELECT value FROM json_each(?)) ORDER BY t.id",
      {units.dump(), units.dump(), json(a.team_kinds).dump(), json(a.readiness).dump()});
  for (const auto& r : rows) out.push_back("team:" + r["id"].get<std::string>());
  return out;
}

// The teams in the area told under the warning's id, so the desk follows one tally (delivered /
// read of n) whatever the number of messages: a message takes at most 64 recipients (bus envelope),
// a city-wide warning reaches more teams. A team nobody can reach still counts in the tally.
constexpr size_t kRecipientsPerMessage = 64;

json notify_area_teams(OpContext& ctx, const domain::OpRegistry& ops, const Action& a, const Subject& s) {
  auto teams = area_teams(ctx, a, s);
  json out = {{"teams", teams}, {"message_ids", json::array()}};
  const auto* send = ops.find("bus.send");
  if (teams.empty() || !send) return out;
  for (size_t first = 0; first < teams.size(); first += kRecipientsPerMessage) {
    std::vector<std::string> to(teams.begin() + static_cast<std::ptrdiff_t>(first),
                                teams.begin() + static_cast<std::ptrdiff_t>(std::min(teams.size(), first + kRecipientsPerMessage)));
    const auto id = uuid7_string(ctx.now());
    json env = notice_envelope(ctx, to, a, s, a.message_zh, a.message_en);
    env["id"] = id;
    // The latest area notice under the subject wins: a stand-down supersedes the stand-by a team
    // that is cut off has not received yet, which would otherwise reach it after the stand-down.
    env["collapse_key"] = "area-notice:" + s.id;
    try {
      ctx.as_system([&] { send->handler(ctx, env); });  // from role:system, whoever imported the warning
      out["message_ids"].push_back(id);
    } catch (const ApiError& e) {
      log_error("rules", "area notice not sent", {{"rule", a.rule_id}, {"teams", to.size()}, {"error", e.code()}});
      out["error"] = e.code();
    }
  }
  return out;
}

}  // namespace

void apply_actions(OpContext& ctx, const domain::OpRegistry& ops, const std::vector<Action>& actions, const Subject& s) {
  for (const auto& a : actions) {
    switch (a.kind) {
      case ActionKind::propose_level:
        propose_level(ctx, a, s);
        continue;  // its own event is the record
      case ActionKind::set_level:
        set_level(ctx, a, s);
        continue;
      case ActionKind::open_deadline:
      case ActionKind::require_consultation:
        open_deadline(ctx, a, s);
        break;
      case ActionKind::notify:
        for (const auto& to : a.to) notice(ctx, ops, to, a, s, a.message_zh, a.message_en);
        break;
      case ActionKind::raise_duty_level:
        raise_duty_level(ctx, a, s);
        break;
      case ActionKind::preposition_teams:
        for (const char* to : {"role:duty_officer", "role:duty_leader"}) notice(ctx, ops, to, a, s, a.message_zh, a.message_en);
        break;
      case ActionKind::notify_area_teams: {
        auto body = fired_body(a, s);
        body["action"].update(notify_area_teams(ctx, ops, a, s));  // which teams, and the message to follow
        ctx.emit("rule.fired", s.id, body);
        continue;
      }
    }
    ctx.emit("rule.fired", s.id, fired_body(a, s));
  }
}

int release_duty_level(OpContext& ctx, const std::string& subject, const std::string& reason) {
  auto held = ctx.store().query_one("SELECT COUNT(*) AS n FROM duty_raises WHERE subject = ? AND released_at IS NULL", {subject});
  const int n = static_cast<int>(held["n"].get<int64_t>());
  if (n > 0) ctx.emit("duty.level_released", subject, {{"reason", reason}});
  return n;
}

rules::Facts incident_facts(OpContext& ctx, const std::string& incident_id) {
  auto inc = ctx.must_find("incidents", incident_id);
  rules::Facts f;
  f.incident_type = inc["type"];
  f.dead = inc["dead"];
  f.missing = inc["missing"];
  f.injured = inc["injured"];
  f.losses_yuan = inc["losses_yuan"];
  f.hazmat = inc["hazmat"].get<int64_t>() != 0 || f.incident_type == "hazardous_chemicals";
  f.current_level = inc["level"].is_null() ? 0 : inc["level"].get<int>();
  return f;
}

}  // namespace lifeline::warnings
