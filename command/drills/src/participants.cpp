// Who plays in a drill (schema/drills.md "Participants"): units (the centre that runs it, a
// township's desk, a department) and teams with their handhelds join explicitly, by the director or
// by themselves, or from the scenario file. The delivery sends a drill's messages to them only, so
// nobody outside the exercise is disturbed by it.
#include <set>

#include "drills_internal.hpp"
#include "lifeline/api_error.hpp"
#include "lifeline/domain/body_reader.hpp"
#include "lifeline/domain/unit_subtree.hpp"

namespace lifeline::drills {

using domain::BodyReader;
using domain::OpContext;

namespace {

std::vector<std::string> ids_of(BodyReader& r, const char* key) {
  std::vector<std::string> out;
  if (!r.has(key)) return out;
  for (const auto& id : r.array(key, 500)) {
    if (!id.is_string() || id.get<std::string>().empty() || id.get<std::string>().size() > 64)
      throw ApiError("bad_field", r.path(key) + ": unit or team ids like P0001, T-P0001", r.path(key) + "：应为单位或队伍编号，如 P0001、T-P0001");
    out.push_back(id);
  }
  return out;
}

// A team's own people join or leave their own team; a department its own unit; the desks any unit
// within their scope.
void may_act_for(OpContext& ctx, const std::string& unit) {
  const auto& a = ctx.actor();
  if (a.is_team_role() || a.role == "department") {
    if (unit != a.unit_id)
      throw ApiError("out_of_scope", "a team or a department joins or leaves only itself", "队伍和部门只能自己加入或退出演练");
    return;
  }
  ctx.require_scope(unit);
}

json join(OpContext& ctx, const json& body) {
  require_drill(ctx);
  BodyReader r(body);
  auto units = ids_of(r, "units");
  auto teams_in = ids_of(r, "teams_in");
  r.finish();
  // A team's people with no list join their own team.
  if (units.empty() && teams_in.empty() && ctx.actor().is_team_role()) units.push_back(ctx.actor().unit_id);
  auto all = resolve_participants(ctx, units, teams_in);
  if (all.empty()) throw ApiError("missing_field", "body.units or body.teams_in");
  std::vector<std::string> added;
  for (const auto& u : all) {
    may_act_for(ctx, u);
    if (ctx.store().query_one("SELECT unit_id FROM drill_participants WHERE unit_id = ?", {u}).is_null()) added.push_back(u);
  }
  if (!added.empty()) ctx.emit("drill.joined", ctx.realm().substr(6), {{"units", added}});
  return {{"joined", added}, {"participants", ctx.store().query("SELECT unit_id FROM drill_participants").size()}};
}

json leave(OpContext& ctx, const json& body) {
  require_drill(ctx);
  BodyReader r(body);
  auto units = ids_of(r, "units");
  r.finish();
  if (units.empty() && ctx.actor().is_team_role()) units.push_back(ctx.actor().unit_id);
  if (units.empty()) throw ApiError("missing_field", "body.units");
  std::vector<std::string> left;
  for (const auto& u : units) {
    may_act_for(ctx, u);
    if (!ctx.store().query_one("SELECT unit_id FROM drill_participants WHERE unit_id = ?", {u}).is_null()) left.push_back(u);
  }
  if (!left.empty()) ctx.emit("drill.left", ctx.realm().substr(6), {{"units", left}});
  return {{"left", left}};
}

json list(OpContext& ctx, const json& body) {
  require_drill(ctx);
  BodyReader(body).finish();
  return {{"participants", ctx.store().query(
                               "SELECT p.unit_id, p.joined_at, p.joined_by, u.kind, u.name, u.name_en, u.parent_id "
                               "FROM drill_participants p LEFT JOIN units u ON u.id = p.unit_id ORDER BY u.kind, p.unit_id")}};
}

}  // namespace

std::vector<std::string> resolve_participants(OpContext& ctx, const std::vector<std::string>& units,
                                              const std::vector<std::string>& teams_in) {
  std::set<std::string> seen;
  std::vector<std::string> out;
  auto add = [&](const std::string& id) {
    if (seen.insert(id).second) out.push_back(id);
  };
  for (const auto& u : units) {
    if (ctx.store().query_one("SELECT id FROM units WHERE id = ?", {u}).is_null())
      throw ApiError("not_found", "unit or team " + u, "无此单位或队伍：" + u);
    add(u);
  }
  for (const auto& u : teams_in) {
    if (ctx.store().query_one("SELECT id FROM units WHERE id = ?", {u}).is_null())
      throw ApiError("not_found", "unit " + u, "无此单位：" + u);
    for (const auto& t : ctx.store().query("SELECT id FROM teams WHERE " + domain::in_unit_subtree("unit_id") + " ORDER BY id", {u}))
      add(t["id"]);
  }
  return out;
}

void register_participant_ops(domain::OpRegistry& ops) {
  ops.add("drill.join", join);
  ops.add("drill.leave", leave);
  ops.add("drill.participants", list, false);
}

}  // namespace lifeline::drills
