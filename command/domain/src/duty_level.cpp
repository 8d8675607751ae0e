#include "lifeline/domain/duty_level.hpp"

#include <algorithm>
#include <vector>

#include "lifeline/domain/subject_about.hpp"

namespace lifeline::domain {

namespace {

// `id` and the units above it, nearest first (a cycle or a missing parent ends the walk).
std::vector<std::string> with_ancestors(OpContext& ctx, const std::string& id) {
  std::vector<std::string> out;
  std::string at = id;
  while (!at.empty() && std::find(out.begin(), out.end(), at) == out.end() && out.size() < 16) {
    out.push_back(at);
    auto u = ctx.store().query_one("SELECT parent_id FROM units WHERE id = ?", {at});
    at = !u.is_null() && u["parent_id"].is_string() ? u["parent_id"].get<std::string>() : "";
  }
  return out;
}

bool contains(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

}  // namespace

json raises_over(OpContext& ctx, const std::string& unit_id) {
  auto rows = ctx.store().query(
      "SELECT subject, rule, title_zh, title_en, readiness_percent, leader_24h, raised_at, units FROM duty_raises "
      "WHERE released_at IS NULL ORDER BY readiness_percent DESC, leader_24h DESC, raised_at");
  auto unit = ctx.store().query_one("SELECT kind FROM units WHERE id = ?", {unit_id});
  const bool everywhere = unit.is_null() || unit["kind"] == "city" || unit["kind"] == "department";
  const auto mine = with_ancestors(ctx, unit_id);
  json out = json::array();
  for (auto& r : rows) {
    auto units = json::parse(r["units"].get<std::string>(), nullptr, false);
    r.erase("units");
    bool holds = everywhere || !units.is_array() || units.empty();
    for (const auto& u : holds ? json::array() : units)
      if (u.is_string() && (contains(mine, u) || contains(with_ancestors(ctx, u), unit_id))) holds = true;
    if (!holds) continue;
    r["leader_24h"] = r["leader_24h"].get<int64_t>() != 0;
    out.push_back(std::move(r));
  }
  return out;
}

json duty_level_of(OpContext& ctx, const std::string& unit_id) {
  auto raises = raises_over(ctx, unit_id);
  if (raises.empty()) return nullptr;
  bool leader = false;
  for (auto& r : raises) {
    leader = leader || r["leader_24h"].get<bool>();
    auto about = subject_about(ctx, r["subject"].get<std::string>());
    r["about_zh"] = about.zh;
    r["about_en"] = about.en;
  }
  return {{"readiness_percent", raises[0]["readiness_percent"]}, {"leader_24h", leader}, {"raises", raises}};
}

}  // namespace lifeline::domain
