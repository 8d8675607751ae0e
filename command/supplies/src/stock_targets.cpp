// Stock targets per tier (schema/stock_targets.json, seed-digest §5): each city, county and
// township against what it must hold, counted over its depots of that tier in stock that has not
// expired, with the shortfall. stock.targets lists them; metrics.summary counts the targets met.
#include <algorithm>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "lifeline/domain/body_reader.hpp"
#include "lifeline/schema_files.hpp"
#include "lifeline/supplies/dates.hpp"
#include "lifeline/supplies/supplies.hpp"

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

json stock_targets(OpContext& ctx) {
  auto& db = ctx.store();
  const std::string today = date_of(ctx.now());
  json rows = json::array();
  for (const auto& [tier, t] : targets_file()["tiers"].items()) {
    for (const auto& unit : db.query("SELECT id, name, name_en FROM units WHERE kind = ? ORDER BY id", {tier})) {
      for (const auto& x : t["targets"]) {
        std::string item = x["item"];
        auto def = db.query_one("SELECT name, name_en, unit FROM items WHERE id = ?", {item});
        if (def.is_null()) continue;  // not in this deployment's catalogue: nothing to count it in
        // The city's tier counts every city depot; a county's or township's only its own.
        auto held = db.query_one(
            "SELECT COALESCE(SUM(s.qty), 0) AS n FROM stock s JOIN depots d ON d.id = s.depot_id WHERE d.tier = ? AND "
            "(d.unit_id = ? OR ? = 'city') AND s.item = ? AND (s.expires_on IS NULL OR s.expires_on >= ?)",
            {tier, unit["id"], tier, item, today})["n"].get<int64_t>();
        const int64_t target = x["qty"];
        rows.push_back({{"tier", tier}, {"unit_id", unit["id"]}, {"unit_name", unit["name"]}, {"unit_name_en", unit["name_en"]},
                        {"item", item}, {"item_name", def["name"]}, {"item_name_en", def["name_en"]}, {"measure", def["unit"]},
                        {"target", target}, {"held", held}, {"shortfall", std::max<int64_t>(0, target - held)}});
      }
    }
  }
  return rows;
}

void register_stock_target_ops(domain::OpRegistry& r) {
  r.add("stock.targets", [](OpContext& ctx, const json& body) {
    domain::BodyReader(body).finish();
    json out = json::array();
    int64_t met = 0, all = 0;
    for (auto& row : stock_targets(ctx)) {
      if (!ctx.in_scope(row["unit_id"].get<std::string>())) continue;  // a county sees its own and its townships'
      ++all;
      met += row["shortfall"].get<int64_t>() == 0;
      out.push_back(std::move(row));
    }
    return json{{"targets", out}, {"met", met}, {"total", all}};
  }, false);
}

}  // namespace lifeline::supplies
