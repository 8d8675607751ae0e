// The exposure board as published each week, and the dishonesty list (失信名单) it leads to
// (schema/hazards.md "Exposure board", seed-digest §4): the city publishes the week's board, the
// 10 longest overdue; an enterprise whose hazards were on the published board two weeks in a row
// goes on the dishonesty list in the same transaction, barred from government purchasing and
// bidding until the city removes it (信用修复), which it may only once none of its hazards is
// on the board any more.
#include <set>

#include "lifeline/api_error.hpp"
#include "lifeline/domain/body_reader.hpp"
#include "lifeline/supplies/enterprise_files.hpp"
#include "lifeline/supplies/governance_periods.hpp"
#include "lifeline/supplies/hazard_governance.hpp"

namespace lifeline::supplies {

using domain::BodyReader;
using domain::OpContext;
using nlohmann::json;

namespace {

json exposure_publish(OpContext& ctx, const json& body) {
  BodyReader(body).finish();
  require_city_desk(ctx, "publishing the exposure board", "发布隐患曝光台");
  const auto week = week_at(ctx.now());
  if (!ctx.store().query_one("SELECT week FROM exposure_weeks WHERE week = ?", {week.name}).is_null())
    throw ApiError("exposure_already_published");
  auto board = exposure_board(ctx);
  json entries = json::array();
  for (const auto& e : board) {
    if (entries.size() >= static_cast<size_t>(kExposureWeeklyCount)) break;
    entries.push_back(e);
  }
  json published = json::array();
  for (const auto& e : entries) {
    json x = {{"hazard_id", e["hazard_id"]}};
    if (e["enterprise_id"].is_string()) x["enterprise_id"] = e["enterprise_id"];
    published.push_back(std::move(x));
  }
  ctx.emit("hazard.exposure_published", "exposure/" + week.name, {{"week", week.name}, {"entries", published}});
  // Two weeks in a row: on last week's published board too.
  const auto last = week_before(week).name;
  std::set<std::string> listed;
  json newly = json::array();
  for (const auto& e : entries) {
    if (!e["enterprise_id"].is_string()) continue;
    const std::string id = e["enterprise_id"];
    if (listed.count(id)) continue;
    listed.insert(id);
    const bool last_week = !ctx.store().query_one("SELECT 1 AS x FROM exposure_entries WHERE week = ? AND enterprise_id = ?",
                                                  {last, id}).is_null();
    const bool already = ctx.store().query_one("SELECT dishonest FROM enterprises WHERE id = ?", {id})["dishonest"].get<int64_t>() != 0;
    if (!last_week || already) continue;
    ctx.emit("enterprise.dishonesty_listed", id, {{"weeks", json::array({last, week.name})}});
    newly.push_back({{"enterprise_id", id}, {"name", e["enterprise_name"]}, {"weeks", json::array({last, week.name})}});
  }
  return {{"week", week.name}, {"entries", entries}, {"dishonesty_listed", newly}};
}

json dishonesty_list(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto include_removed = r.opt_boolean("include_removed").value_or(false);
  r.finish();
  auto rows = ctx.store().query(
      std::string("SELECT d.enterprise_id, d.listed_at, d.weeks, d.removed_at, d.removal_note, e.name, e.name_en, e.industry, "
                  "e.unit_id, u.name AS unit_name, u.name_en AS unit_name_en, e.contact_name, e.contact_phone "
                  "FROM dishonesty_records d JOIN enterprises e ON e.id = d.enterprise_id JOIN units u ON u.id = e.unit_id") +
      (include_removed ? "" : " WHERE d.removed_at IS NULL") + " ORDER BY d.listed_at DESC, e.id");
  // Public by design (seed-digest §4: published on the government website; the purchasing and
  // bidding departments must see it): every desk and department reads the whole list.
  json out = json::array();
  for (auto& row : rows) {
    row["weeks"] = json::parse(row["weeks"].get<std::string>());
    out.push_back(std::move(row));
  }
  return {{"entries", out}};
}

json dishonesty_remove(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto id = r.str("enterprise_id", 64);
  auto note = r.str("note", 1000);
  r.finish();
  require_city_desk(ctx, "removing an enterprise from the dishonesty list", "移出失信名单");
  auto e = ctx.must_find("enterprises", id);
  if (e["dishonest"].get<int64_t>() == 0) throw ApiError("invalid_transition", "the enterprise is not on the dishonesty list", "该企业不在失信名单中");
  for (const auto& x : exposure_board(ctx))
    if (x["enterprise_id"] == id) throw ApiError("enterprise_still_exposed");
  ctx.emit("enterprise.dishonesty_removed", id, {{"note", note}});
  return {{"enterprise_id", id}, {"dishonest", false}};
}

}  // namespace

void register_dishonesty_ops(domain::OpRegistry& r) {
  r.add("hazard.exposure_publish", exposure_publish);
  r.add("enterprise.dishonesty_list", dishonesty_list, false);
  r.add("enterprise.dishonesty_remove", dishonesty_remove);
}

}  // namespace lifeline::supplies
