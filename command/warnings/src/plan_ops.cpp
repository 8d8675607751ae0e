// The plans register (schema/plans.md): the city's master plan and special plans with their
// activation conditions, joined with the rules in force that carry them out (and how often each
// fired this year), and the plans' revisions (after a drill, at the yearly review in December).
#include <map>
#include <set>

#include "lifeline/api_error.hpp"
#include "lifeline/civil_date.hpp"
#include "lifeline/domain/body_reader.hpp"
#include "lifeline/rules/plan_catalog.hpp"
#include "lifeline/time_format.hpp"
#include "lifeline/uuid7.hpp"
#include "module_parts.hpp"

namespace lifeline::warnings {

using domain::BodyReader;
using domain::OpContext;
using nlohmann::json;

namespace {

// UTC ms of 00:00 China Standard Time on 1 January of `year`.
int64_t year_start(int64_t year) {
  return days_from_civil(year, 1, 1) * 24LL * 3600 * 1000 - kChinaStandardTimeOffsetMs;
}

json plan_list(OpContext& ctx, rules::RulesHolder& holder, const json& body) {
  BodyReader r(body);
  auto year = r.opt_integer("year", 2000, 2100).value_or(china_date_of(ctx.now()).year);
  r.finish();
  std::map<std::string, rules::RuleSet::Summary> in_force;
  for (auto& s : holder.current()->summaries()) in_force.emplace(s.id, s);
  // How often each rule fired in the year (the live record of what the plans made happen): once per
  // trigger, however many actions it took (each action is its own rule_firings row).
  std::map<std::string, int64_t> fired;
  for (const auto& row : ctx.store().query("SELECT rule, COUNT(DISTINCT subject || '@' || at) AS n FROM rule_firings WHERE at >= ? AND at < ? GROUP BY rule",
                                           {year_start(year), year_start(year + 1)}))
    fired[row["rule"]] = row["n"];
  std::set<std::string> linked;
  json plans = json::array();
  for (const auto& p : rules::PlanCatalog::shipped().plans) {
    json rules = json::array();
    for (const auto& id : p.rules) {
      linked.insert(id);
      auto it = in_force.find(id);
      json rule = {{"id", id}, {"in_force", it != in_force.end() && it->second.enabled}, {"fired", fired.count(id) ? fired[id] : 0}};
      if (it != in_force.end()) {
        rule["title_zh"] = it->second.title_zh;
        rule["title_en"] = it->second.title_en;
      }
      rules.push_back(rule);
    }
    auto revisions = ctx.store().query("SELECT * FROM plan_revisions WHERE plan_id = ? ORDER BY revised_at DESC", {p.id});
    int64_t this_year = 0;
    for (auto& v : revisions) {
      this_year += v["revised_at"].get<int64_t>() >= year_start(year) && v["revised_at"].get<int64_t>() < year_start(year + 1);
      v["revised_at"] = format_rfc3339_ms(v["revised_at"].get<int64_t>());
    }
    plans.push_back({{"id", p.id}, {"kind", p.kind}, {"title_zh", p.title_zh}, {"title_en", p.title_en}, {"lead", p.lead},
                     {"activation_zh", p.activation_zh}, {"activation_en", p.activation_en}, {"rules", rules},
                     {"revisions", revisions}, {"revised_this_year", this_year > 0}});
  }
  // Rules in force that no plan names: the system acts on something no plan states.
  json unlinked = json::array();
  for (const auto& [id, s] : in_force)
    if (!linked.count(id)) unlinked.push_back({{"id", id}, {"title_zh", s.title_zh}, {"title_en", s.title_en}});
  return {{"year", year}, {"plans", plans}, {"rules_without_plan", unlinked}};
}

json plan_revise(OpContext& ctx, const json& body) {
  BodyReader r(body);
  auto id = r.opt_id("id");
  auto plan_id = r.str("plan_id", 64);
  auto summary = r.str("summary", 2000);
  auto drill_entry = r.opt_id("drill_entry_id");
  r.finish();
  if (ctx.realm() != "live") throw ApiError("bad_field", "plans are revised in the live realm", "预案修订在正式业务域登记");
  if (id && !ctx.store().query_one("SELECT id FROM plan_revisions WHERE id = ?", {*id}).is_null()) return {{"id", *id}, {"duplicate", true}};
  const auto* plan = rules::PlanCatalog::shipped().find(plan_id);
  if (!plan) throw ApiError("not_found", "plan " + plan_id, "预案 " + plan_id);
  // A department records the revisions of the plans it leads; the centre those of every plan.
  const auto& actor = ctx.actor();
  if (actor.role == "department" && actor.unit_id != plan->lead)
    throw ApiError("out_of_scope", "plan " + plan_id + " is led by " + plan->lead, "该预案由" + plan->lead + "牵头，本部门不能登记其修订");
  if (drill_entry && ctx.store().query_one("SELECT id FROM drill_register WHERE id = ?", {*drill_entry}).is_null())
    throw ApiError("not_found", "drill register entry " + *drill_entry, "演练台账记录 " + *drill_entry);
  const std::string rid = id.value_or(uuid7_string(ctx.now()));
  json ev = {{"plan_id", plan_id}, {"summary", summary}};
  if (drill_entry) ev["drill_entry_id"] = *drill_entry;
  ctx.emit("plan.revised", rid, ev);
  return {{"id", rid}, {"plan_id", plan_id}, {"revised_at", format_rfc3339_ms(ctx.now())}};
}

}  // namespace

void register_plan_ops(domain::OpRegistry& ops, rules::RulesHolder& holder) {
  ops.add("plan.list", [&holder](OpContext& ctx, const json& body) { return plan_list(ctx, holder, body); }, false);
  ops.add("plan.revise", plan_revise);
}

}  // namespace lifeline::warnings
