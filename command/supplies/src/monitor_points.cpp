// Monitoring points (监测点, schema/supplies.md "Monitoring points", seed-digest §8): every
// geohazard point has a monitor and every forest-fire checkpoint an attendant, who receive warnings
// and report on a handheld terminal. A point is kept by the township or village it lies in; the
// handheld issued to its monitor is a device of the ledger naming the point (device.register /
// device.assign `point_id`), and each township's points are its handheld target (device.targets).
#include "lifeline/api_error.hpp"
#include "lifeline/domain/body_reader.hpp"
#include "lifeline/supplies/supplies.hpp"
#include "lifeline/domain/unit_subtree.hpp"

namespace lifeline::supplies {

using domain::BodyReader;
using domain::OpContext;
using nlohmann::json;

namespace {

const std::vector<std::string> kPointKinds = {"geohazard", "fire_checkpoint"};

json point_register(OpContext& ctx, const json& body) {
  if (ctx.realm() != "live") throw ApiError("bad_field", "monitoring points are kept in the live realm", "监测点在正式业务域登记");
  BodyReader r(body);
  auto id = r.str("id", 64);
  auto kind = r.one_of("kind", kPointKinds);
  auto unit_id = r.str("unit_id", 64);
  auto name = r.str("name", 200);
  auto monitor = r.str("monitor", 100);
  auto lat = r.opt_number("lat", -90, 90);
  auto lon = r.opt_number("lon", -180, 180);
  r.finish();
  if (lat.has_value() != lon.has_value()) throw ApiError("bad_field", "body.lat and body.lon go together", "正文.lat 与 正文.lon 须同时给出");
  auto unit = ctx.store().query_one("SELECT kind FROM units WHERE id = ?", {unit_id});
  if (unit.is_null()) throw ApiError("not_found", "no unit " + unit_id, "没有这个单位");
  if (unit["kind"] != "township" && unit["kind"] != "village")
    throw ApiError("bad_field", "body.unit_id: a monitoring point lies in a township or a village", "正文.unit_id：监测点应属于乡镇或村");
  ctx.require_scope(unit_id);
  if (!ctx.store().query_one("SELECT id FROM monitor_points WHERE id = ?", {id}).is_null())
    throw ApiError("conflict", "monitoring point " + id + " is already registered", "该监测点编号已登记");
  json ev = {{"kind", kind}, {"unit_id", unit_id}, {"name", name}, {"monitor", monitor}};
  if (lat) ev["lat"] = *lat, ev["lon"] = *lon;
  ctx.emit("monitor_point.registered", id, ev);
  return {{"id", id}};
}

// The points of the caller's units (a township's include its villages'), each with the handheld
// in service issued to its monitor, if any.
json point_list(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto unit_id = r.opt_str("unit_id", 64);
  auto kind = r.opt_one_of("kind", kPointKinds);
  auto without = r.opt_boolean("without_handheld").value_or(false);
  r.finish();
  std::string sql =
      "SELECT p.id, p.kind, p.unit_id, u.name AS unit_name, u.name_en AS unit_name_en, p.name, p.lat, p.lon, p.monitor, "
      "(SELECT d.id FROM devices d WHERE d.point_id = p.id AND d.kind = 'handheld' AND d.status = 'in_service' LIMIT 1) AS handheld_id "
      "FROM monitor_points p JOIN units u ON u.id = p.unit_id WHERE 1 = 1";
  json args = json::array();
  if (unit_id) {  // that unit and the units below it
    sql += " AND " + domain::in_unit_subtree("p.unit_id");
    args.push_back(*unit_id);
  }
  if (kind) sql += " AND p.kind = ?", args.push_back(*kind);
  sql += " ORDER BY p.unit_id, p.kind, p.id";
  json out = json::array();
  json counts = {{"points", 0}, {"with_handheld", 0}, {"without_handheld", 0}};
  for (auto& p : ctx.readable("monitor_point", ctx.store().query(sql, args))) {
    const bool has = p["handheld_id"].is_string();
    counts["points"] = counts["points"].get<int64_t>() + 1;
    counts[has ? "with_handheld" : "without_handheld"] = counts[has ? "with_handheld" : "without_handheld"].get<int64_t>() + 1;
    if (without && has) continue;
    out.push_back(std::move(p));
  }
  return {{"points", out}, {"counts", counts}};
}

}  // namespace

void check_handheld_point(OpContext& ctx, const std::string& point_id, const std::string& device_kind, const std::string& device_id) {
  if (device_kind != "handheld")
    throw ApiError("bad_field", "body.point_id: only a handheld terminal is issued to a monitoring point", "正文.point_id：只有手持终端配发给监测点");
  auto p = ctx.store().query_one("SELECT unit_id FROM monitor_points WHERE id = ?", {point_id});
  if (p.is_null()) throw ApiError("not_found", "no monitoring point " + point_id, "没有这个监测点");
  ctx.require_scope(p["unit_id"]);
  // A faulty handheld still belongs to its point until it is retired or handed to no point: else it
  // would come back from repair as a second one.
  auto other = ctx.store().query_one("SELECT id FROM devices WHERE point_id = ? AND kind = 'handheld' AND status <> 'retired' AND id <> ?",
                                     {point_id, device_id});
  if (!other.is_null())
    throw ApiError("conflict", "monitoring point " + point_id + " already has handheld " + other["id"].get<std::string>(),
                   "该监测点已配发手持终端 " + other["id"].get<std::string>());
}

json handheld_targets(OpContext& ctx) {
  // Each township's points (its own and its villages') against those with a handheld in service.
  json rows = json::array();
  for (const auto& t : ctx.store().query(
           "SELECT t.id, t.name, t.name_en, COUNT(p.id) AS points, SUM(CASE WHEN EXISTS (SELECT 1 FROM devices d WHERE d.point_id = p.id "
           "AND d.kind = 'handheld' AND d.status = 'in_service') THEN 1 ELSE 0 END) AS held FROM units t "
           "JOIN units v ON v.id = t.id OR (v.parent_id = t.id AND v.kind = 'village') JOIN monitor_points p ON p.unit_id = v.id "
           "WHERE t.kind = 'township' GROUP BY t.id ORDER BY t.id")) {
    const int64_t target = t["points"], held = t["held"];
    rows.push_back({{"tier", "township"}, {"unit_id", t["id"]}, {"unit_name", t["name"]}, {"unit_name_en", t["name_en"]},
                    {"kind", "handheld"}, {"target", target}, {"held", held}, {"shortfall", target - held}});
  }
  return rows;
}

void register_monitor_point_ops(domain::OpRegistry& r) {
  r.add("monitor_point.register", point_register);
  r.add("monitor_point.list", point_list, false);
}

}  // namespace lifeline::supplies
