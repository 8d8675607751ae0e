// What each kind of inject does (schema/drills.md §Injects). The scenario's author wrote it and
// the drill director loaded it; it runs only in a drill's realm, through the participants' own
// operations so the rules, deadlines and notices react exactly as they would to the real thing.
#include <algorithm>
#include <cstdint>
#include <set>

#include "lifeline/api_error.hpp"
#include "lifeline/drills/scenario.hpp"
#include "drills_internal.hpp"

namespace lifeline::drills {

namespace {

json call(domain::OpContext& ctx, const domain::OpRegistry& ops, const char* op, const json& body) {
  const auto* spec = ops.find(op);
  if (!spec) throw ApiError("unknown_op", op);
  return spec->handler(ctx, body);
}

std::string incident_of(domain::OpContext& ctx, const std::string& inject_id) {
  auto row = ctx.store().query_one("SELECT result FROM drill_injects WHERE id = ? AND sent_at IS NOT NULL", {inject_id});
  if (row.is_null()) throw ApiError("not_found", "inject " + inject_id + " has not been sent", "注入 " + inject_id + " 尚未发出");
  auto result = json::parse(row["result"].get<std::string>());
  if (!result.contains("incident_id")) throw ApiError("not_found", "inject " + inject_id + " made no incident", "注入 " + inject_id + " 未生成事件");
  return result["incident_id"];
}

// The teams a comms-outage inject names: every team kept by a unit in `area` or below it, and the
// `teams` listed (each must exist in the drill), as bus owners (team:<id>).
json link_owners(domain::OpContext& ctx, const json& spec) {
  std::set<std::string> owners;
  // The area's teams, as a unit joins a drill with its teams (participants.cpp).
  for (const auto& id : resolve_participants(ctx, {}, spec.value("area", std::vector<std::string>())))
    owners.insert("team:" + id);
  for (const auto& team : spec.value("teams", json::array())) {
    ctx.must_find("teams", team.get<std::string>());
    owners.insert("team:" + team.get<std::string>());
  }
  if (owners.empty()) throw ApiError("not_found", "no team in that area", "该区域内没有队伍");
  return json(std::vector<std::string>(owners.begin(), owners.end()));
}

}  // namespace

json apply_inject(domain::OpContext& ctx, const domain::OpRegistry& ops, const json& spec) {
  const std::string kind = spec["kind"];
  if (kind == "warning") {
    auto r = call(ctx, ops, "warning.import", {{"xml", spec["cap"]}});
    return {{"warning_id", r["id"]}, {"change", r.value("change", "")}};
  }
  if (kind == "incident") {
    json body = {{"type", spec["type"]}, {"title", spec["title"]}, {"unit_id", spec["unit"]}, {"place", spec["place"]}};
    for (const char* k : {"casualties", "losses_yuan"})
      if (spec.contains(k)) body[k] = spec[k];
    auto r = call(ctx, ops, "incident.create", body);
    return {{"incident_id", r["id"]}};
  }
  if (kind == "incident_update") {
    auto id = incident_of(ctx, spec["incident"]);
    json body = {{"id", id}};
    for (const char* k : {"casualties", "losses_yuan"})
      if (spec.contains(k)) body[k] = spec[k];
    call(ctx, ops, "incident.update", body);
    return {{"incident_id", id}};
  }
  if (kind == "message") {
    // A department's message to the desks: a notice in both languages, read receipt asked.
    const std::string from_zh = spec["from_zh"], from_en = spec.value("from_en", from_zh);
    const std::string text_zh = spec["text_zh"], text_en = spec.value("text_en", text_zh);
    auto r = call(ctx, ops, "bus.send",
                  {{"to", spec["to"]}, {"kind", "notice"}, {"precedence", spec.value("precedence", "immediate")},
                   {"ack", "human"}, {"realm", ctx.realm()},
                   {"body", {{"message_zh", from_zh + "：" + text_zh}, {"message_en", from_en + ": " + text_en},
                             {"from_zh", from_zh}, {"from_en", from_en}}}});
    return {{"message_id", r["id"]}};
  }
  if (kind == "team_unavailable") {
    call(ctx, ops, "team.set_readiness", {{"id", spec["team"]}, {"readiness", spec.value("readiness", "off_duty")}});
    return {{"team_id", spec["team"]}};
  }
  if (kind == "link_cut" || kind == "link_restore") {
    // The drill's own link health (delivery reads drill_link_cuts): live's links are untouched.
    auto owners = link_owners(ctx, spec);
    json channels = spec.value("channels", json::array({"ip"}));
    if (kind == "link_restore" && !spec.contains("channels")) channels = json(kCutChannels);  // whatever was cut
    ctx.emit(kind == "link_cut" ? "drill.link_cut" : "drill.link_restored", spec["id"], {{"owners", owners}, {"channels", channels}});
    return {{"teams", owners.size()}, {"channels", channels}};
  }
  if (kind == "stock_shortfall") {
    // Stock lost (flooded, spoiled, sent elsewhere): written off in the drill, the batches that
    // expire first first, all of the item when no qty is given.
    const std::string depot = spec["depot"], item = spec["item"];
    auto batches = ctx.store().query("SELECT batch, qty FROM stock WHERE depot_id = ? AND item = ? AND qty > 0 ORDER BY expires_on, batch",
                                     {depot, item});
    if (batches.empty()) {
      // Said with the names people know (the report and the director's screen show it).
      auto d = ctx.store().query_one("SELECT name, name_en FROM depots WHERE id = ?", {depot});
      auto it = ctx.store().query_one("SELECT name, name_en FROM items WHERE id = ?", {item});
      const std::string depot_name = d.is_null() ? depot : d["name"].get<std::string>();
      const std::string depot_en = d.is_null() || d["name_en"] == "" ? depot_name : d["name_en"].get<std::string>();
      const std::string item_zh = it.is_null() ? item : it["name"].get<std::string>();
      const std::string item_en = it.is_null() || it["name_en"] == "" ? item_zh : it["name_en"].get<std::string>();
      throw ApiError("not_found", depot_en + " holds no " + item_en, depot_name + "没有该物资库存：" + item_zh);
    }
    int64_t left = spec.value("qty", INT64_MAX), written = 0;
    for (const auto& b : batches) {
      if (left <= 0) break;
      const int64_t take = std::min<int64_t>(left, b["qty"].get<int64_t>());
      call(ctx, ops, "stock.write_off", {{"depot_id", depot}, {"item", item}, {"batch", b["batch"]}, {"qty", take}});
      left -= take;
      written += take;
    }
    return {{"depot_id", depot}, {"item", item}, {"written_off", written}};
  }
  throw ApiError("bad_field", "inject kind " + kind);
}

}  // namespace lifeline::drills
