#include "lifeline/node/peer_ops.hpp"

#include "lifeline/api_error.hpp"
#include "lifeline/domain/body_reader.hpp"
#include "lifeline/gateway/curve_keys.hpp"
#include "lifeline/uuid7.hpp"

namespace lifeline::node {

using domain::BodyReader;
using domain::OpContext;
using nlohmann::json;

bool is_gateway_channel(const std::string& channel) {
  for (const char* c : {"pdt", "beidou", "iridium", "tiantong", "sms"})
    if (channel == c) return true;
  return false;
}

namespace {

// Peers belong to the live realm: the ZAP handler reads only it.
void require_live(OpContext& ctx) {
  if (ctx.realm() != "live")
    throw ApiError("bad_field", "peers are enrolled in the live realm only", "接入节点只能在正式（live）环境中登记");
}

bool valid_name(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.')) return false;
  return true;
}

json enrol(OpContext& ctx, const std::string& name, const std::string& kind, const std::string& bound_to,
           const std::string& public_key, const std::string& server_public_key) {
  if (!valid_name(name))
    throw ApiError("bad_field", "body.name: 1-64 letters, digits, '-', '_' or '.'", "body.name：1-64 个字母、数字或 - _ .");
  if (!gateway::valid_curve_key(public_key))
    throw ApiError("bad_field", "body.public_key: a CURVE public key, 40 Z85 characters", "body.public_key：CURVE 公钥（40 个 Z85 字符）");
  if (public_key == server_public_key)
    throw ApiError("bad_field", "body.public_key is the command's own key", "body.public_key 是指挥中心自己的公钥");
  json event = {{"name", name}, {"kind", kind}, {"public_key", public_key}};
  if (kind == "gateway") {
    if (!is_gateway_channel(bound_to))
      throw ApiError("bad_field", "body.channel: one of pdt, beidou, iridium, tiantong, sms", "body.channel：pdt、beidou、iridium、tiantong、sms 之一");
    event["channel"] = bound_to;
  } else {
    auto unit = ctx.store().query_one("SELECT kind FROM units WHERE id = ?", {bound_to});
    if (unit.is_null() || unit["kind"] != "department")
      throw ApiError("bad_field", "body.unit_id: a department unit", "body.unit_id：须为部门单位");
    event["unit_id"] = bound_to;
  }
  if (!ctx.store().query_one("SELECT id FROM peers WHERE public_key = ?", {public_key}).is_null())
    throw ApiError("conflict", "this public key is enrolled already (or was revoked: make a new key pair)",
                   "该公钥已登记（或已吊销：请生成新的密钥对）");
  if (!ctx.store().query_one("SELECT id FROM peers WHERE name = ? AND revoked_at IS NULL", {name}).is_null())
    throw ApiError("conflict", "a peer named " + name + " is enrolled (revoke it first)", "已有名为 " + name + " 的接入节点（请先吊销）");
  auto id = uuid7_string(ctx.now());
  ctx.emit("peer.enrolled", id, event);
  event["id"] = id;
  event["server_public_key"] = server_public_key;
  return event;
}

}  // namespace

void register_peer_ops(domain::OpRegistry& ops, const std::string& server_public_key) {
  ops.add("peer.enrol", [server_public_key](OpContext& ctx, const json& body) -> json {
    require_live(ctx);
    BodyReader r(body);
    auto name = r.str("name", 64);
    auto kind = r.one_of("kind", {"gateway", "partner"});
    auto channel = r.opt_str("channel", 16);
    auto unit_id = r.opt_str("unit_id", 64);
    auto public_key = r.str("public_key", 40);
    r.finish();
    if (kind == "gateway" && (!channel || unit_id))
      throw ApiError("bad_field", "a gateway is enrolled with body.channel and no body.unit_id", "网关须登记 body.channel，不带 body.unit_id");
    if (kind == "partner" && (!unit_id || channel))
      throw ApiError("bad_field", "a partner is enrolled with body.unit_id and no body.channel", "合作系统须登记 body.unit_id，不带 body.channel");
    return enrol(ctx, name, kind, kind == "gateway" ? *channel : *unit_id, public_key, server_public_key);
  });

  ops.add("peer.revoke", [](OpContext& ctx, const json& body) -> json {
    require_live(ctx);
    BodyReader r(body);
    auto id = r.id("id");
    auto reason = r.opt_str("reason", 200);
    r.finish();
    auto row = ctx.store().query_one("SELECT name, kind, revoked_at FROM peers WHERE id = ?", {id});
    if (row.is_null()) throw ApiError("not_found", "peer " + id, "接入节点 " + id);
    if (!row["revoked_at"].is_null()) throw ApiError("conflict", "peer " + id + " is revoked already", "接入节点 " + id + " 已吊销");
    json event = {{"name", row["name"]}, {"kind", row["kind"]}};
    if (reason) event["reason"] = *reason;
    ctx.emit("peer.revoked", id, event);
    return {{"id", id}, {"revoked_at", ctx.now()}};
  });

  ops.add("peer.list", [server_public_key](OpContext& ctx, const json& body) -> json {
    BodyReader r(body);
    bool revoked = r.opt_boolean("include_revoked").value_or(false);
    auto after = r.opt_id("cursor");
    auto limit = r.opt_integer("limit", 1, 500).value_or(100);
    r.finish();
    // Paged by id (UUIDv7: enrolment order); one row more than asked says whether there is more.
    auto rows = ctx.store().query(
        std::string("SELECT id, name, kind, channel, unit_id, public_key, enrolled_at, enrolled_by, revoked_at, revoked_by, reason "
                    "FROM peers WHERE id > ?") + (revoked ? "" : " AND revoked_at IS NULL") + " ORDER BY id LIMIT ?",
        {after.value_or(""), limit + 1});
    json next;
    if (static_cast<int64_t>(rows.size()) > limit) {
      rows.erase(rows.end() - 1);
      next = rows.back()["id"];
    }
    return {{"peers", rows}, {"next_cursor", next}, {"server_public_key", server_public_key}};
  }, false);
}

}  // namespace lifeline::node
