// Who may speak for a department (schema/cap.md "Who may import"): a user with role `department`
// imports CAP only in its own department's name and changes only its own department's warnings.
// Duty officers and above import on behalf of any department, as the message says.
#include "lifeline/api_error.hpp"
#include "module_parts.hpp"

namespace lifeline::warnings {

namespace {

std::string ascii_lower(std::string s) {
  for (auto& ch : s)
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  return s;
}

// The CAP department text (senderName, else sender) names the unit: it contains the unit's Chinese
// name, English name or id (示范市气象局 names 气象局).
bool names_unit(const std::string& department, const nlohmann::json& unit) {
  auto text = ascii_lower(department);
  for (const char* k : {"name", "name_en", "id"}) {
    auto name = ascii_lower(unit.value(k, ""));
    if (!name.empty() && text.find(name) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

void require_own_department(domain::OpContext& ctx, const std::string& department) {
  if (ctx.actor().role != "department") return;
  auto unit = ctx.store().query_one("SELECT id, name, name_en FROM units WHERE id = ?", {ctx.actor().unit_id});
  if (unit.is_null() || !names_unit(department, unit))
    throw ApiError("not_own_department", "'" + department + "' is not " + unit.value("name_en", ctx.actor().unit_id),
                   "“" + department + "”不是" + unit.value("name", ctx.actor().unit_id));
}

}  // namespace lifeline::warnings
