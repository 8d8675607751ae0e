// Teams: who they are, their members, contact ladder, equipment, readiness and position.
#include <algorithm>

#include "lifeline/api_error.hpp"
#include "lifeline/domain/body_reader.hpp"
#include "lifeline/domain/enums.hpp"
#include "lifeline/domain/op_registry.hpp"
#include "lifeline/domain/scope.hpp"
#include "lifeline/uuid7.hpp"

namespace lifeline::domain {

namespace {

json read_ladder(const json& items, const std::string& path) {
  json ladder = json::array();
  std::set<std::string> channels;
  for (size_t i = 0; i < items.size(); ++i) {
    BodyReader c(items[i], path + "[" + std::to_string(i) + "]");
    auto channel = c.one_of("channel", enums().channels);
    auto address = c.str("address", 64);
    c.finish();
    if (!channels.insert(channel).second) throw ApiError("bad_field", path + ": channel " + channel + " twice");
    ladder.push_back({{"channel", channel}, {"address", address}});
  }
  return ladder;
}

json read_member(const json& item, const std::string& path, int64_t now) {
  BodyReader m(item, path);
  json out = {{"id", m.opt_id("id").value_or(uuid7_string(now))},
              {"name", m.str("name", 64)},
              {"role", m.one_of("role", {"lead", "member"})}};
  if (auto u = m.opt_id("user_id")) out["user_id"] = *u;
  if (auto s = m.opt_str("skills", 200)) out["skills"] = *s;
  if (auto d = m.opt_boolean("on_duty"); d && !*d) out["on_duty"] = false;  // on post unless said otherwise
  m.finish();
  return out;
}

json team_create(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto id = r.opt_str("id", 64).value_or(uuid7_string(ctx.now()));
  json ev = {{"name", r.str("name", 100)},
             {"name_en", r.opt_str("name_en", 100).value_or("")},
             {"kind", r.one_of("kind", enums().team_kind)},
             {"unit_id", r.str("unit_id", 64)},
             {"base", r.opt_str("base", 100).value_or("")},
             {"readiness", r.opt_one_of("readiness", enums().team_readiness).value_or("available")},
             {"required_min", r.opt_integer("required_min", 0, 100000).value_or(0)}};
  auto lat = r.opt_number("lat", -90, 90);
  auto lon = r.opt_number("lon", -180, 180);
  if (lat && lon) {
    ev["lat"] = *lat;
    ev["lon"] = *lon;
  }
  json members = json::array(), equipment = json::array();
  if (r.has("members")) {
    const auto& items = r.array("members", 2000);
    for (size_t i = 0; i < items.size(); ++i)
      members.push_back(read_member(items[i], "body.members[" + std::to_string(i) + "]", ctx.now()));
  }
  if (r.has("equipment")) {
    const auto& items = r.array("equipment", 500);
    for (size_t i = 0; i < items.size(); ++i) {
      BodyReader q(items[i], "body.equipment[" + std::to_string(i) + "]");
      equipment.push_back({{"item", q.str("item", 64)}, {"qty", q.integer("qty", 0, 1000000)}});
      q.finish();
    }
  }
  json contacts = r.has("contacts") ? read_ladder(r.array("contacts", 8), "body.contacts") : json::array();
  r.finish();
  ctx.must_find("units", ev["unit_id"]);
  ctx.require_scope(ev["unit_id"]);
  if (!ctx.store().query_one("SELECT id FROM units WHERE id = ?", {id}).is_null()) throw ApiError("conflict", "team " + id);
  ev["members"] = members;
  ev["equipment"] = equipment;
  ev["contacts"] = contacts;
  // A team is also a unit, so team roles are scoped to it.
  ctx.emit("unit.created", id, {{"kind", "team"}, {"name", ev["name"]}, {"name_en", ev["name_en"]},
                                {"parent_id", ev["unit_id"]}});
  ctx.emit("team.created", id, ev);
  return {{"id", id}};
}

json team_get(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto id = r.str("id", 64);
  r.finish();
  auto team = ctx.must_find("teams", id);
  auto contacts = ctx.store().query("SELECT channel, address, rank FROM contacts WHERE owner = ? ORDER BY rank", {"team:" + id});
  // Phone and terminal numbers are personal data: the desk roles and the team itself see them.
  if (!Scope::sees_personal_data(ctx.actor()) && !(ctx.actor().is_team_role() && ctx.actor().unit_id == id))
    for (auto& c : contacts) c["address"] = "";
  return {{"team", team},
          {"members", ctx.store().query("SELECT * FROM members WHERE team_id = ? ORDER BY role, name", {id})},
          {"contacts", contacts},
          {"equipment", ctx.store().query("SELECT item, qty FROM equipment WHERE team_id = ? ORDER BY item", {id})},
          {"tasks", ctx.store().query("SELECT * FROM tasks WHERE team_id = ? AND status NOT IN ('done','failed','cancelled') "
                                      "ORDER BY created_at", {id})}};
}

json team_list(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto readiness = r.opt_one_of("readiness", enums().team_readiness);
  r.finish();
  const char* base =
      "SELECT t.*, (SELECT COUNT(*) FROM members m WHERE m.team_id = t.id AND m.on_duty = 1) AS members_on_duty, "
      "(SELECT COUNT(*) FROM members m WHERE m.team_id = t.id) AS members_total FROM teams t";
  json rows = readiness ? ctx.store().query(std::string(base) + " WHERE readiness = ? ORDER BY name", {*readiness})
                        : ctx.store().query(std::string(base) + " ORDER BY name");
  return {{"teams", ctx.readable("team", std::move(rows))}};
}

json team_set_readiness(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto id = r.str("id", 64);
  auto to = r.one_of("readiness", enums().team_readiness);
  r.finish();
  auto team = ctx.must_find("teams", id);
  ctx.require_own_team(id);
  if (!ctx.actor().is_team_role()) ctx.require_scope(team["unit_id"]);
  if (team["readiness"] == to) throw ApiError("invalid_transition", "readiness is already " + to, "状态未变化");
  ctx.emit("team.readiness_changed", id, {{"from", team["readiness"]}, {"to", to}});
  return {{"id", id}, {"readiness", to}};
}

json team_report_position(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto id = r.opt_str("id", 64).value_or(ctx.actor().unit_id);
  auto lat = r.number("lat", -90, 90);
  auto lon = r.number("lon", -180, 180);
  auto fix_at = r.opt_time("fix_at").value_or(ctx.now());
  r.finish();
  ctx.must_find("teams", id);
  ctx.require_own_team(id);
  // Each device's fixes coalesce: an older fix than the one we hold from that device changes
  // nothing (out-of-order arrival). Another handheld of the team keeps its own.
  // The handheld's user (by id: a login name is not for every reader of the team), or the terminal
  // (channel:address) a thin-link position came from.
  const auto& actor = ctx.actor();
  const std::string device = actor.user_id.empty() ? actor.username : "user:" + actor.user_id;
  auto held = ctx.store().query_one("SELECT fix_at FROM team_device_positions WHERE team_id = ? AND device = ?", {id, device});
  if (!held.is_null() && held["fix_at"].get<int64_t>() >= fix_at) return {{"id", id}, {"stale", true}};
  auto user = actor.user_id.empty() ? json() : ctx.store().query_one("SELECT display_name FROM users WHERE id = ?", {actor.user_id});
  ctx.emit("team.position_reported", id,
           {{"lat", lat}, {"lon", lon}, {"fix_at", fix_at}, {"device", device},
            {"device_name", user.is_null() ? std::string() : user["display_name"].get<std::string>()}});
  return {{"id", id}, {"stale", false}};
}

// The breadcrumbs of the last hours, per device: one team (`team_id`) or every team the caller
// reads. Long tracks are thinned evenly to at most kTrackPoints points, keeping the newest.
json team_tracks(OpContext& ctx, const json& body) {
  constexpr size_t kTrackPoints = 240;
  BodyReader r(body);
  auto team_id = r.opt_str("team_id", 64);
  auto hours = r.opt_integer("hours", 1, 24).value_or(6);
  r.finish();
  json teams = team_id ? json::array({ctx.must_find("teams", *team_id)})
                       : ctx.readable("team", ctx.store().query("SELECT id, unit_id FROM teams ORDER BY id"));
  const int64_t since = ctx.now() - hours * 3600 * 1000;
  json out = json::array();
  for (const auto& team : teams) {
    const std::string id = team["id"];
    json devices = json::array();
    for (auto& d : ctx.store().query("SELECT device, device_name, lat, lon, fix_at FROM team_device_positions "
                                     "WHERE team_id = ? ORDER BY device", {id})) {
      auto points = ctx.store().query("SELECT lat, lon, fix_at FROM team_track WHERE team_id = ? AND device = ? "
                                      "AND fix_at >= ? ORDER BY fix_at", {id, d["device"], since});
      const size_t step = std::max<size_t>((points.size() + kTrackPoints - 1) / kTrackPoints, 1);
      json kept = json::array();
      for (size_t i = points.empty() ? 0 : (points.size() - 1) % step; i < points.size(); i += step)
        kept.push_back(json::array({points[i]["lat"], points[i]["lon"], points[i]["fix_at"]}));
      d["points"] = std::move(kept);
      devices.push_back(std::move(d));
    }
    if (!devices.empty()) out.push_back({{"team_id", id}, {"devices", std::move(devices)}});
  }
  return {{"hours", hours}, {"teams", std::move(out)}};
}

// 人员: the members of the teams the caller reads whose name (or skill) contains the text, with their
// team (the console's search finds people as it finds teams and places).
json member_search(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto q = r.str("q", 64);
  auto limit = r.opt_integer("limit", 1, 50).value_or(10);
  r.finish();
  if (q.find_first_not_of(" \t") == std::string::npos) throw ApiError("bad_field", "body.q is blank", "请输入要搜索的姓名");
  auto rows = ctx.store().query(
      "SELECT m.id AS member_id, m.name, m.role, m.skills, m.team_id FROM members m "
      "WHERE instr(m.name, ?1) > 0 OR instr(m.skills, ?1) > 0 ORDER BY instr(m.name, ?1) = 0, length(m.name), m.name LIMIT 1000", {q});
  auto readable = ctx.readable_by("team", "team_id", std::move(rows));
  json out = json::array();
  for (auto& m : readable) {
    if (out.size() >= static_cast<size_t>(limit)) break;
    out.push_back(std::move(m));
  }
  return {{"members", std::move(out)}};
}

json team_add_member(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto team_id = r.str("team_id", 64);
  (void)r.object("member");  // marks it read; read_member validates its fields
  auto member = read_member(body["member"], "body.member", ctx.now());
  r.finish();
  ctx.must_find("teams", team_id);
  ctx.require_own_team(team_id);
  if (!ctx.store().query_one("SELECT id FROM members WHERE id = ?", {member["id"]}).is_null())
    throw ApiError("conflict", "member " + member["id"].get<std::string>());
  ctx.emit("team.member_added", team_id, member);
  return {{"id", member["id"]}};
}

// A member comes on post or goes off it (rest, leave, sick): the team lead for the own team, the
// duty desk for the teams in its scope. Readiness is counted from these (metrics.summary on_post).
json team_set_member_duty(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto team_id = r.str("team_id", 64);
  auto member_id = r.str("member_id", 64);
  bool on_duty = r.boolean("on_duty");
  auto reason = r.opt_str("reason", 200).value_or("");
  r.finish();
  ctx.must_find("teams", team_id);
  ctx.require_own_team(team_id);
  auto m = ctx.store().query_one("SELECT on_duty FROM members WHERE id = ? AND team_id = ?", {member_id, team_id});
  if (m.is_null()) throw ApiError("not_found", "member " + member_id + " of team " + team_id, "该队伍无此队员");
  if ((m["on_duty"].get<int64_t>() == 1) == on_duty) return {{"member_id", member_id}, {"on_duty", on_duty}, {"changed", false}};
  json ev = {{"member_id", member_id}, {"on_duty", on_duty}};
  if (!reason.empty()) ev["reason"] = reason;
  ctx.emit("team.member_duty_changed", team_id, ev);
  return {{"member_id", member_id}, {"on_duty", on_duty}, {"changed", true}};
}

json team_set_contacts(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto owner = r.str("owner", 80);
  auto ladder = read_ladder(r.array("ladder", 8), "body.ladder");
  r.finish();
  if (owner.rfind("team:", 0) == 0) {
    ctx.must_find("teams", owner.substr(5));
  } else if (owner.rfind("user:", 0) == 0) {
    ctx.must_find("users", owner.substr(5));
  } else {
    throw ApiError("bad_field", "body.owner must be team:ID or user:ID");
  }
  // A ladder decides where orders go: only for oneself, one's own team, or those within one's unit.
  if (!ctx.scope().allows_address(owner))
    throw ApiError("out_of_scope", "that contact ladder is not within your unit's scope", "该联系方式不属于本人、本队或本单位及下级单位");
  ctx.emit("contacts.set", owner, {{"ladder", ladder}});
  return {{"owner", owner}};
}

}  // namespace

void register_team_ops(OpRegistry& r) {
  r.add("team.create", team_create);
  r.add("team.get", team_get, false);
  r.add("team.list", team_list, false);
  r.add("team.set_readiness", team_set_readiness);
  r.add("team.report_position", team_report_position);
  r.add("team.tracks", team_tracks, false);
  r.add("member.search", member_search, false);
  r.add("team.add_member", team_add_member);
  r.add("team.set_member_duty", team_set_member_duty);
  r.add("team.set_contacts", team_set_contacts);
}

}  // namespace lifeline::domain
