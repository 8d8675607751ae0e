#include "lifeline/domain/role_words.hpp"

#include <map>

namespace lifeline::domain {

RoleWords role_words(const std::string& role) {
  static const std::map<std::string, RoleWords> words = {
      {"admin", {"管理员", "administrator"}},
      {"commander", {"指挥长", "commander"}},
      {"duty_leader", {"带班领导", "duty leader"}},
      {"duty_officer", {"值班员", "duty officer"}},
      {"team_lead", {"队长", "team lead"}},
      {"team_member", {"队员", "team member"}},
      {"department", {"成员单位", "department"}},
      {"drill_director", {"演练导调", "drill director"}},
      {"observer", {"观察员", "observer"}},
      {"system", {"系统", "the system"}},
  };
  auto it = words.find(role);
  return it != words.end() ? it->second : RoleWords{role, role};
}

}  // namespace lifeline::domain
