#include "round_status.hpp"

#include <map>
#include <set>

#include "lifeline/api_error.hpp"
#include "lifeline/supplies/dates.hpp"

namespace lifeline::supplies {

using nlohmann::json;

RoundRecord read_round(const domain::OpContext& ctx, domain::BodyReader& r) {
  RoundRecord out;
  out.unit_id = r.str("unit_id", 64);
  out.on = r.has("on") ? read_past_date(ctx, r, "on") : date_of(ctx.now());
  out.hazards_found = r.integer("hazards_found", 0, 100000);
  out.note = r.opt_str("note", 1000);
  return out;
}

json round_unit(domain::OpContext& ctx, const std::string& unit_id) {
  auto unit = ctx.store().query_one("SELECT kind, parent_id FROM units WHERE id = ?", {unit_id});
  if (unit.is_null()) throw ApiError("not_found", "no unit " + unit_id, "没有这个单位");
  return unit;
}

json round_event(const RoundRecord& round, const std::string& period) {
  json ev = {{"unit_id", round.unit_id}, {"period", period}, {"on_date", round.on}, {"hazards_found", round.hazards_found}};
  if (round.note) ev["note"] = *round.note;
  return ev;
}

json round_status(domain::OpContext& ctx, const json& units, const RoundLevel& level, const GovernancePeriod& now,
                  const GovernancePeriod& last) {
  std::map<std::string, json> rounds;  // "<unit>/<period>" → {n, found, last_on}
  for (auto& row : ctx.store().query("SELECT unit_id, period, COUNT(*) AS n, COALESCE(SUM(hazards_found), 0) AS found, "
                                     "MAX(on_date) AS last_on FROM " + level.table + " WHERE period IN (?, ?) GROUP BY unit_id, period",
                                     {now.name, last.name}))
    rounds[row["unit_id"].get<std::string>() + "/" + row["period"].get<std::string>()] = row;
  std::set<std::string> asked;
  for (const auto& row : ctx.store().query("SELECT subject FROM deadlines WHERE kind = ? AND subject LIKE ?",
                                           {level.deadline_kind, "%" + level.subject_tag + last.name}))
    asked.insert(row["subject"].get<std::string>());
  auto of = [&](const std::string& unit, const GovernancePeriod& p) {
    auto it = rounds.find(unit + "/" + p.name);
    return it == rounds.end() ? json{{"n", 0}, {"found", 0}, {"last_on", nullptr}} : it->second;
  };
  json rows = json::array();
  json totals = {{"units", 0}, {"screened", 0}, {"last_done", 0}, {"last_missed", 0}};
  auto bump = [&](const char* k) { totals[k] = totals[k].get<int64_t>() + 1; };
  for (const auto& u : units) {
    const std::string id = u["id"];
    const auto current = of(id, now);
    const std::string last_state = of(id, last)["n"].get<int64_t>() > 0        ? "done"
                                   : asked.count(level.asked_subject(u, last.name)) ? "missed"
                                                                                    : "not_asked";
    rows.push_back({{"unit_id", id}, {"name", u["name"]}, {"name_en", u["name_en"]}, {"parent_id", u["parent_id"]},
                    {"rounds", current["n"]}, {"hazards_found", current["found"]}, {"last_on", current["last_on"]},
                    {"last_period_state", last_state}});
    bump("units");
    if (current["n"].get<int64_t>() > 0) bump("screened");
    if (last_state == "done") bump("last_done");
    if (last_state == "missed") bump("last_missed");
  }
  return {{"period", now.name}, {"due_at", now.end_ms}, {"last_period", last.name}, {"units", rows}, {"totals", totals}};
}

}  // namespace lifeline::supplies
