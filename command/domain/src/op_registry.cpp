#include "lifeline/domain/op_registry.hpp"

#include "lifeline/schema_files.hpp"

namespace lifeline::domain {

OpRegistry::OpRegistry() {
  auto matrix = json::parse(schema::find_file(schema::documents(), "roles.json").value());
  for (auto& [op, roles] : matrix["ops"].items())
    for (const auto& role : roles) roles_[op].insert(role.get<std::string>());
  for (const auto& op : matrix["public"]) public_ops_.insert(op.get<std::string>());
  register_user_ops(*this);
  register_incident_ops(*this);
  register_team_ops(*this);
  register_task_ops(*this);
  register_duty_ops(*this);
  register_board_ops(*this);
}

void OpRegistry::add(const std::string& op, OpHandler handler, bool writes) {
  ops_[op] = OpSpec{std::move(handler), writes};
}

const OpSpec* OpRegistry::find(const std::string& op) const {
  auto it = ops_.find(op);
  return it == ops_.end() ? nullptr : &it->second;
}

bool OpRegistry::allowed(const std::string& op, const std::string& role) const {
  if (public_ops_.count(op)) return true;
  auto it = roles_.find(op);
  return it != roles_.end() && it->second.count(role) > 0;
}

std::vector<std::string> OpRegistry::names() const {
  std::vector<std::string> out;
  for (const auto& [name, spec] : ops_) out.push_back(name);
  return out;
}

}  // namespace lifeline::domain
