#include "lifeline/domain/op_registry.hpp"

#include "lifeline/api_error.hpp"
#include "lifeline/schema_files.hpp"

namespace lifeline::domain {

OpRegistry::OpRegistry() {
  auto matrix = json::parse(schema::find_file(schema::documents(), "roles.json").value());
  for (auto& [op, roles] : matrix["ops"].items())
    for (const auto& role : roles) roles_[op].insert(role.get<std::string>());
  for (const auto& op : matrix["public"]) public_ops_.insert(op.get<std::string>());
  const json in_drills = matrix.value("in_drills", json::object());  // kept: items() of a temporary dangles
  for (auto& [role, ops] : in_drills.items())
    for (const auto& op : ops) drill_roles_[op.get<std::string>()].insert(role);
  auto scope = json::parse(schema::find_file(schema::documents(), "scope.json").value());
  for (auto& [op, rule] : scope["ops"].items()) {
    ScopeRule& r = scope_[op];
    for (const char* mode : {"lists", "own", "everyone", "op_checks"})
      if (rule.contains(mode)) r.mode = mode;
    for (const auto& t : rule.value("acts_on", json::array())) r.acts_on.push_back({t["kind"], t["field"]});
    if (!r.acts_on.empty()) r.mode = "acts_on";
  }
  register_user_ops(*this);
  register_incident_ops(*this);
  register_team_ops(*this);
  register_task_ops(*this);
  register_duty_ops(*this);
  register_board_ops(*this);
  register_place_ops(*this);
}

void OpRegistry::add(const std::string& op, OpHandler handler, bool writes) {
  ops_[op] = OpSpec{std::move(handler), writes};
}

const OpSpec* OpRegistry::find(const std::string& op) const {
  auto it = ops_.find(op);
  return it == ops_.end() ? nullptr : &it->second;
}

bool OpRegistry::allowed_in_drill(const std::string& op, const std::string& role) const {
  auto it = drill_roles_.find(op);
  return it != drill_roles_.end() && it->second.count(role) > 0;
}

bool OpRegistry::allowed(const std::string& op, const std::string& role) const {
  if (public_ops_.count(op)) return true;
  auto it = roles_.find(op);
  return it != roles_.end() && it->second.count(role) > 0;
}

namespace {
const char* kind_zh(const std::string& kind) {
  static const std::map<std::string, const char*> names = {
      {"unit", "单位"},       {"incident", "事件"},   {"team", "队伍"},     {"task", "任务"},
      {"user", "用户"},       {"consultation", "会商"}, {"decision", "决定事项"}, {"hazard", "隐患"},
      {"depot", "物资库"},    {"release", "调拨单"},  {"warning", "预警"},   {"proposal", "响应级别建议"},
      {"deadline", "时限"},   {"message", "消息"},    {"report", "报告"},    {"shift", "班次"},
      {"device", "通信装备"}, {"enterprise", "企业"}, {"monitor_point", "监测点"}};
  auto it = names.find(kind);
  return it == names.end() ? "对象" : it->second;
}
}  // namespace

const ScopeRule* OpRegistry::scope_rule(const std::string& op) const {
  auto it = scope_.find(op);
  return it == scope_.end() ? nullptr : &it->second;
}

void check_scope(OpContext& ctx, const ScopeRule& rule, const json& body, bool writes) {
  for (const auto& t : rule.acts_on) {
    auto it = body.find(t.field);
    if (it == body.end() || !it->is_string()) continue;  // absent or malformed: the op's own checks answer
    const auto& id = it->get_ref<const std::string&>();
    auto ok = ctx.scope().allows(t.kind, id, writes ? Access::write : Access::read);
    if (ok && !*ok) throw ApiError("out_of_scope", "that " + t.kind + " is not within your unit's scope",
                                   std::string("该") + kind_zh(t.kind) + "不属于本单位及下级单位");
  }
}

std::vector<std::string> OpRegistry::names() const {
  std::vector<std::string> out;
  for (const auto& [name, spec] : ops_) out.push_back(name);
  return out;
}

}  // namespace lifeline::domain
