#include "lifeline/rules/plan_catalog.hpp"

#include <set>
#include <stdexcept>
#include <toml++/toml.h>

#include "lifeline/schema_files.hpp"

namespace lifeline::rules {

namespace {

RuleError at(const toml::node& n, std::string reason) {
  return {static_cast<int>(n.source().begin.line), static_cast<int>(n.source().begin.column), std::move(reason)};
}

// A required non-empty string field of `t`, or an error naming it.
std::string text_field(const toml::table& t, const char* key, std::vector<RuleError>& errors) {
  auto v = t[key].value<std::string>();
  if (!v || v->empty()) {
    errors.push_back(at(t, std::string("plan: ") + key + " must be a non-empty string"));
    return "";
  }
  return *v;
}

}  // namespace

const Plan* PlanCatalog::find(const std::string& id) const {
  for (const auto& p : plans)
    if (p.id == id) return &p;
  return nullptr;
}

PlanCatalog::Loaded PlanCatalog::load(std::string_view text) {
  Loaded out;
  toml::table doc;
  try {
    doc = toml::parse(text, std::string_view("plans.toml"));
  } catch (const toml::parse_error& e) {
    out.errors.push_back({static_cast<int>(e.source().begin.line), static_cast<int>(e.source().begin.column), std::string(e.description())});
    return out;
  }
  if (doc["version"].value<int64_t>() != 1) out.errors.push_back(at(doc, "version must be 1"));
  auto* list = doc["plan"].as_array();
  if (!list || list->empty()) {
    out.errors.push_back(at(doc, "no [[plan]] tables"));
    return out;
  }
  std::set<std::string> ids;
  int masters = 0;
  for (auto& node : *list) {
    auto* t = node.as_table();
    if (!t) {
      out.errors.push_back(at(node, "[[plan]] must be a table"));
      continue;
    }
    for (auto& [key, value] : *t) {
      static const std::set<std::string_view> known = {"id", "kind", "title_zh", "title_en", "lead", "activation_zh", "activation_en", "rules"};
      if (!known.count(key.str())) out.errors.push_back(at(value, "plan: unknown field " + std::string(key.str())));
    }
    Plan p;
    p.id = text_field(*t, "id", out.errors);
    p.kind = text_field(*t, "kind", out.errors);
    p.title_zh = text_field(*t, "title_zh", out.errors);
    p.title_en = text_field(*t, "title_en", out.errors);
    p.lead = text_field(*t, "lead", out.errors);
    p.activation_zh = text_field(*t, "activation_zh", out.errors);
    p.activation_en = text_field(*t, "activation_en", out.errors);
    if (!p.kind.empty() && p.kind != "master" && p.kind != "special") out.errors.push_back(at(*t, "plan: kind must be master or special"));
    masters += p.kind == "master";
    if (!p.id.empty() && !ids.insert(p.id).second) out.errors.push_back(at(*t, "plan: id " + p.id + " used twice"));
    auto* rules = (*t)["rules"].as_array();
    if (!rules) out.errors.push_back(at(*t, "plan: rules must be a list of rule ids (empty when no rule carries it out yet)"));
    else
      for (auto& r : *rules) {
        auto id = r.value<std::string>();
        if (!id || id->empty()) out.errors.push_back(at(r, "plan: rules entries are rule ids"));
        else p.rules.push_back(*id);
      }
    out.plans.push_back(std::move(p));
  }
  if (masters != 1) out.errors.push_back(at(doc, "exactly one plan of kind master"));
  if (!out.errors.empty()) out.plans.clear();
  return out;
}

const PlanCatalog& PlanCatalog::shipped() {
  static const PlanCatalog catalog = [] {
    auto text = schema::find_file(schema::documents(), "plans.toml");
    if (!text) throw std::logic_error("schema/plans.toml not embedded");
    auto loaded = load(*text);
    if (!loaded.errors.empty()) throw std::logic_error("schema/plans.toml: " + loaded.errors.front().to_string("plans.toml"));
    return PlanCatalog{std::move(loaded.plans)};
  }();
  return catalog;
}

}  // namespace lifeline::rules
