// Depots and stock: the item catalogue, depots in tiers, receipts, write-offs, scheduled stock
// counts and inspections (as deadlines), and rotation alerts before expiry (schema/supplies.md).
#include "lifeline/api_error.hpp"
#include "lifeline/deadlines/deadlines.hpp"
#include "lifeline/domain/body_reader.hpp"
#include "lifeline/domain/enums.hpp"
#include "lifeline/supplies/dates.hpp"
#include "lifeline/supplies/supplies.hpp"
#include "lifeline/uuid7.hpp"

namespace lifeline::supplies {

using domain::BodyReader;
using domain::OpContext;
using nlohmann::json;

namespace {

constexpr int64_t kDay = 24LL * 3600 * 1000;
constexpr int64_t kRotationLeadDays = 30;  // alert a month before expiry (rotation to welfare homes)

// Seed 000 §5: monthly count at the city depot; inspections city quarterly, county monthly,
// township (and forward points, held by townships' parents) every half month.
int64_t inspection_period_days(const std::string& tier) {
  if (tier == "city") return 91;
  if (tier == "county") return 30;
  return 15;
}

// The next check falls one period after the previous due date (the schedule does not drift when a
// check is done early), or one period from now if that is already past.
void open_check(OpContext& ctx, const json& depot, const std::string& what, int64_t previous_due = 0) {
  std::string tier = depot["tier"];
  int64_t days = what == "count" ? 30 : inspection_period_days(tier);
  std::string name = depot["name"], name_en = depot["name_en"];
  deadlines::DeadlineSpec s;
  s.kind = "depot." + what;
  s.subject = depot["id"];
  s.title_zh = name + (what == "count" ? " 月度盘点" : " 定期检查");
  s.title_en = (name_en.empty() ? name : name_en) + (what == "count" ? ": monthly stock count" : ": inspection");
  s.due_at = previous_due + days * kDay > ctx.now() ? previous_due + days * kDay : ctx.now() + days * kDay;
  deadlines::open(ctx, s);
}

json item_define(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto id = r.str("id", 64);
  auto name = r.str("name", 100);
  auto name_en = r.opt_str("name_en", 100).value_or("");
  auto unit = r.str("unit", 20);
  auto shelf = r.opt_integer("shelf_life_days", 1, 36500);
  r.finish();
  json ev = {{"name", name}, {"name_en", name_en}, {"unit", unit}};
  if (shelf) ev["shelf_life_days"] = *shelf;
  ctx.emit("item.defined", id, ev);
  return {{"id", id}};
}

json depot_create(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto id = r.opt_str("id", 64).value_or(uuid7_string(ctx.now()));
  auto name = r.str("name", 100);
  auto name_en = r.opt_str("name_en", 100).value_or("");
  auto tier = r.one_of("tier", domain::enums().depot_tier);
  auto unit_id = r.str("unit_id", 64);
  auto lat = r.number("lat", -90, 90);
  auto lon = r.number("lon", -180, 180);
  r.finish();
  ctx.must_find("units", unit_id);
  ctx.require_scope(unit_id);
  if (!ctx.store().query_one("SELECT id FROM depots WHERE id = ?", {id}).is_null()) throw ApiError("conflict", "depot " + id);
  ctx.emit("depot.created", id,
           {{"name", name}, {"name_en", name_en}, {"tier", tier}, {"unit_id", unit_id}, {"lat", lat}, {"lon", lon}});
  auto depot = ctx.must_find("depots", id);
  if (tier == "city") open_check(ctx, depot, "count");
  open_check(ctx, depot, "inspection");
  return {{"id", id}};
}

// A stock count or inspection was done: meets the open deadline and schedules the next one.
json depot_check(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto depot_id = r.str("depot_id", 64);
  auto what = r.one_of("kind", {"count", "inspection"});
  r.finish();
  auto depot = ctx.must_find("depots", depot_id);
  ctx.require_scope(depot["unit_id"]);
  if (what == "count" && depot["tier"] != "city")
    throw ApiError("bad_field", "monthly stock counts are scheduled for city depots", "月度盘点仅适用于市级储备库");
  auto open = ctx.store().query_one("SELECT MAX(due_at) AS due FROM deadlines WHERE kind = ? AND subject = ? AND status "
                                    "IN ('open','missed')", {"depot." + what, depot_id});
  int64_t previous_due = open.is_null() || open["due"].is_null() ? 0 : open["due"].get<int64_t>();
  int met = deadlines::meet(ctx, "depot." + what, depot_id);
  open_check(ctx, depot, what, previous_due);
  return {{"depot_id", depot_id}, {"kind", what}, {"met", met}};
}

json known_item(OpContext& ctx, const std::string& item) {
  auto row = ctx.store().query_one("SELECT * FROM items WHERE id = ?", {item});
  if (row.is_null()) throw ApiError("not_found", "item " + item, "未知物资 " + item);
  return row;
}

json stock_receive(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto depot_id = r.str("depot_id", 64);
  auto item = r.str("item", 64);
  auto batch = r.str("batch", 64);
  auto qty = r.integer("qty", 1, 1000000000);
  auto expires_on = r.opt_str("expires_on", 10);
  r.finish();
  auto depot = ctx.must_find("depots", depot_id);
  ctx.require_scope(depot["unit_id"]);
  auto it = known_item(ctx, item);
  json ev = {{"item", item}, {"batch", batch}, {"qty", qty}, {"unit", it["unit"]}, {"expires_on", nullptr}};
  if (expires_on) {
    auto start = date_start_ms(*expires_on);
    if (!start) throw ApiError("bad_field", "body.expires_on must be a date YYYY-MM-DD", "有效期格式应为 YYYY-MM-DD");
    if (*start <= ctx.now()) throw ApiError("bad_field", "body.expires_on is in the past", "有效期早于当前日期");
    ev["expires_on"] = *expires_on;
  } else if (!it["shelf_life_days"].is_null()) {
    throw ApiError("missing_field", "body.expires_on (the item has a shelf life)", "该物资有保质期，须填写有效期");
  }
  auto existing = ctx.store().query_one("SELECT expires_on FROM stock WHERE depot_id = ? AND item = ? AND batch = ?",
                                        {depot_id, item, batch});
  if (!existing.is_null() && existing["expires_on"] != ev["expires_on"])
    throw ApiError("conflict", "batch " + batch + " is on the books with another expiry date", "同一批次有效期不一致");
  ctx.emit("stock.received", depot_id, ev);
  if (expires_on && existing.is_null()) {
    deadlines::DeadlineSpec s;
    s.kind = "stock.rotation";
    s.subject = depot_id + "/" + item + "/" + batch;
    std::string name = it["name"], name_en = it["name_en"];
    s.title_zh = name + " 批次 " + batch + " 临期轮换（" + *expires_on + " 到期）";
    s.title_en = "Rotate " + (name_en.empty() ? item : name_en) + " batch " + batch + " before " + *expires_on;
    s.due_at = std::max(ctx.now(), *date_start_ms(*expires_on) - kRotationLeadDays * kDay);
    deadlines::open(ctx, s);
  }
  return {{"depot_id", depot_id}, {"item", item}, {"batch", batch}, {"qty", qty}};
}

// Expired (or broken) stock leaves the books; it counts in the expiry rate's numerator.
json stock_write_off(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto depot_id = r.str("depot_id", 64);
  auto item = r.str("item", 64);
  auto batch = r.str("batch", 64);
  auto qty = r.integer("qty", 1, 1000000000);
  r.finish();
  auto depot = ctx.must_find("depots", depot_id);
  ctx.require_scope(depot["unit_id"]);
  auto row = ctx.store().query_one("SELECT qty FROM stock WHERE depot_id = ? AND item = ? AND batch = ?",
                                   {depot_id, item, batch});
  if (row.is_null()) throw ApiError("not_found", "batch " + batch + " of " + item, "无此批次");
  if (row["qty"].get<int64_t>() < qty)
    throw ApiError("insufficient_stock", "batch holds " + std::to_string(row["qty"].get<int64_t>()), "批次库存不足");
  ctx.emit("stock.expired", depot_id, {{"item", item}, {"batch", batch}, {"qty", qty}});
  if (row["qty"].get<int64_t>() == qty) deadlines::meet(ctx, "stock.rotation", depot_id + "/" + item + "/" + batch);
  return {{"depot_id", depot_id}, {"item", item}, {"batch", batch}, {"written_off", qty}};
}

json stock_list(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto depot_id = r.opt_str("depot_id", 64);
  r.finish();
  std::string sql = "SELECT s.depot_id, s.item, s.batch, s.qty, s.unit, s.expires_on FROM stock s WHERE s.qty > 0";
  json params = json::array();
  if (depot_id) sql += " AND s.depot_id = ?", params.push_back(*depot_id);
  sql += " ORDER BY s.depot_id, s.item, s.expires_on IS NULL, s.expires_on, s.batch";
  return {{"stock", ctx.readable_by("depot", "depot_id", ctx.store().query(sql, params))}};
}

// Batches expiring within `days` (default 30): what to rotate out now.
json stock_rotation(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto days = r.opt_integer("days", 0, 3650).value_or(kRotationLeadDays);
  r.finish();
  auto until = date_of(ctx.now() + days * kDay);
  return {{"until", until},
          {"batches", ctx.readable_by("depot", "depot_id",
                                      ctx.store().query("SELECT depot_id, item, batch, qty, unit, expires_on FROM stock WHERE "
                                                        "qty > 0 AND expires_on IS NOT NULL AND expires_on <= ? "
                                                        "ORDER BY expires_on, depot_id", {until}))}};
}

}  // namespace

void register_supply_ops(domain::OpRegistry& r) {
  r.add("item.define", item_define);
  r.add("depot.create", depot_create);
  r.add("depot.check", depot_check);
  r.add("stock.receive", stock_receive);
  r.add("stock.write_off", stock_write_off);
  r.add("stock.list", stock_list, false);
  r.add("stock.rotation", stock_rotation, false);
}

}  // namespace lifeline::supplies
