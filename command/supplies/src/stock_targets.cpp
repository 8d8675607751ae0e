// Stock targets per tier (schema/stock_targets.json, seed-digest §5): each city, county and
// township against what it must hold, counted over its depots of that tier in stock that has not
// expired, with the shortfall. stock.targets lists them; metrics.summary counts the targets met.
#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "lifeline/domain/body_reader.hpp"
#include "lifeline/schema_files.hpp"
#include "lifeline/supplies/dates.hpp"
#include "lifeline/supplies/supplies.hpp"
#include "target_rows.hpp"

namespace lifeline::supplies {

using domain::OpContext;
using nlohmann::json;

namespace {

// The shipped file, checked once: a tier the depots do not have or a bad quantity is a build error
// a test catches, not a silent zero.
const json& targets_file() {
  static const json file = [] {
    auto j = json::parse(schema::find_file(schema::documents(), "stock_targets.json").value());
    for (const auto& [tier, t] : j.at("tiers").items()) {
      if (tier != "city" && tier != "county" && tier != "township") throw std::runtime_error("stock_targets.json: unknown tier " + tier);
      for (const auto& x : t.at("targets"))
        if (!x.at("item").is_string() || !x.at("qty").is_number_integer() || x["qty"].get<int64_t>() <= 0)
          throw std::runtime_error("stock_targets.json: " + tier + ": each target needs an item and a positive qty");
    }
    return j;
  }();
  return file;
}

}  // namespace

// Three reads whatever the number of units: the catalogue, the units and the unexpired stock held
// per tier, unit and item (this runs with every refresh of the /metrics gauges).
json stock_targets(OpContext& ctx) {
  auto& db = ctx.store();
  std::map<std::string, json> items;
  for (auto& i : db.query("SELECT id, name, name_en, unit FROM items")) items[i["id"].get<std::string>()] = i;
  // The city's tier counts every city depot; a county's or township's only its own.
  std::map<std::string, int64_t> held;  // "<tier>/<unit>/<item>" -> qty
  for (const auto& h : db.query("SELECT d.tier, CASE WHEN d.tier = 'city' THEN 'city' ELSE d.unit_id END AS unit_id, s.item, "
                                "SUM(s.qty) AS n FROM stock s JOIN depots d ON d.id = s.depot_id "
                                "WHERE s.expires_on IS NULL OR s.expires_on >= ? GROUP BY 1, 2, 3",
                                {date_of(ctx.now())}))
    held[h["tier"].get<std::string>() + "/" + h["unit_id"].get<std::string>() + "/" + h["item"].get<std::string>()] = h["n"].get<int64_t>();
  json rows = json::array();
  const auto& tiers = targets_file()["tiers"];
  for (const auto& unit : db.query("SELECT id, kind, name, name_en FROM units WHERE kind IN ('city', 'county', 'township') "
                                   "ORDER BY CASE kind WHEN 'city' THEN 0 WHEN 'county' THEN 1 ELSE 2 END, id")) {
    const std::string tier = unit["kind"], id = tier == "city" ? "city" : unit["id"].get<std::string>();
    if (!tiers.contains(tier)) continue;
    for (const auto& x : tiers[tier]["targets"]) {
      const std::string item = x["item"];
      auto def = items.find(item);
      if (def == items.end()) continue;  // not in this deployment's catalogue: nothing to count it in
      auto h = held.find(tier + "/" + id + "/" + item);
      const int64_t have = h == held.end() ? 0 : h->second, target = x["qty"];
      rows.push_back({{"tier", tier}, {"unit_id", unit["id"]}, {"unit_name", unit["name"]}, {"unit_name_en", unit["name_en"]},
                      {"item", item}, {"item_name", def->second["name"]}, {"item_name_en", def->second["name_en"]},
                      {"measure", def->second["unit"]}, {"target", target}, {"held", have},
                      {"shortfall", std::max<int64_t>(0, target - have)}});
    }
  }
  return rows;
}

void register_stock_target_ops(domain::OpRegistry& r) {
  r.add("stock.targets", [](OpContext& ctx, const json& body) {
    domain::BodyReader(body).finish();
    return targets_in_scope(ctx, stock_targets(ctx));
  }, false);
}

}  // namespace lifeline::supplies
