// The board: one snapshot of everything the console shows, depots, and the audit trail.
#include <set>

#include "lifeline/api_error.hpp"
#include "lifeline/domain/body_reader.hpp"
#include "lifeline/domain/duty_level.hpp"
#include "lifeline/domain/duty_roster.hpp"
#include "lifeline/domain/op_registry.hpp"

namespace lifeline::domain {

namespace {

// The duty level over the caller's own unit (schema/duty.md "Whose duty level": a township desk is
// not told of a raise for another county; the city's desks see the highest held anywhere), with
// the raise in force named at the top for the screens that show one line.
json own_duty_level(OpContext& ctx) {
  // A team's users belong to the team, which is kept by a unit: theirs is that unit's level.
  std::string unit = ctx.actor().unit_id;
  if (ctx.store().query_one("SELECT id FROM units WHERE id = ?", {unit}).is_null()) {
    auto team = ctx.store().query_one("SELECT unit_id FROM teams WHERE id = ?", {unit});
    if (!team.is_null() && team["unit_id"].is_string()) unit = team["unit_id"];
  }
  auto level = duty_level_of(ctx, unit);
  if (level.is_null()) return level;
  const auto& top = level["raises"][0];
  level["rule"] = top["rule"];
  level["subject"] = top["subject"];
  level["raised_at"] = top["raised_at"];
  return level;
}

json board_snapshot(OpContext& ctx, const json& body) {
  BodyReader(body).finish();
  auto& s = ctx.store();
  // The shift on duty in the caller's own roster (each unit keeps one: duty_roster.hpp).
  auto roster = roster_unit(ctx, ctx.actor().unit_id);
  auto roster_id = roster.is_null() ? std::string("city") : roster["id"].get<std::string>();
  // What the actor may read (schema/scope.json), as in the lists.
  auto teams = ctx.readable("team", s.query("SELECT id, name, name_en, kind, unit_id, readiness, lat, lon, position_at, required_min "
                                            "FROM teams ORDER BY name"));
  // Each handheld's last fix, for the teams read (a team's marker is its newest).
  std::set<std::string> read_teams;
  for (const auto& t : teams) read_teams.insert(t["id"].get<std::string>());
  json devices = json::array();
  for (auto& d : s.query("SELECT team_id, device, device_name, lat, lon, fix_at FROM team_device_positions ORDER BY team_id, device"))
    if (read_teams.count(d["team_id"].get<std::string>())) devices.push_back(std::move(d));
  return {{"realm", ctx.realm()},
          {"seq", s.last_seq()},
          {"incidents", ctx.readable("incident", s.query("SELECT * FROM incidents WHERE status <> 'closed' ORDER BY created_at DESC"))},
          {"teams", std::move(teams)},
          {"team_devices", std::move(devices)},
          {"tasks", ctx.readable("task", s.query("SELECT * FROM tasks WHERE status NOT IN ('done','failed','cancelled') ORDER BY created_at DESC"))},
          {"depots", ctx.readable("depot", s.query("SELECT * FROM depots ORDER BY tier, name"))},
          {"shift", s.query_one("SELECT * FROM shifts WHERE unit_id = ? AND starts_at <= ? AND ends_at > ? LIMIT 1",
                                {roster_id, ctx.now(), ctx.now()})},
          // Raised by the rules (raise_duty_level) or a key period: readiness percent and the leader on 24 h duty; null = normal.
          {"duty_level", own_duty_level(ctx)}};
}

json depot_list(OpContext& ctx, const json& body) {
  BodyReader(body).finish();
  auto depots = ctx.readable("depot", ctx.store().query("SELECT * FROM depots ORDER BY tier, name"));
  for (auto& d : depots)
    d["stock"] = ctx.store().query("SELECT item, batch, qty, unit, expires_on FROM stock WHERE depot_id = ? "
                                   "ORDER BY item, expires_on", {d["id"]});
  return {{"depots", depots}};
}

json audit_list(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto after = r.opt_integer("after_seq", 0, INT64_MAX).value_or(0);
  auto limit = r.opt_integer("limit", 1, 1000).value_or(200);
  r.finish();
  json out = json::array();
  for (const auto& e : ctx.store().events_after(after, static_cast<int>(limit)))
    if (ctx.scope().sees(e)) out.push_back(e.to_json());
  return {{"events", out}};
}

}  // namespace

void register_board_ops(OpRegistry& r) {
  r.add("board.snapshot", board_snapshot, false);
  r.add("depot.list", depot_list, false);
  r.add("audit.list", audit_list, false);
}

}  // namespace lifeline::domain
