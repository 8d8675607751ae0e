// Target rows (stock.targets, device.targets): each {unit_id, target, held, shortfall, ...}.
// One way to show them to a desk and one way to count them met.
#pragma once
#include <nlohmann/json.hpp>

#include "lifeline/domain/op_context.hpp"
#include "ratio.hpp"

namespace lifeline::supplies {

// The rows of the caller's unit and those below it (a county sees its own and its townships'),
// with how many of them are met: {targets[], met, total}.
inline nlohmann::json targets_in_scope(domain::OpContext& ctx, nlohmann::json rows) {
  nlohmann::json out = nlohmann::json::array();
  int64_t met = 0, all = 0;
  for (auto& row : rows) {
    if (!ctx.in_scope(row["unit_id"].get<std::string>())) continue;
    ++all;
    met += row["shortfall"].get<int64_t>() == 0;
    out.push_back(std::move(row));
  }
  return {{"targets", out}, {"met", met}, {"total", all}};
}

// Targets met ÷ targets, over every row (the city-wide figure of metrics.summary).
inline nlohmann::json targets_met(const nlohmann::json& rows) {
  int64_t met = 0;
  for (const auto& row : rows) met += row["shortfall"].get<int64_t>() == 0;
  return ratio(met, static_cast<int64_t>(rows.size()));
}

}  // namespace lifeline::supplies
