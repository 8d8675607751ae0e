// What the rules engine reads and writes: triggers (what happened), facts (the incident as it
// stands), actions (what the rules say to do, each naming the rule and the fact that fired it).
#pragma once
#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace lifeline::rules {

enum class TriggerKind { warning, incident_created, incident_fact, deadline_missed, time };

struct Trigger {
  TriggerKind kind = TriggerKind::warning;
  std::string subject;           // warning id, incident id or deadline id (for the timeline)
  // warning
  std::string warning_type;      // incident type key (typhoon, heavy_rain ...)
  std::string colour;            // red, orange, yellow, blue
  std::string change = "issued"; // issued, upgraded, cancelled
  // deadline_missed
  std::string deadline_kind;
  // time: the window (from_ms, to_ms] the clock just moved through, UTC ms
  int64_t from_ms = 0, to_ms = 0;
};

// The incident's facts when the trigger is about an incident (empty for a bare warning).
struct Facts {
  std::string incident_type;
  int64_t dead = 0, missing = 0, injured = 0;  // injured = seriously injured incl. acute poisoning
  int64_t losses_yuan = 0;                      // direct economic loss
  bool hazmat = false;                          // hazardous chemicals involved
  int current_level = 0;                        // response level in force, 1 (I) .. 4 (IV), 0 none
};

enum class ActionKind { propose_level, set_level, open_deadline, notify, raise_duty_level, preposition_teams, require_consultation,
                        notify_area_teams };

const char* to_string(ActionKind k);
const char* to_string(TriggerKind k);

struct Action {
  ActionKind kind = ActionKind::notify;
  std::string rule_id;            // which rule fired
  std::string matched;            // on which fact, e.g. "dead=12 ≥ 10" or "warning typhoon red issued"
  std::string title_zh, title_en; // the rule's title
  // propose_level / set_level
  int level = 0;                  // 1 (I) .. 4 (IV)
  std::string approver;           // role that must approve (propose) or is accountable (set)
  // open_deadline / require_consultation
  std::string deadline_kind;
  int64_t within_ms = 0;          // 0 when working_days is used
  int working_days = 0;
  std::vector<std::string> chain;  // escalation roles, in order
  int64_t step_ms = 0;
  std::vector<std::string> departments;  // consultation participants
  // notify
  std::vector<std::string> to;    // addresses: role:, group:, dept:, team:, user:, all
  std::string message_zh, message_en;
  // raise_duty_level
  int readiness_percent = 0;
  bool leader_24h = false;
  // preposition_teams, notify_area_teams
  std::vector<std::string> team_kinds;
  int team_count = 0;
  std::vector<std::string> readiness;  // notify_area_teams: the teams in these states

  // {action, rule, matched, ...the fields of this kind}: what the incident timeline records.
  nlohmann::json to_json() const;
};

// Roman numeral of a response level ("I".."IV"), "" otherwise.
const char* level_roman(int level);

}  // namespace lifeline::rules
