// Loading and validating a rules file (schema/rules.md). Every error carries the line and column
// toml++ recorded for the offending node, and loading goes on to find the next one, so an operator
// sees all the mistakes of an edit at once.
#include <nlohmann/json.hpp>
#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <set>
#include <stdexcept>

#include "lifeline/rules/duration.hpp"
#include "lifeline/api_error.hpp"
#include "lifeline/rules/rule_set.hpp"
#include "lifeline/schema_files.hpp"
#include "rule.hpp"

namespace lifeline::rules {

namespace {

using StrSet = std::set<std::string>;

const nlohmann::json& enums() {
  static const nlohmann::json e = [] {
    auto text = schema::find_file(schema::documents(), "enums.json");
    if (!text) throw std::logic_error("enums.json not embedded");
    return nlohmann::json::parse(*text);
  }();
  return e;
}

StrSet incident_types() {
  StrSet s;
  for (auto& [k, v] : enums().at("incident_types").items()) s.insert(k);
  return s;
}
StrSet enum_set(const char* name) {
  StrSet s;
  for (auto& v : enums().at(name)) s.insert(v.get<std::string>());
  return s;
}

std::string join(const StrSet& s) {
  std::string out;
  for (const auto& v : s) out += (out.empty() ? "" : ", ") + v;
  return out;
}

int parse_level(const std::string& s) {
  if (s == "I") return 1;
  if (s == "II") return 2;
  if (s == "III") return 3;
  if (s == "IV") return 4;
  return 0;
}

class Loader {
 public:
  explicit Loader(std::vector<RuleError>& errors) : errors_(errors) {}

  void error(const toml::source_region& at, std::string reason) {
    errors_.push_back({static_cast<int>(at.begin.line), static_cast<int>(at.begin.column), std::move(reason)});
  }

