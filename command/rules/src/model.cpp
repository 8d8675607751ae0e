#include "lifeline/rules/model.hpp"

namespace lifeline::rules {

const char* to_string(ActionKind k) {
  switch (k) {
    case ActionKind::propose_level: return "propose_level";
    case ActionKind::set_level: return "set_level";
    case ActionKind::open_deadline: return "open_deadline";
    case ActionKind::notify: return "notify";
    case ActionKind::raise_duty_level: return "raise_duty_level";
    case ActionKind::preposition_teams: return "preposition_teams";
    case ActionKind::require_consultation: return "require_consultation";
    case ActionKind::notify_area_teams: return "notify_area_teams";
  }
  return "?";
}

const char* to_string(TriggerKind k) {
  switch (k) {
    case TriggerKind::warning: return "warning";
    case TriggerKind::incident_created: return "incident_created";
    case TriggerKind::incident_fact: return "incident_fact";
    case TriggerKind::deadline_missed: return "deadline_missed";
    case TriggerKind::time: return "time";
  }
  return "?";
}

const char* level_roman(int level) {
  static const char* r[] = {"", "I", "II", "III", "IV"};
  return level >= 1 && level <= 4 ? r[level] : "";
}

nlohmann::json Action::to_json() const {
  nlohmann::json j = {{"action", to_string(kind)}, {"rule", rule_id}, {"matched", matched},
                      {"title_zh", title_zh}, {"title_en", title_en}};
  switch (kind) {
    case ActionKind::propose_level:
    case ActionKind::set_level:
      j["level"] = level;
      j["level_roman"] = level_roman(level);
      j["approver"] = approver;
      break;
    case ActionKind::open_deadline:
    case ActionKind::require_consultation:
      j["deadline_kind"] = deadline_kind;
      if (working_days) j["working_days"] = working_days;
      else j["within_ms"] = within_ms;
      j["chain"] = chain;
      j["step_ms"] = step_ms;
      if (kind == ActionKind::require_consultation) j["departments"] = departments;
      break;
    case ActionKind::notify:
      j["to"] = to;
      j["message_zh"] = message_zh;
      j["message_en"] = message_en;
      break;
    case ActionKind::raise_duty_level:
      j["readiness_percent"] = readiness_percent;
      j["leader_24h"] = leader_24h;
      break;
    case ActionKind::preposition_teams:
      j["team_kinds"] = team_kinds;
      j["count"] = team_count;
      j["message_zh"] = message_zh;
      j["message_en"] = message_en;
      break;
    case ActionKind::notify_area_teams:
      j["team_kinds"] = team_kinds;
      j["readiness"] = readiness;
      j["message_zh"] = message_zh;
      j["message_en"] = message_en;
      break;
  }
  return j;
}

}  // namespace lifeline::rules
