// The device ledger (通信装备台账, schema/supplies.md "Device ledger", seed-digest §8): each
// satellite phone, walkie-talkie and handheld terminal with its user, its maintenance owner and its
// periodic checks; and each level's holdings against the bureau's targets per tier
// (schema/device_targets.json). A device found faulty at a check, or retired, does not count.
#include <algorithm>
#include <map>
#include <regex>
#include <stdexcept>

#include "lifeline/api_error.hpp"
#include "lifeline/domain/body_reader.hpp"
#include "lifeline/schema_files.hpp"
#include "lifeline/supplies/dates.hpp"
#include "lifeline/supplies/supplies.hpp"
#include "ratio.hpp"
#include "target_rows.hpp"
#include "lifeline/domain/unit_subtree.hpp"

namespace lifeline::supplies {

using domain::BodyReader;
using domain::OpContext;
using nlohmann::json;

namespace {

const std::vector<std::string> kKinds = {"satellite_phone", "radio", "handheld"};
constexpr int64_t kDefaultCheckEveryDays = 30;  // a monthly power-on and call test unless the unit says otherwise

// The shipped targets, checked once (a bad file fails the first call and its test, not silently).
const json& targets_file() {
  static const json file = [] {
    auto j = json::parse(schema::find_file(schema::documents(), "device_targets.json").value());
    for (const auto& [tier, t] : j.at("tiers").items()) {
      if (tier != "city" && tier != "county" && tier != "township") throw std::runtime_error("device_targets.json: unknown tier " + tier);
      for (const auto& x : t.at("targets"))
        if (std::find(kKinds.begin(), kKinds.end(), x.at("kind").get<std::string>()) == kKinds.end() ||
            (x.contains("per") ? x["per"] != "monitor_point" || tier != "township"
                               : !x.at("qty").is_number_integer() || x["qty"].get<int64_t>() <= 0))
          throw std::runtime_error("device_targets.json: " + tier + ": each target needs a known kind and a positive qty "
                                   "(or, for a township, per: monitor_point)");
    }
    return j;
  }();
  return file;
}

void require_live(const OpContext& ctx) {
  if (ctx.realm() != "live") throw ApiError("bad_field", "the device ledger is kept in the live realm", "通信装备台账在正式业务域登记");
}

// Who will hold the device: a unit, and optionally a team of a unit, that the caller may act for.
void check_holder(OpContext& ctx, const std::string& unit_id, const std::optional<std::string>& team_id) {
  if (ctx.store().query_one("SELECT id FROM units WHERE id = ?", {unit_id}).is_null())
    throw ApiError("not_found", "no unit " + unit_id, "没有这个单位");
  ctx.require_scope(unit_id);
  if (!team_id) return;
  auto team = ctx.store().query_one("SELECT unit_id FROM teams WHERE id = ?", {*team_id});
  if (team.is_null()) throw ApiError("not_found", "no team " + *team_id, "没有这支队伍");
  ctx.require_scope(team["unit_id"]);
}

json device_row(OpContext& ctx, const std::string& id) {
  auto d = ctx.store().query_one("SELECT * FROM devices WHERE id = ?", {id});
  if (d.is_null()) throw ApiError("not_found", "no device " + id + " in the ledger", "台账中没有这台装备");
  return d;
}

// A device that can still be handed over, checked or retired: in the ledger and not retired.
json active_device(OpContext& ctx, const std::string& id) {
  auto d = device_row(ctx, id);
  if (d["status"] == "retired") throw ApiError("invalid_transition", "device " + id + " is retired", "该装备已报废");
  return d;
}

json device_register(OpContext& ctx, const json& body) {
  require_live(ctx);
  BodyReader r(body);
  auto id = r.str("id", 64);
  static const std::regex kAssetNumber("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
  if (!std::regex_match(id, kAssetNumber))
    throw ApiError("bad_field", "body.id must be an asset number: letters, digits, - _ .", "正文.id 应为资产编号（字母、数字、- _ .）");
  auto kind = r.one_of("kind", kKinds);
  auto unit_id = r.str("unit_id", 64);
  auto team_id = r.opt_str("team_id", 64);
  auto holder = r.str("holder", 100);
  auto maintainer = r.str("maintainer", 100);
  auto every = r.opt_integer("check_every_days", 7, 365).value_or(kDefaultCheckEveryDays);
  auto model = r.opt_str("model", 100);
  auto serial = r.opt_str("serial", 100);
  auto point_id = r.opt_str("point_id", 64);
  std::optional<std::string> last_checked;
  if (r.has("last_checked_on")) last_checked = read_past_date(ctx, r, "last_checked_on");
  r.finish();
  check_holder(ctx, unit_id, team_id);
  if (!ctx.store().query_one("SELECT id FROM devices WHERE id = ?", {id}).is_null())
    throw ApiError("conflict", "device " + id + " is already in the ledger", "该资产编号已在台账中");
  if (point_id) check_handheld_point(ctx, *point_id, kind, id);
  json ev = {{"kind", kind}, {"unit_id", unit_id}, {"holder", holder}, {"maintainer", maintainer}, {"check_every_days", every}};
  if (team_id) ev["team_id"] = *team_id;
  if (model) ev["model"] = *model;
  if (serial) ev["serial"] = *serial;
  if (last_checked) ev["last_checked_on"] = *last_checked;
  if (point_id) ev["point_id"] = *point_id;
  ctx.emit("device.registered", id, ev);
  return {{"id", id}};
}

// Handed to another user, team or unit (the maintainer may change with it).
json device_assign(OpContext& ctx, const json& body) {
  require_live(ctx);
  BodyReader r(body);
  auto id = r.str("id", 64);
  auto unit_id = r.str("unit_id", 64);
  auto team_id = r.opt_str("team_id", 64);
  auto holder = r.str("holder", 100);
  auto maintainer = r.opt_str("maintainer", 100);
  auto point_id = r.opt_str("point_id", 64);  // a handheld handed to a point's monitor; absent: to no point
  r.finish();
  auto d = active_device(ctx, id);
  check_holder(ctx, unit_id, team_id);
  if (point_id) check_handheld_point(ctx, *point_id, d["kind"], id);
  json ev = {{"unit_id", unit_id}, {"holder", holder}, {"maintainer", maintainer.value_or(d["maintainer"].get<std::string>())},
             {"from_unit_id", d["unit_id"]}};
  if (team_id) ev["team_id"] = *team_id;
  if (point_id) ev["point_id"] = *point_id;
  ctx.emit("device.assigned", id, ev);
  device_checks_settle(ctx, d["unit_id"]);  // no longer the old unit's to check
  return {{"id", id}};
}

// A periodic check: ok puts the device back in service, fault takes it out until a check is ok.
json device_check(OpContext& ctx, const json& body) {
  require_live(ctx);
  BodyReader r(body);
  auto id = r.str("id", 64);
  auto result = r.one_of("result", {"ok", "fault"});
  auto note = r.opt_str("note", 500);
  std::string on = r.has("checked_on") ? read_past_date(ctx, r, "checked_on") : date_of(ctx.now());
  r.finish();
  auto d = active_device(ctx, id);
  if (result == "fault" && (!note || note->empty()))
    throw ApiError("missing_field", "body.note: say what is wrong", "请在 正文.note 中写明故障情况");
  json ev = {{"result", result}, {"checked_on", on}};
  if (note) ev["note"] = *note;
  ctx.emit("device.checked", id, ev);
  device_checks_settle(ctx, d["unit_id"]);  // the unit's check due that day may now be done
  return {{"id", id}, {"checked_on", on}, {"result", result}};
}

json device_retire(OpContext& ctx, const json& body) {
  require_live(ctx);
  BodyReader r(body);
  auto id = r.str("id", 64);
  auto reason = r.str("reason", 500);
  r.finish();
  auto d = active_device(ctx, id);
  ctx.emit("device.retired", id, {{"reason", reason}});
  device_checks_settle(ctx, d["unit_id"]);
  return {{"id", id}, {"status", "retired"}};
}

// A device past its next check day (kNextDeviceCheckSql, China Standard Time) is overdue.
json device_list(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto unit_id = r.opt_str("unit_id", 64);
  auto kind = r.opt_one_of("kind", kKinds);
  auto status = r.opt_one_of("status", {"in_service", "faulty", "retired"});
  bool overdue_only = r.opt_boolean("overdue").value_or(false);
  r.finish();
  const std::string today = date_of(ctx.now());
  std::string sql = std::string("SELECT d.*, ") + kNextDeviceCheckSql + " AS next_check_on, u.name AS unit_name, u.name_en AS unit_name_en, "
                    "t.name AS team_name, t.name_en AS team_name_en FROM devices d JOIN units u ON u.id = d.unit_id "
                    "LEFT JOIN teams t ON t.id = d.team_id WHERE 1 = 1";
  json args = json::array();
  if (unit_id) {  // that unit and the units below it
    sql += " AND " + domain::in_unit_subtree("d.unit_id");
    args.push_back(*unit_id);
  }
  if (kind) sql += " AND d.kind = ?", args.push_back(*kind);
  if (status) sql += " AND d.status = ?", args.push_back(*status);
  sql += " ORDER BY d.unit_id, d.kind, d.id";
  auto rows = ctx.readable("device", ctx.store().query(sql, args));
  json out = json::array();
  json counts = {{"in_service", 0}, {"faulty", 0}, {"retired", 0}, {"overdue", 0}};
  for (auto& d : rows) {
    const bool overdue = d["status"] != "retired" && d["next_check_on"].get<std::string>() < today;
    d["overdue"] = overdue;
    counts[d["status"].get<std::string>()] = counts[d["status"].get<std::string>()].get<int>() + 1;
    if (overdue) counts["overdue"] = counts["overdue"].get<int>() + 1;
    if (overdue_only && !overdue) continue;
    out.push_back(std::move(d));
  }
  return {{"devices", out}, {"counts", counts}, {"today", today}};
}

json device_history(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto id = r.str("id", 64);
  r.finish();
  auto d = device_row(ctx, id);
  return {{"device", d},
          {"checks", ctx.store().query("SELECT c.checked_on, c.result, c.note, c.recorded_at, u.display_name AS checked_by_name "
                                       "FROM device_checks c LEFT JOIN users u ON 'user:' || u.id = c.checked_by "
                                       "WHERE c.device_id = ? ORDER BY c.checked_on DESC, c.recorded_at DESC", {id})}};
}

}  // namespace

// Every target row: the city's devices (held by the city unit), each county's (by the county unit)
// and each township's (by the township), in service, against the tier's target.
json device_targets(OpContext& ctx) {
  std::map<std::string, int64_t> held;  // "<unit>/<kind>"
  for (const auto& h : ctx.store().query("SELECT unit_id, kind, COUNT(*) AS n FROM devices WHERE status = 'in_service' GROUP BY 1, 2"))
    held[h["unit_id"].get<std::string>() + "/" + h["kind"].get<std::string>()] = h["n"].get<int64_t>();
  json rows = json::array();
  const auto& tiers = targets_file()["tiers"];
  for (const auto& unit : ctx.store().query("SELECT id, kind, name, name_en FROM units WHERE kind IN ('city', 'county', 'township') "
                                            "ORDER BY CASE kind WHEN 'city' THEN 0 WHEN 'county' THEN 1 ELSE 2 END, id")) {
    const std::string tier = unit["kind"], id = unit["id"];
    if (!tiers.contains(tier)) continue;
    for (const auto& x : tiers[tier]["targets"]) {
      if (x.contains("per")) continue;  // counted from the monitoring points, below
      auto h = held.find(id + "/" + x["kind"].get<std::string>());
      const int64_t have = h == held.end() ? 0 : h->second, target = x["qty"];
      rows.push_back({{"tier", tier}, {"unit_id", id}, {"unit_name", unit["name"]}, {"unit_name_en", unit["name_en"]},
                      {"kind", x["kind"]}, {"target", target}, {"held", have}, {"shortfall", std::max<int64_t>(0, target - have)}});
    }
  }
  // A township's handhelds: one per monitoring point of it (monitor_points.cpp).
  if (tiers.contains("township"))
    for (const auto& x : tiers["township"]["targets"])
      if (x.contains("per"))
        for (auto& row : handheld_targets(ctx)) rows.push_back(std::move(row));
  return rows;
}

// Devices in service whose check is not overdue ÷ devices not retired (faulty ones count against).
json device_checks_ratio(OpContext& ctx) {
  const std::string today = date_of(ctx.now());
  auto row = ctx.store().query_one(std::string("SELECT SUM(CASE WHEN d.status = 'in_service' AND ") + kNextDeviceCheckSql +
                                       " >= ? THEN 1 ELSE 0 END) AS ok, COUNT(*) AS n FROM devices d WHERE d.status <> 'retired'",
                                   {today});
  auto num = row["ok"].is_null() ? 0 : row["ok"].get<int64_t>();
  return ratio(num, row["n"].get<int64_t>());
}

void register_device_ops(domain::OpRegistry& r) {
  r.add("device.register", device_register);
  r.add("device.assign", device_assign);
  r.add("device.check", device_check);
  r.add("device.retire", device_retire);
  r.add("device.list", device_list, false);
  r.add("device.history", device_history, false);
  r.add("device.targets", [](OpContext& ctx, const json& body) {
    BodyReader(body).finish();
    return targets_in_scope(ctx, device_targets(ctx));
  }, false);
}

}  // namespace lifeline::supplies
