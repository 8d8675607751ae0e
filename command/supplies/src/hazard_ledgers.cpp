// The four-level hazard ledgers (隐患台账: city, county, township, village; seed-digest §2; a
// village's within its township's, hazard_ledgers.hpp): each
// unit's desk confirms its ledger up to date for the month before the 5th (hazard.ledger_confirm),
// which meets the unit's hazard.ledger deadline (opened each month by hazard_ledger_schedule.cpp);
// hazard.ledger_status shows every unit in the caller's scope for a month: updated, late, overdue.
#include "lifeline/api_error.hpp"
#include "lifeline/deadlines/deadlines.hpp"
#include "lifeline/domain/body_reader.hpp"
#include "lifeline/supplies/governance_periods.hpp"
#include "lifeline/supplies/hazard_governance.hpp"
#include "lifeline/supplies/hazard_ledgers.hpp"
#include "ratio.hpp"

namespace lifeline::supplies {

using domain::BodyReader;
using domain::OpContext;
using nlohmann::json;

namespace {

// Open and closed hazards of the unit and every unit below it (its ledger covers its area).
json ledger_counts(OpContext& ctx, const std::string& unit_id) {
  return ctx.store().query_one(
      "WITH RECURSIVE area(id) AS (SELECT ? UNION SELECT u.id FROM units u JOIN area ON u.parent_id = area.id) "
      "SELECT COALESCE(SUM(status IN ('reported','assigned','rectifying','accepting','accepted')), 0) AS open_count, "
      "COALESCE(SUM(status = 'closed'), 0) AS closed_count FROM hazards WHERE unit_id IN (SELECT id FROM area)",
      {unit_id});
}

bool is_ledger_kind(const std::string& kind) {
  for (const char* k : kLedgerUnitKinds)
    if (kind == k) return true;
  return false;
}

json ledger_confirm(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto unit_id = r.str("unit_id", 64);
  auto month_name = r.str("month", 7);
  r.finish();
  auto month = month_named(month_name);
  if (!month) throw ApiError("bad_field", "body.month (YYYY-MM)", "body.month（格式 YYYY-MM）");
  auto unit = ctx.must_find("units", unit_id);
  if (!is_ledger_kind(unit["kind"]))
    throw ApiError("bad_field", "body.unit_id: ledgers are confirmed by the city, counties and townships (a village's within its township's)",
                   "body.unit_id：隐患台账由市、县、乡镇确认更新（村级台账随所在乡镇一并确认）");
  ctx.require_scope(unit_id);
  const auto& actor = ctx.actor();
  if (actor.role != "admin" && actor.role != "system" && actor.unit_id != unit_id) throw ApiError("ledger_not_own_unit");
  if (month->start_ms > ctx.now()) throw ApiError("ledger_month_not_begun");
  const auto id = ledger_id(unit_id, month->name);
  if (!ctx.store().query_one("SELECT unit_id FROM hazard_ledgers WHERE unit_id = ? AND month = ?", {unit_id, month->name}).is_null())
    throw ApiError("ledger_already_confirmed");
  auto counts = ledger_counts(ctx, unit_id);
  ctx.emit("hazard.ledger_confirmed", id, {{"unit_id", unit_id}, {"month", month->name},
                                           {"open_count", counts["open_count"]}, {"closed_count", counts["closed_count"]}});
  deadlines::meet(ctx, kLedgerDeadlineKind, id);
  const int64_t due = ledger_due_at(*month);
  return {{"unit_id", unit_id}, {"month", month->name}, {"due_at", due}, {"on_time", ctx.now() < due},
          {"open_count", counts["open_count"]}, {"closed_count", counts["closed_count"]}};
}

// Each unit's state for the month: updated (confirmed before the 5th), updated_late, overdue
// (its deadline missed, not confirmed), due (not yet confirmed, before the 5th), or not_asked (a
// month before the deployment began, nothing confirmed).
std::string ledger_state(const json& confirmed, const json& deadline, int64_t due, int64_t now) {
  if (!confirmed.is_null()) return confirmed["confirmed_at"].get<int64_t>() < due ? "updated" : "updated_late";
  if (deadline.is_null()) return "not_asked";
  return now >= due ? "overdue" : "due";
}

json ledger_status(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto month_name = r.opt_str("month", 7);
  r.finish();
  auto month = month_name ? month_named(*month_name) : month_at(ctx.now());
  if (!month) throw ApiError("bad_field", "body.month (YYYY-MM)", "body.month（格式 YYYY-MM）");
  const int64_t due = ledger_due_at(*month);
  auto units = ctx.readable("unit", ctx.store().query(
      "SELECT id, kind, name, name_en, parent_id FROM units WHERE kind IN ('city','county','township') "
      "ORDER BY CASE kind WHEN 'city' THEN 0 WHEN 'county' THEN 1 WHEN 'township' THEN 2 ELSE 3 END, id"));
  json rows = json::array();
  json totals = {{"units", 0}, {"updated", 0}, {"updated_late", 0}, {"overdue", 0}, {"due", 0}, {"not_asked", 0}};
  for (auto& u : units) {
    const std::string unit_id = u["id"];
    auto confirmed = ctx.store().query_one(
        "SELECT l.confirmed_at, l.open_count, l.closed_count, COALESCE(us.display_name, '') AS confirmed_by_name "
        "FROM hazard_ledgers l LEFT JOIN users us ON 'user:' || us.id = l.confirmed_by WHERE l.unit_id = ? AND l.month = ?",
        {unit_id, month->name});
    auto deadline = ctx.store().query_one("SELECT id, status, escalation_level FROM deadlines WHERE kind = ? AND subject = ?",
                                          {kLedgerDeadlineKind, ledger_id(unit_id, month->name)});
    const auto state = ledger_state(confirmed, deadline, due, ctx.now());
    json row = {{"unit_id", unit_id}, {"kind", u["kind"]}, {"name", u["name"]}, {"name_en", u["name_en"]},
                {"parent_id", u["parent_id"]}, {"state", state}, {"due_at", due}};
    if (!confirmed.is_null()) {
      row["confirmed_at"] = confirmed["confirmed_at"];
      row["confirmed_by_name"] = confirmed["confirmed_by_name"];
      row["open_count"] = confirmed["open_count"];
      row["closed_count"] = confirmed["closed_count"];
    } else {
      auto counts = ledger_counts(ctx, unit_id);
      row["open_count"] = counts["open_count"];
      row["closed_count"] = counts["closed_count"];
    }
    if (!deadline.is_null()) row["deadline_id"] = deadline["id"];
    totals["units"] = totals["units"].get<int>() + 1;
    totals[state] = totals[state].get<int>() + 1;
    rows.push_back(std::move(row));
  }
  return {{"month", month->name}, {"due_at", due}, {"units", rows}, {"totals", totals}};
}

}  // namespace

std::string ledger_id(const std::string& unit_id, const std::string& month) { return unit_id + "/ledger/" + month; }

json ledger_updates(OpContext& ctx) {
  const auto month = month_at(ctx.now());
  auto row = ctx.store().query_one(
      "SELECT COUNT(*) AS asked, COALESCE(SUM(status = 'met'), 0) AS met FROM deadlines WHERE kind = ? AND subject LIKE ?",
      {kLedgerDeadlineKind, "%/ledger/" + month.name});
  auto out = ratio(row["met"].get<int64_t>(), row["asked"].get<int64_t>());
  out["month"] = month.name;
  return out;
}

void register_ledger_ops(domain::OpRegistry& r) {
  r.add("hazard.ledger_confirm", ledger_confirm);
  r.add("hazard.ledger_status", ledger_status, false);
}

}  // namespace lifeline::supplies