  // Reports keys of `t` not in `allowed`.
  void only_keys(const toml::table& t, std::initializer_list<const char*> allowed, const std::string& where) {
    for (auto&& kv : t) {
      const toml::key& k = kv.first;
      if (std::none_of(allowed.begin(), allowed.end(), [&](const char* a) { return k.str() == a; })) {
        std::string list;
        for (const char* a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
        error(k.source(), where + ": unknown key \"" + std::string(k.str()) + "\" (allowed: " + list + ")");
      }
    }
  }

  std::optional<std::string> str(const toml::table& t, const char* key, const std::string& where, bool required = false) {
    const toml::node* n = t.get(key);
    if (!n) {
      if (required) error(t.source(), where + ": missing \"" + key + "\"");
      return std::nullopt;
    }
    if (!n->is_string()) {
      error(n->source(), where + "." + key + ": must be a string");
      return std::nullopt;
    }
    return n->value<std::string>();
  }

  std::optional<int64_t> integer(const toml::table& t, const char* key, int64_t lo, int64_t hi, const std::string& where) {
    const toml::node* n = t.get(key);
    if (!n) return std::nullopt;
    auto v = n->value<int64_t>();
    if (!n->is_integer() || !v || *v < lo || *v > hi) {
      error(n->source(), where + "." + key + ": must be an integer from " + std::to_string(lo) + " to " + std::to_string(hi));
      return std::nullopt;
    }
    return v;
  }

  std::optional<bool> boolean(const toml::table& t, const char* key, const std::string& where) {
    const toml::node* n = t.get(key);
    if (!n) return std::nullopt;
    if (!n->is_boolean()) {
      error(n->source(), where + "." + key + ": must be true or false");
      return std::nullopt;
    }
    return n->value<bool>();
  }

  // An array of strings, each in `allowed` unless allowed is empty.
  std::vector<std::string> list(const toml::table& t, const char* key, const StrSet& allowed, const std::string& where) {
    std::vector<std::string> out;
    const toml::node* n = t.get(key);
    if (!n) return out;
    const toml::array* a = n->as_array();
    if (!a) {
      error(n->source(), where + "." + key + ": must be an array of strings");
      return out;
    }
    for (const auto& e : *a) {
      auto v = e.value<std::string>();
      if (!e.is_string() || !v) {
        error(e.source(), where + "." + key + ": must be an array of strings");
        continue;
      }
      if (!allowed.empty() && !allowed.count(*v)) {
        error(e.source(), where + "." + key + ": unknown value \"" + *v + "\" (allowed: " + join(allowed) + ")");
        continue;
      }
      out.push_back(*v);
    }
    return out;
  }

  std::optional<int64_t> duration(const toml::table& t, const char* key, const std::string& where) {
    auto s = str(t, key, where);
    if (!s) return std::nullopt;
    auto ms = detail::parse_duration_ms(*s);
    if (!ms) error(t.get(key)->source(), where + "." + key + ": \"" + *s + "\" is not a duration like 2h, 15m, 1h30m, 3d");
    return ms;
  }

 private:
  std::vector<RuleError>& errors_;
};

struct Settings {
  int utc_offset_minutes = 480;
  std::vector<std::string> chain = {"duty_officer", "duty_leader", "commander"};
  int64_t step_ms = kDefaultEscalationStepMs;
};

void load_when(Loader& L, const toml::table& w, Rule& r, const std::string& where) {
  auto trig = L.str(w, "trigger", where, true);
  if (!trig) return;
  static const StrSet colours = {"red", "orange", "yellow", "blue"};
  static const StrSet changes = {"issued", "upgraded", "cancelled"};
  if (*trig == "warning") {
    r.trigger = TriggerKind::warning;
    L.only_keys(w, {"trigger", "types", "colours", "changes"}, where);
    r.types = L.list(w, "types", incident_types(), where);
    r.colours = L.list(w, "colours", colours, where);
    r.changes = L.list(w, "changes", changes, where);
    if (!w.get("changes")) r.changes = {"issued", "upgraded"};
  } else if (*trig == "incident_created") {
    r.trigger = TriggerKind::incident_created;
    L.only_keys(w, {"trigger", "incident_types"}, where);
    r.incident_types = L.list(w, "incident_types", incident_types(), where);
  } else if (*trig == "incident_fact") {
    r.trigger = TriggerKind::incident_fact;
    L.only_keys(w, {"trigger", "incident_types", "dead", "missing", "injured", "losses_yuan", "hazmat", "match"}, where);
    r.incident_types = L.list(w, "incident_types", incident_types(), where);
    constexpr int64_t kMax = 1'000'000'000'000'000;
    r.dead = L.integer(w, "dead", 1, kMax, where);
    r.missing = L.integer(w, "missing", 1, kMax, where);
    r.injured = L.integer(w, "injured", 1, kMax, where);
    r.losses_yuan = L.integer(w, "losses_yuan", 1, kMax, where);
    r.hazmat = L.boolean(w, "hazmat", where);
    if (r.hazmat && !*r.hazmat) {
      L.error(w.get("hazmat")->source(), where + ".hazmat: only hazmat = true is a condition");
      r.hazmat.reset();
    }
    if (auto m = L.str(w, "match", where)) {
      if (*m == "all") r.match_all = true;
      else if (*m != "any") L.error(w.get("match")->source(), where + ".match: must be \"any\" or \"all\"");
    }
    if (!w.get("dead") && !w.get("missing") && !w.get("injured") && !w.get("losses_yuan") && !w.get("hazmat"))
      L.error(w.source(), where + ": incident_fact needs at least one of dead, missing, injured, losses_yuan, hazmat");
  } else if (*trig == "deadline_missed") {
    r.trigger = TriggerKind::deadline_missed;
    L.only_keys(w, {"trigger", "kinds"}, where);
    r.deadline_kinds = L.list(w, "kinds", {}, where);
  } else if (*trig == "time") {
    r.trigger = TriggerKind::time;
    L.only_keys(w, {"trigger", "daily_at"}, where);
    auto at = L.str(w, "daily_at", where, true);
    if (at) {
      int h = -1, m = -1;
      if (at->size() == 5 && (*at)[2] == ':' && std::isdigit((unsigned char)(*at)[0]) && std::isdigit((unsigned char)(*at)[1]) &&
          std::isdigit((unsigned char)(*at)[3]) && std::isdigit((unsigned char)(*at)[4])) {
        h = std::stoi(at->substr(0, 2));
        m = std::stoi(at->substr(3, 2));
      }
      if (h < 0 || h > 23 || m < 0 || m > 59) L.error(w.get("daily_at")->source(), where + ".daily_at: must be \"HH:MM\" (local time)");
      else r.daily_at_minute = h * 60 + m;
    }
  } else {
    L.error(w.get("trigger")->source(), where + ".trigger: unknown trigger \"" + *trig +
                                            "\" (allowed: warning, incident_created, incident_fact, deadline_missed, time)");
  }
}

bool valid_address(const std::string& a) {
  static const StrSet roles = enum_set("roles");
  if (a == "all") return true;
  auto colon = a.find(':');
  if (colon == std::string::npos || colon + 1 == a.size()) return false;
  std::string kind = a.substr(0, colon), name = a.substr(colon + 1);
  if (kind == "role") return roles.count(name) > 0;
  return kind == "group" || kind == "dept" || kind == "team" || kind == "user";
}

std::optional<Action> load_action(Loader& L, const toml::table& t, const Settings& s, const std::string& where) {
  auto kind = L.str(t, "action", where, true);
  if (!kind) return std::nullopt;
  static const StrSet roles = enum_set("roles");
  static const StrSet team_kinds = enum_set("team_kind");
  Action a;
  bool ok = true;
  auto fail = [&](const toml::node* n, const std::string& reason) {
    L.error(n ? n->source() : t.source(), where + reason);
    ok = false;
  };
  if (*kind == "propose_level" || *kind == "set_level") {
    a.kind = *kind == "propose_level" ? ActionKind::propose_level : ActionKind::set_level;
    L.only_keys(t, {"action", "level", "approver"}, where);
    auto lv = L.str(t, "level", where, true);
    a.level = lv ? parse_level(*lv) : 0;
    if (lv && !a.level) fail(t.get("level"), ".level: must be \"I\", \"II\", \"III\" or \"IV\"");
    if (!lv) ok = false;
    // Who approves: the commander for I/II, the duty leader (or above) for III/IV (DECISIONS.md).
    a.approver = a.level && a.level <= 2 ? "commander" : "duty_leader";
    if (auto ap = L.str(t, "approver", where)) {
      bool allowed = a.level <= 2 ? *ap == "commander" : (*ap == "duty_leader" || *ap == "commander");
      if (!allowed) fail(t.get("approver"), ".approver: level " + std::string(level_roman(a.level)) + " is approved by " +
                                                (a.level <= 2 ? "the commander" : "duty_leader or commander") + ", not " + *ap);
      else a.approver = *ap;
    }
    if (a.kind == ActionKind::set_level && a.level && a.level <= 2)
      fail(t.get("level"), ".level: a rule cannot set level I/II; use propose_level (the commander approves)");
  } else if (*kind == "open_deadline" || *kind == "require_consultation") {
    bool consult = *kind == "require_consultation";
    a.kind = consult ? ActionKind::require_consultation : ActionKind::open_deadline;
    if (consult)
      L.only_keys(t, {"action", "kind", "within", "departments", "chain", "step", "title_zh", "title_en"}, where);
    else
      L.only_keys(t, {"action", "kind", "within", "working_days", "chain", "step", "title_zh", "title_en"}, where);
    auto dk = L.str(t, "kind", where, !consult);
    a.deadline_kind = dk.value_or(consult ? "consultation.convene" : "");
    if (!dk && !consult) ok = false;
    auto within = L.duration(t, "within", where);
    auto wd = consult ? std::nullopt : L.integer(t, "working_days", 1, 365, where);
    if (within && wd) fail(t.get("working_days"), ": give within or working_days, not both");
    if (!t.get("within") && !t.get("working_days")) fail(nullptr, ": needs within (e.g. \"2h\")" + std::string(consult ? "" : " or working_days"));
    else if (!within && !wd) ok = false;
    a.within_ms = within.value_or(0);
    a.working_days = static_cast<int>(wd.value_or(0));
    a.chain = t.get("chain") ? L.list(t, "chain", roles, where) : s.chain;
    if (t.get("chain") && a.chain.empty()) fail(t.get("chain"), ".chain: needs at least one role");
    a.step_ms = t.get("step") ? L.duration(t, "step", where).value_or(0) : s.step_ms;
    a.departments = L.list(t, "departments", {}, where);
    a.message_zh = L.str(t, "title_zh", where).value_or("");
    a.message_en = L.str(t, "title_en", where).value_or("");
  } else if (*kind == "notify") {
    a.kind = ActionKind::notify;
    L.only_keys(t, {"action", "to", "message_zh", "message_en"}, where);
    a.to = L.list(t, "to", {}, where);
    if (a.to.empty()) fail(t.get("to"), ".to: needs at least one address (role:NAME, group:NAME, dept:ID, team:ID, user:ID, all)");
    for (const auto& addr : a.to)
      if (!valid_address(addr)) fail(t.get("to"), ".to: \"" + addr + "\" is not an address (role:<known role>, group:, dept:, team:, user:, all)");
    auto zh = L.str(t, "message_zh", where, true), en = L.str(t, "message_en", where, true);
    if (!zh || !en) ok = false;
    a.message_zh = zh.value_or("");
    a.message_en = en.value_or("");
  } else if (*kind == "raise_duty_level") {
    a.kind = ActionKind::raise_duty_level;
    L.only_keys(t, {"action", "readiness_percent", "leader_24h"}, where);
    auto pct = L.integer(t, "readiness_percent", 1, 100, where);
    if (!t.get("readiness_percent")) fail(nullptr, ": needs readiness_percent (1-100)");
    else if (!pct) ok = false;
    a.readiness_percent = static_cast<int>(pct.value_or(0));
    a.leader_24h = L.boolean(t, "leader_24h", where).value_or(false);
  } else if (*kind == "preposition_teams") {
    a.kind = ActionKind::preposition_teams;
    L.only_keys(t, {"action", "team_kinds", "count", "message_zh", "message_en"}, where);
    a.team_kinds = L.list(t, "team_kinds", team_kinds, where);
    if (a.team_kinds.empty()) fail(t.get("team_kinds"), ".team_kinds: needs at least one of " + join(team_kinds));
    a.team_count = static_cast<int>(L.integer(t, "count", 1, 10'000, where).value_or(0));
    a.message_zh = L.str(t, "message_zh", where).value_or("");
    a.message_en = L.str(t, "message_en", where).value_or("");
  } else if (*kind == "notify_area_teams") {
    // The teams in the warning's townships (or the incident's unit), as one message with one tally.
    static const StrSet readiness = enum_set("team_readiness");
    a.kind = ActionKind::notify_area_teams;
    L.only_keys(t, {"action", "team_kinds", "readiness", "message_zh", "message_en"}, where);
    a.team_kinds = L.list(t, "team_kinds", team_kinds, where);
    if (a.team_kinds.empty()) fail(t.get("team_kinds"), ".team_kinds: needs at least one of " + join(team_kinds));
    a.readiness = t.get("readiness") ? L.list(t, "readiness", readiness, where) : std::vector<std::string>{"available", "standby"};
    if (a.readiness.empty()) fail(t.get("readiness"), ".readiness: needs at least one of " + join(readiness));
    auto zh = L.str(t, "message_zh", where, true), en = L.str(t, "message_en", where, true);
    if (!zh || !en) ok = false;
    a.message_zh = zh.value_or("");
    a.message_en = en.value_or("");
  } else {
    fail(t.get("action"), ".action: unknown action \"" + *kind +
                              "\" (allowed: propose_level, set_level, open_deadline, notify, raise_duty_level, "
                              "preposition_teams, require_consultation, notify_area_teams)");
  }
  if (!ok) return std::nullopt;
  return a;
}

void load_settings(Loader& L, const toml::table& t, Settings& s) {
  static const StrSet roles = enum_set("roles");
  L.only_keys(t, {"utc_offset_minutes", "escalation_chain", "escalation_step"}, "settings");
  s.utc_offset_minutes = static_cast<int>(L.integer(t, "utc_offset_minutes", -720, 840, "settings").value_or(480));
  if (t.get("escalation_chain")) {
    s.chain = L.list(t, "escalation_chain", roles, "settings");
    if (s.chain.empty()) L.error(t.get("escalation_chain")->source(), "settings.escalation_chain: needs at least one role");
  }
  if (t.get("escalation_step")) s.step_ms = L.duration(t, "escalation_step", "settings").value_or(s.step_ms);
}

}  // namespace

std::string RuleError::to_string(std::string_view source) const {
  return std::string(source) + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + reason;
}

LoadResult RuleSet::load(std::string_view text) {
  LoadResult result;
  toml::table doc;
  try {
    doc = toml::parse(text, std::string_view("rules.toml"));
  } catch (const toml::parse_error& e) {
    result.errors.push_back({static_cast<int>(e.source().begin.line), static_cast<int>(e.source().begin.column),
                             std::string(e.description())});
    return result;
  }
  Loader L(result.errors);
  L.only_keys(doc, {"version", "settings", "rule"}, "file");
  auto version = L.integer(doc, "version", 1, 1, "file");
  if (!doc.get("version")) L.error(doc.source(), "file: missing \"version = 1\"");
  (void)version;
  Settings settings;
  if (const toml::node* s = doc.get("settings")) {
    if (const toml::table* st = s->as_table()) load_settings(L, *st, settings);
    else L.error(s->source(), "settings: must be a table");
  }
  std::vector<Rule> rules;
  std::set<std::string> ids;
  const toml::node* rn = doc.get("rule");
  const toml::array* arr = rn ? rn->as_array() : nullptr;
  if (rn && (!arr || !arr->is_array_of_tables())) L.error(rn->source(), "rule: must be [[rule]] tables");
  if (arr && arr->is_array_of_tables()) {
    std::size_t index = 0;
    for (const auto& node : *arr) {
      const toml::table& t = *node.as_table();
      std::string where = "rule[" + std::to_string(index++) + "]";
      Rule r;
      L.only_keys(t, {"id", "title_zh", "title_en", "enabled", "when", "then"}, where);
      auto id = L.str(t, "id", where, true);
      if (id) {
        where = "rule \"" + *id + "\"";
        if (id->empty() || id->size() > 64) L.error(t.get("id")->source(), where + ": id must be 1-64 characters");
        if (!ids.insert(*id).second) L.error(t.get("id")->source(), where + ": duplicate id");
        r.id = *id;
      }
      r.title_zh = L.str(t, "title_zh", where, true).value_or("");
      r.title_en = L.str(t, "title_en", where, true).value_or("");
      r.enabled = L.boolean(t, "enabled", where).value_or(true);
      const toml::node* when = t.get("when");
      if (!when || !when->is_table()) L.error(when ? when->source() : t.source(), where + ": needs a [rule.when] table");
      else load_when(L, *when->as_table(), r, where + ".when");
      const toml::node* then = t.get("then");
      const toml::array* acts = then ? then->as_array() : nullptr;
      if (!acts || !acts->is_array_of_tables() || acts->empty())
        L.error(then ? then->source() : t.source(), where + ": needs at least one [[rule.then]] action");
      else
        for (const auto& an : *acts)
          if (auto a = load_action(L, *an.as_table(), settings, where + ".then")) {
            a->rule_id = r.id;
            a->title_zh = r.title_zh;
            a->title_en = r.title_en;
            r.actions.push_back(std::move(*a));
          }
      rules.push_back(std::move(r));
    }
  }
  if (!result.errors.empty()) return result;
  auto set = std::shared_ptr<RuleSet>(new RuleSet());
  set->rules_ = std::move(rules);
  set->utc_offset_minutes_ = settings.utc_offset_minutes;
  result.rules = std::move(set);
  return result;
}

std::shared_ptr<const RuleSet> RuleSet::defaults() {
  auto text = schema::find_file(schema::documents(), "rules.toml");
  if (!text) throw std::logic_error("schema/rules.toml not embedded");
  auto r = load(*text);
  if (!r.ok()) throw std::logic_error("schema/rules.toml: " + r.errors.front().to_string());
  return r.rules;
}

void throw_rules_invalid(const std::vector<RuleError>& errors) {
  std::string detail;
  for (const auto& e : errors) detail += (detail.empty() ? "" : "; ") + e.to_string();
  throw ApiError("rules_invalid", detail);
}

}  // namespace lifeline::rules
