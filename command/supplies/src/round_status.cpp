#include "round_status.hpp"

#include <map>
#include <set>

namespace lifeline::supplies {

using nlohmann::json;

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
