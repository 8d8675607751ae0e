// Users and units: who exists and where they sit in the scope tree.
#include "lifeline/api_error.hpp"
#include "lifeline/domain/body_reader.hpp"
#include "lifeline/domain/enums.hpp"
#include "lifeline/domain/op_registry.hpp"
#include "lifeline/domain/passwords.hpp"
#include "lifeline/uuid7.hpp"

namespace lifeline::domain {

namespace {

json user_create(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto username = r.str("username", 64);
  auto password = r.str("password", 256);
  auto display = r.str("display_name", 64);
  auto role = r.one_of("role", enums().roles);
  auto unit_id = r.str("unit_id", 64);
  auto id = r.opt_id("id").value_or(uuid7_string(ctx.now()));
  r.finish();
  check_password_policy(password);
  for (char c : username)
    if (!(isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-'))
      throw ApiError("bad_field", "body.username may hold only letters, digits, _ . -", "用户名只能包含字母、数字和 _ . -");
  if (!ctx.store().query_one("SELECT id FROM users WHERE username = ?", {username}).is_null())
    throw ApiError("conflict", "username " + username);
  auto unit = ctx.must_find("units", unit_id);
  if ((role == "team_lead" || role == "team_member") && unit["kind"] != "team")
    throw ApiError("bad_field", "team roles belong to a team unit", "队伍角色必须属于队伍单位");
  if (role == "department" && unit["kind"] != "department")
    throw ApiError("bad_field", "department role belongs to a department unit", "部门角色必须属于部门单位");
  ctx.emit("user.created", id,
           {{"username", username}, {"display_name", display}, {"role", role}, {"unit_id", unit_id}});
  ctx.store().run("INSERT INTO credentials(user_id, hash, changed_at) VALUES (?,?,?)",
                  {id, hash_password(password), ctx.now()});
  return {{"id", id}};
}

json user_list(OpContext& ctx, const json& body) {
  BodyReader(body).finish();
  // Only the users of the caller's unit and the units below it: a township officer sees its
  // township's and teams' users, not the city's or another county's.
  json users = json::array();
  for (auto& u : ctx.store().query("SELECT id, username, display_name, role, unit_id, active, created_at FROM users ORDER BY username"))
    if (ctx.in_scope(u["unit_id"].get<std::string>())) users.push_back(std::move(u));
  return {{"users", users}};
}

json user_deactivate(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto id = r.id("id");
  r.finish();
  auto user = ctx.must_find("users", id);
  if (user["active"] == 0) throw ApiError("invalid_transition", "user already inactive");
  if (id == ctx.actor().user_id) throw ApiError("conflict", "cannot deactivate yourself", "不能停用自己");
  ctx.emit("user.deactivated", id, json::object());
  ctx.store().run("UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL", {ctx.now(), id});
  return {{"id", id}};
}

json user_set_password(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto id = r.id("id");
  auto password = r.str("password", 256);
  r.finish();
  check_password_policy(password);
  ctx.must_find("users", id);
  ctx.emit("user.password_changed", id, json::object());
  ctx.store().run("UPDATE credentials SET hash = ?, changed_at = ? WHERE user_id = ?",
                  {hash_password(password), ctx.now(), id});
  // A reset password ends every session opened with the old one (and the engine closes its sockets).
  ctx.store().run("UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL", {ctx.now(), id});
  return {{"id", id}};
}

json unit_create(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto id = r.str("id", 64);
  auto kind = r.one_of("kind", enums().unit_kind);
  auto name = r.str("name", 100);
  auto name_en = r.opt_str("name_en", 100).value_or("");
  auto parent = r.opt_str("parent_id", 64);
  auto geocode = r.opt_str("geocode", 32).value_or("");
  auto lat = r.opt_number("lat", -90, 90);
  auto lon = r.opt_number("lon", -180, 180);
  r.finish();
  if (!ctx.store().query_one("SELECT id FROM units WHERE id = ?", {id}).is_null()) throw ApiError("conflict", "unit " + id);
  if (parent) ctx.must_find("units", *parent);
  json ev = {{"kind", kind}, {"name", name}, {"name_en", name_en}, {"geocode", geocode}};
  if (parent) ev["parent_id"] = *parent;
  if (lat && lon) {
    ev["lat"] = *lat;
    ev["lon"] = *lon;
  }
  ctx.emit("unit.created", id, ev);
  return {{"id", id}};
}

json unit_list(OpContext& ctx, const json& body) {
  BodyReader(body).finish();
  return {{"units", ctx.store().query("SELECT * FROM units ORDER BY id")}};
}

}  // namespace

void register_user_ops(OpRegistry& r) {
  r.add("user.create", user_create);
  r.add("user.list", user_list, false);
  r.add("user.deactivate", user_deactivate);
  r.add("user.set_password", user_set_password);
  r.add("unit.create", unit_create);
  r.add("unit.list", unit_list, false);
}

}  // namespace lifeline::domain
