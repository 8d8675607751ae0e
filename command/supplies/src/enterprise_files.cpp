// One file per enterprise (一企一档, schema/hazards.md "Enterprise files", seed-digest §4): the
// enterprises that handle hazardous goods or run mines, registered by the county or township they
// lie in; their monthly self-inspection (企业每月自查), the inspections of the watch list (at least
// twice a month), their quarterly drill filings, and the file itself: hazards, filings, weeks on the
// exposure board and the dishonesty list. The deadlines are opened by enterprise_schedule.cpp.
#include <map>
#include <optional>
#include <regex>

#include "lifeline/api_error.hpp"
#include "lifeline/deadlines/deadlines.hpp"
#include "lifeline/domain/body_reader.hpp"
#include "lifeline/supplies/dates.hpp"
#include "lifeline/supplies/enterprise_files.hpp"
#include "lifeline/supplies/governance_periods.hpp"
#include "lifeline/domain/unit_subtree.hpp"

namespace lifeline::supplies {

using domain::BodyReader;
using domain::OpContext;
using nlohmann::json;

namespace {

const std::vector<std::string> kIndustries = {"hazmat", "mining", "fireworks", "metallurgy", "other"};
const std::vector<std::string> kFilingKinds = {"self_inspection", "inspection", "drill"};

void require_live(const OpContext& ctx) {
  if (ctx.realm() != "live") throw ApiError("bad_field", "enterprise files are kept in the live realm", "企业档案在正式业务域登记");
}

// The stored 0/1 columns as the API's booleans.
json& with_flags(json& e) {
  e["watch_list"] = e["watch_list"].get<int64_t>() != 0;
  e["dishonest"] = e["dishonest"].get<int64_t>() != 0;
  return e;
}

json enterprise_row(OpContext& ctx, const std::string& id) {
  auto e = ctx.store().query_one(
      "SELECT e.*, u.name AS unit_name, u.name_en AS unit_name_en FROM enterprises e JOIN units u ON u.id = e.unit_id "
      "WHERE e.id = ?", {id});
  if (e.is_null()) throw ApiError("not_found", "no enterprise " + id, "没有这家企业的档案");
  return with_flags(e);
}

json enterprise_register(OpContext& ctx, const json& body) {
  require_live(ctx);
  BodyReader r(body);
  auto id = r.str("id", 64);
  static const std::regex kRegistration("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
  if (!std::regex_match(id, kRegistration))
    throw ApiError("bad_field", "body.id must be a registration number: letters, digits, - _ .", "正文.id 应为企业编号（字母、数字、- _ .）");
  auto name = r.str("name", 200);
  auto name_en = r.opt_str("name_en", 200);
  auto industry = r.one_of("industry", kIndustries);
  auto unit_id = r.str("unit_id", 64);
  auto watch_list = r.opt_boolean("watch_list").value_or(false);
  auto contact_name = r.str("contact_name", 100);
  auto contact_phone = r.str("contact_phone", 40);
  r.finish();
  auto unit = ctx.store().query_one("SELECT kind FROM units WHERE id = ?", {unit_id});
  if (unit.is_null()) throw ApiError("not_found", "no unit " + unit_id, "没有这个单位");
  if (unit["kind"] != "county" && unit["kind"] != "township" && unit["kind"] != "village")
    throw ApiError("bad_field", "body.unit_id: an enterprise lies in a county, township or village",
                   "正文.unit_id：企业应登记在所在的县（区）、乡镇或村");
  ctx.require_scope(unit_id);
  if (!ctx.store().query_one("SELECT id FROM enterprises WHERE id = ?", {id}).is_null())
    throw ApiError("conflict", "enterprise " + id + " is already registered", "该企业编号已登记");
  json ev = {{"name", name}, {"industry", industry}, {"unit_id", unit_id}, {"watch_list", watch_list},
             {"contact_name", contact_name}, {"contact_phone", contact_phone}};
  if (name_en) ev["name_en"] = *name_en;
  ctx.emit("enterprise.registered", id, ev);
  return {{"id", id}};
}

// On or off the watch list; a new safety officer.
json enterprise_update(OpContext& ctx, const json& body) {
  require_live(ctx);
  BodyReader r(body);
  auto id = r.str("id", 64);
  auto watch_list = r.opt_boolean("watch_list");
  auto contact_name = r.opt_str("contact_name", 100);
  auto contact_phone = r.opt_str("contact_phone", 40);
  r.finish();
  enterprise_row(ctx, id);
  if (!watch_list && !contact_name && !contact_phone)
    throw ApiError("missing_field", "body: give watch_list, contact_name or contact_phone", "正文：请给出要修改的项目");
  json ev = json::object();
  if (watch_list) ev["watch_list"] = *watch_list;
  if (contact_name) ev["contact_name"] = *contact_name;
  if (contact_phone) ev["contact_phone"] = *contact_phone;
  ctx.emit("enterprise.updated", id, ev);
  return {{"id", id}};
}

// A self-inspection (once a month), an inspection by the authorities, or a drill (its quarter).
json enterprise_record(OpContext& ctx, const json& body) {
  require_live(ctx);
  BodyReader r(body);
  auto id = r.str("enterprise_id", 64);
  auto kind = r.one_of("kind", kFilingKinds);
  std::string on = r.has("on") ? read_past_date(ctx, r, "on") : date_of(ctx.now());
  auto hazards_found = r.opt_integer("hazards_found", 0, 100000);
  auto participants = r.opt_integer("participants", 1, 100000);
  auto note = r.opt_str("note", 1000);
  r.finish();
  auto e = enterprise_row(ctx, id);
  if (kind == "drill" && !participants)
    throw ApiError("missing_field", "body.participants: how many took part in the drill", "正文.participants：请填写参演人数");
  if (kind != "drill" && !hazards_found)
    throw ApiError("missing_field", "body.hazards_found: how many hazards were found (0 if none)", "正文.hazards_found：请填写发现隐患数（没有填 0）");
  const int64_t at = *date_start_ms(on);
  const auto period = kind == "drill" ? quarter_at(at).name : month_at(at).name;
  if (kind == "self_inspection" &&
      !ctx.store().query_one("SELECT 1 AS x FROM enterprise_filings WHERE enterprise_id = ? AND kind = ? AND period = ?",
                             {id, kind, period}).is_null())
    throw ApiError("already_filed", "the enterprise's self-inspection for " + period + " is already filed",
                   "该企业 " + period + " 月度自查已报送");
  json ev = {{"kind", kind}, {"period", period}, {"on_date", on}};
  if (hazards_found) ev["hazards_found"] = *hazards_found;
  if (participants) ev["participants"] = *participants;
  if (note) ev["note"] = *note;
  ctx.emit("enterprise.filed", id, ev);
  const std::string deadline_kind = std::string("enterprise.") + kind;
  if (kind == "inspection") {
    // The watch list's deadline is met by the month's second inspection.
    auto n = ctx.store().query_one("SELECT COUNT(*) AS n FROM enterprise_filings WHERE enterprise_id = ? AND kind = ? AND period = ?",
                                   {id, kind, period})["n"].get<int64_t>();
    if (n >= kWatchListInspectionsPerMonth) deadlines::meet(ctx, deadline_kind, filing_subject(id, kind, period));
  } else {
    deadlines::meet(ctx, deadline_kind, filing_subject(id, kind, period));
  }
  return {{"enterprise_id", id}, {"kind", kind}, {"period", period}, {"on", on}};
}

// Filings this month and this quarter, "<enterprise>/<kind>" → count, in one read (of one
// enterprise, or of all for a list).
struct PeriodFilings {
  GovernancePeriod month, quarter;
  std::map<std::string, int64_t> counts;

  PeriodFilings(OpContext& ctx, const std::optional<std::string>& enterprise_id)
      : month(month_at(ctx.now())), quarter(quarter_at(ctx.now())) {
    std::string sql = "SELECT enterprise_id, kind, COUNT(*) AS n FROM enterprise_filings WHERE "
                      "((kind = 'drill' AND period = ?) OR (kind <> 'drill' AND period = ?))";
    json args = {quarter.name, month.name};
    if (enterprise_id) sql += " AND enterprise_id = ?", args.push_back(*enterprise_id);
    for (const auto& row : ctx.store().query(sql + " GROUP BY enterprise_id, kind", args))
      counts[row["enterprise_id"].get<std::string>() + "/" + row["kind"].get<std::string>()] = row["n"].get<int64_t>();
  }
  int64_t count(const json& e, const char* kind) const {
    auto it = counts.find(e["id"].get<std::string>() + "/" + kind);
    return it == counts.end() ? 0 : it->second;
  }
  // What the enterprise filed against what is asked of it.
  json state(const json& e) const {
    const int64_t required = e["watch_list"].get<bool>() ? kWatchListInspectionsPerMonth : 0;
    return {{"month", month.name}, {"quarter", quarter.name}, {"self_inspected", count(e, "self_inspection") > 0},
            {"inspections", count(e, "inspection")}, {"inspections_required", required}, {"drill_filed", count(e, "drill") > 0}};
  }
};

json enterprise_list(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto unit_id = r.opt_str("unit_id", 64);
  auto watch_only = r.opt_boolean("watch_list").value_or(false);
  auto dishonest_only = r.opt_boolean("dishonest").value_or(false);
  r.finish();
  std::string sql =
      "SELECT e.*, u.name AS unit_name, u.name_en AS unit_name_en, "
      "(SELECT COUNT(*) FROM hazards h WHERE h.enterprise_id = e.id AND h.status NOT IN ('closed','rejected')) AS open_hazards, "
      "(SELECT COUNT(*) FROM exposure_entries x WHERE x.enterprise_id = e.id) AS weeks_exposed "
      "FROM enterprises e JOIN units u ON u.id = e.unit_id WHERE 1 = 1";
  json args = json::array();
  if (unit_id) {  // that unit and the units below it
    sql += " AND " + domain::in_unit_subtree("e.unit_id");
    args.push_back(*unit_id);
  }
  if (watch_only) sql += " AND e.watch_list = 1";
  if (dishonest_only) sql += " AND e.dishonest = 1";
  sql += " ORDER BY e.unit_id, e.id";
  json out = json::array();
  json totals = {{"enterprises", 0}, {"watch_list", 0}, {"dishonest", 0}, {"self_inspected", 0}, {"watch_list_inspected", 0}};
  auto bump = [&](const char* k) { totals[k] = totals[k].get<int64_t>() + 1; };
  const PeriodFilings filings(ctx, std::nullopt);
  for (auto& e : ctx.readable("enterprise", ctx.store().query(sql, args))) {
    with_flags(e);
    e["this_period"] = filings.state(e);
    bump("enterprises");
    if (e["watch_list"].get<bool>()) bump("watch_list");
    if (e["dishonest"].get<bool>()) bump("dishonest");
    if (e["this_period"]["self_inspected"].get<bool>()) bump("self_inspected");
    if (e["watch_list"].get<bool>() && e["this_period"]["inspections"].get<int64_t>() >= kWatchListInspectionsPerMonth)
      bump("watch_list_inspected");
    out.push_back(std::move(e));
  }
  return {{"enterprises", out}, {"totals", totals}};
}

// The file: the enterprise, its hazards, its filings, its weeks on the exposure board and its
// dishonesty records, newest first.
json enterprise_file(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto id = r.str("id", 64);
  r.finish();
  auto e = enterprise_row(ctx, id);
  e["this_period"] = PeriodFilings(ctx, id).state(e);
  // The display name of the user in column `who` ('' for the system).
  auto names = [](const char* who) {
    return std::string("COALESCE((SELECT display_name FROM users us WHERE 'user:' || us.id = ") + who + "), '')";
  };
  auto dishonesty = ctx.store().query("SELECT listed_at, weeks, removed_at, removal_note, " + names("d.removed_by") +
                                      " AS removed_by_name FROM dishonesty_records d WHERE enterprise_id = ? ORDER BY listed_at DESC",
                                      {id});
  for (auto& d : dishonesty) d["weeks"] = json::parse(d["weeks"].get<std::string>());
  return {{"enterprise", e},
          {"hazards", ctx.store().query("SELECT id, title, grade, status, place_name, created_at, closed_at, listed FROM hazards "
                                        "WHERE enterprise_id = ? ORDER BY created_at DESC", {id})},
          {"filings", ctx.store().query("SELECT kind, period, on_date, hazards_found, participants, note, filed_at, " +
                                            names("f.filed_by") + " AS filed_by_name FROM enterprise_filings f "
                                            "WHERE enterprise_id = ? ORDER BY on_date DESC, filed_at DESC", {id})},
          {"exposures", ctx.store().query("SELECT x.week, x.rank, x.hazard_id, h.title FROM exposure_entries x "
                                          "JOIN hazards h ON h.id = x.hazard_id WHERE x.enterprise_id = ? ORDER BY x.week DESC, x.rank",
                                          {id})},
          {"dishonesty", dishonesty}};
}

}  // namespace

std::string filing_subject(const std::string& enterprise_id, const std::string& kind, const std::string& period) {
  return enterprise_id + "/" + kind + "/" + period;
}

void register_enterprise_ops(domain::OpRegistry& r) {
  r.add("enterprise.register", enterprise_register);
  r.add("enterprise.update", enterprise_update);
  r.add("enterprise.record", enterprise_record);
  r.add("enterprise.list", enterprise_list, false);
  r.add("enterprise.file", enterprise_file, false);
}

}  // namespace lifeline::supplies
