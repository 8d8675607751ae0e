// The exposure board (隐患曝光台, seed-digest §4): hazards whose rectification is overdue by more
// than kExposureOverdueDays, and hazards found again at a look-back re-check (回头看) and not closed
// since, each with its unit and the responsible person of its five in place. The board publishes
// kExposureWeeklyCount a week, the longest overdue first; the centre's desks read it.
#include <algorithm>
#include <climits>
#include <map>

#include "lifeline/api_error.hpp"
#include "lifeline/domain/body_reader.hpp"
#include "lifeline/supplies/governance_periods.hpp"
#include "lifeline/supplies/hazard_governance.hpp"

namespace lifeline::supplies {

using domain::BodyReader;
using domain::OpContext;
using nlohmann::json;

namespace {

constexpr int64_t kDay = 24LL * 3600 * 1000;

}  // namespace

json exposure_board(OpContext& ctx) {
  const int64_t limit_ms = kExposureOverdueDays * kDay;
  const char* columns =
      "h.id, h.title, h.grade, h.status, h.place_name, h.unit_id, h.five_in_place, u.name AS unit_name, "
      "u.name_en AS unit_name_en, h.enterprise_id, (SELECT name FROM enterprises e WHERE e.id = h.enterprise_id) AS enterprise_name";
  auto overdue = ctx.store().query(
      std::string("SELECT ") + columns + ", MIN(d.due_at) AS due_at FROM deadlines d JOIN hazards h ON h.id = d.subject "
      "LEFT JOIN units u ON u.id = h.unit_id WHERE d.kind = 'hazard.rectify' AND d.status = 'missed' AND d.due_at <= ? "
      "AND h.status NOT IN ('closed', 'rejected') GROUP BY h.id",
      {ctx.now() - limit_ms});
  auto recurred = ctx.store().query(
      std::string("SELECT ") + columns + ", MAX(i.quarter) AS quarter FROM hazard_lookback_items i "
      "JOIN hazards h ON h.id = i.hazard_id LEFT JOIN units u ON u.id = h.unit_id "
      "WHERE i.result = 'recurred' AND h.status NOT IN ('closed', 'rejected') GROUP BY h.id");
  std::map<std::string, json> entries;
  auto entry = [&](const json& row) -> json& {
    auto& e = entries[row["id"].get<std::string>()];
    if (e.is_null()) {
      auto five = row["five_in_place"].is_string() ? json::parse(row["five_in_place"].get<std::string>(), nullptr, false) : json();
      e = {{"hazard_id", row["id"]}, {"title", row["title"]}, {"grade", row["grade"]}, {"status", row["status"]},
           {"place_name", row["place_name"]}, {"unit_id", row["unit_id"]}, {"unit_name", row["unit_name"]},
           {"unit_name_en", row["unit_name_en"]}, {"owner", five.is_object() ? five.value("owner", json()) : json()},
           {"enterprise_id", row["enterprise_id"]}, {"enterprise_name", row["enterprise_name"]}, {"reasons", json::array()}};
    }
    return e;
  };
  for (const auto& row : overdue) {
    auto& e = entry(row);
    e["reasons"].push_back("overdue");
    e["due_at"] = row["due_at"];
    e["overdue_days"] = (ctx.now() - row["due_at"].get<int64_t>()) / kDay;
  }
  for (const auto& row : recurred) {
    auto& e = entry(row);
    e["reasons"].push_back("recurred");
    e["lookback_quarter"] = row["quarter"];
  }
  json list = json::array();
  for (auto& [id, e] : entries) list.push_back(std::move(e));
  // Longest overdue first; those only found again at the look-back after them.
  std::stable_sort(list.begin(), list.end(), [](const json& x, const json& y) {
    const int64_t dx = x.value("due_at", INT64_MAX), dy = y.value("due_at", INT64_MAX);
    return dx < dy;
  });
  return list;
}

namespace {

json exposure(OpContext& ctx, const json& body) {
  BodyReader(body).finish();
  require_city_desk(ctx, "the exposure board", "隐患曝光台");
  const auto week = week_at(ctx.now());
  auto published = ctx.store().query_one("SELECT published_at FROM exposure_weeks WHERE week = ?", {week.name});
  return {{"overdue_limit_days", kExposureOverdueDays}, {"weekly_count", kExposureWeeklyCount}, {"week", week.name},
          {"published_at", published.is_null() ? json() : published["published_at"]}, {"entries", exposure_board(ctx)}};
}

}  // namespace

void register_exposure_ops(domain::OpRegistry& r) { r.add("hazard.exposure", exposure, false); }

}  // namespace lifeline::supplies
