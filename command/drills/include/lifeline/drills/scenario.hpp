// A drill's scenario (schema/drills.md): what happens when (injects at scenario times) and what
// the participants are expected to do about it (expected responses with time limits), read from a
// TOML file with line:column errors like the rules file. The no-script library of inject
// templates (schema/inject-templates.toml) uses the same inject format without the times.
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lifeline::drills {

using nlohmann::json;

// What an inject does in the drill's realm when it fires (inject_effects.cpp).
inline const std::vector<std::string> kInjectKinds = {"warning", "incident", "incident_update", "message",
                                                      "team_unavailable", "link_cut", "link_restore", "stock_shortfall"};
// The links a comms-outage inject may cut (link_cut / link_restore `channels`).
inline const std::vector<std::string> kCutChannels = {"ip", "pdt", "beidou", "iridium", "tiantong", "sms"};
// What an expected response waits for (after_action.cpp scores it from the event log).
inline const std::vector<std::string> kExpectations = {"consultation_convened", "incident_level",
                                                       "warning_level_approved", "team_tasked", "team_reached",
                                                       "supplies_released", "incident_reported_up"};

struct Inject {
  std::string id;
  std::optional<int64_t> at_ms;  // scenario time; none for a template or a no-script inject
  std::string kind;
  std::string title_zh, title_en;
  json spec;  // the whole inject as JSON (kind-specific fields included), as stored in the event
};

struct Expectation {
  std::string id;
  std::string title_zh, title_en;
  std::string what;            // one of kExpectations
  std::string after = "start";  // an inject id, or "start" (the scenario's load)
  int64_t within_ms = 0;
  json spec;  // the whole expectation as JSON (level, team, depots…)
};

struct Scenario {
  std::string name, title_zh, title_en, description_zh, description_en;
  double speed = 1;  // scenario seconds per real second when it starts
  // Who plays (joined when the scenario is loaded): units and teams, and every team in `teams_in`.
  std::vector<std::string> participants, teams_in;
  std::vector<Inject> injects;         // in scenario-time order (file order among equal times)
  std::vector<Expectation> expects;
  json to_json() const;
};

struct ScenarioError {
  int line = 0, column = 0;
  std::string reason;
  std::string reason_zh;  // the same in Chinese ("" where only the TOML parser's English exists)
  std::string to_string(std::string_view source) const;  // "typhoon.toml:12:5: reason"
  std::string to_string_zh(std::string_view source) const;  // "脚本:12:5: 原因"
};

struct ScenarioLoad {
  std::optional<Scenario> scenario;
  std::vector<ScenarioError> errors;
};
// Parses and checks a scenario file; collects every error it can find.
ScenarioLoad load_scenario(std::string_view toml_text);

// The inject templates of the no-script mode: {id → inject without at}.
struct TemplateLoad {
  std::vector<Inject> templates;
  std::vector<ScenarioError> errors;
};
TemplateLoad load_templates(std::string_view toml_text);
// The shipped library (schema/inject-templates.toml, embedded). Throws if it does not load.
const std::vector<Inject>& shipped_templates();

// One inject given as JSON (a no-script inject from the console): the same checks, as ApiError
// bad_field naming the field. `earlier` are the ids of injects already sent (incident_update
// names one of them).
Inject read_inject(const json& spec, const std::string& where, bool with_time, const std::vector<std::string>& earlier);

}  // namespace lifeline::drills
