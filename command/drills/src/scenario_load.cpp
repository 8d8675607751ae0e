// Reading scenario files and inject templates (schema/drills.md). Each inject and expectation is
// converted to JSON and checked by one reader (read_inject / read_expectation), the same one a
// no-script inject from the console goes through; a file's error is then placed at the line and
// column of the key the reader named.
#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "lifeline/api_error.hpp"
#include "lifeline/domain/body_reader.hpp"
#include "lifeline/drills/scenario.hpp"
#include "lifeline/rules/duration.hpp"
#include "lifeline/schema_files.hpp"

namespace lifeline::drills {

using domain::BodyReader;

namespace {

const json& enums() {
  static const json e = [] {
    auto text = schema::find_file(schema::documents(), "enums.json");
    if (!text) throw std::logic_error("enums.json not embedded");
    return json::parse(*text);
  }();
  return e;
}

std::vector<std::string> incident_types() {
  std::vector<std::string> out;
  for (auto& [k, v] : enums().at("incident_types").items()) out.push_back(k);
  return out;
}

// An id people type in a file and read in the report: 1-64 of a-z, 0-9, - and _.
std::string read_name(BodyReader& r, const char* key) {
  auto s = r.str(key, 64);
  for (unsigned char c : s)
    if (!(std::islower(c) || std::isdigit(c) || c == '-' || c == '_'))
      throw ApiError("bad_field", r.path(key) + " may hold only a-z, 0-9, - and _",
                     r.path(key) + " 只能包含 a-z、0-9、- 和 _");
  return s;
}

int64_t read_duration(BodyReader& r, const char* key) {
  auto s = r.str(key, 32);
  // A scenario starts at 0: "0m" is a time here, though no rule waits for nothing.
  auto ms = s == "0" || s == "0s" || s == "0m" || s == "0h" ? std::optional<int64_t>(0) : rules::detail::parse_duration_ms(s);
  if (!ms || *ms < 0 || *ms > 30LL * 24 * 3600 * 1000)
    throw ApiError("bad_field", r.path(key) + ": \"" + s + "\" is not a duration like 0m, 90s, 2h, 1h30m (at most 30d)",
                   r.path(key) + "：“" + s + "”不是时长（如 0m、90s、2h、1h30m，至多 30d）");
  return *ms;
}

void read_casualties(BodyReader c) {
  for (const char* k : {"dead", "missing", "injured"}) c.opt_integer(k, 0, 1000000);
  c.finish();
}

void read_recipients(BodyReader& r) {
  const auto& to = r.array("to", 64);
  if (to.empty()) throw ApiError("bad_field", r.path("to") + ": at least one address", r.path("to") + "：至少一个地址");
  for (const auto& a : to)
    if (!a.is_string() || a.get<std::string>().empty() || a.get<std::string>().size() > 128)
      throw ApiError("bad_field", r.path("to") + ": addresses are strings like role:duty_officer, team:T-P0001",
                     r.path("to") + "：地址应为字符串，如 role:duty_officer、team:T-P0001");
}

// Whose links a comms-outage inject cuts or restores: the teams in `area` (units: a township, a
// county, a village) and the `teams` named, on `channels` (default IP only).
void read_link_targets(BodyReader& r) {
  bool any = false;
  for (const char* key : {"area", "teams"}) {
    if (!r.has(key)) continue;
    const auto& ids = r.array(key, 200);
    for (const auto& id : ids)
      if (!id.is_string() || id.get<std::string>().empty() || id.get<std::string>().size() > 64)
        throw ApiError("bad_field", r.path(key) + ": unit or team ids like P0001, T-P0001", r.path(key) + "：应为单位或队伍编号，如 P0001、T-P0001");
    any = any || !ids.empty();
  }
  if (!any) throw ApiError("missing_field", r.path("area") + " or " + r.path("teams"));
  if (r.has("channels")) {
    const auto& channels = r.array("channels", 6);
    if (channels.empty()) throw ApiError("bad_field", r.path("channels") + ": at least one link", r.path("channels") + "：至少一种链路");
    for (const auto& c : channels)
      if (!c.is_string() || std::find(kCutChannels.begin(), kCutChannels.end(), c.get<std::string>()) == kCutChannels.end())
        throw ApiError("bad_field", r.path("channels") + ": links are ip, pdt, beidou, iridium, tiantong, sms",
                       r.path("channels") + "：链路应为 ip、pdt、beidou、iridium、tiantong、sms");
  }
}

// TOML value → JSON (tables, arrays, strings, integers, floats, booleans; dates are refused).
json to_json(const toml::node& n) {
  if (auto t = n.as_table()) {
    json o = json::object();
    for (const auto& [k, v] : *t) o[std::string(k.str())] = to_json(v);
    return o;
  }
  if (auto a = n.as_array()) {
    json o = json::array();
    for (const auto& v : *a) o.push_back(to_json(v));
    return o;
  }
  if (auto s = n.as_string()) return s->get();
  if (auto i = n.as_integer()) return i->get();
  if (auto f = n.as_floating_point()) return f->get();
  if (auto b = n.as_boolean()) return b->get();
  return "(a date or time: write times as durations from the start, like 1h30m)";
}

// The first key named after `where.` in a reader's message (e.g. "inject[2].team must be…").
std::string key_in(const std::string& message, const std::string& where) {
  auto p = message.find(where + ".");
  if (p == std::string::npos) return {};
  p += where.size() + 1;
  auto e = p;
  while (e < message.size() && (std::isalnum(static_cast<unsigned char>(message[e])) || message[e] == '_')) ++e;
  return message.substr(p, e - p);
}

class Collector {
 public:
  explicit Collector(std::vector<ScenarioError>& errors) : errors_(errors) {}
  void error(const toml::source_region& at, std::string reason, std::string reason_zh = "") {
    errors_.push_back({static_cast<int>(at.begin.line), static_cast<int>(at.begin.column), std::move(reason), std::move(reason_zh)});
  }
  // A reader's ApiError, placed at the key it names in table `t` (else at the table). A bad value's
  // detail says everything; a missing or unknown key keeps the catalogue's words before it.
  void error(const toml::table& t, const std::string& where, const ApiError& e) {
    auto j = e.to_json();
    std::string message = e.code() == "bad_field" && !e.detail().empty() ? e.detail() : j.value("message_en", e.detail());
    auto key = key_in(message, where);
    const toml::node* n = key.empty() ? nullptr : t.get(key);
    error(n ? n->source() : t.source(), message, j.value("message_zh", ""));
  }

 private:
  std::vector<ScenarioError>& errors_;
};

// The [[name]] tables of the document, or an error when `name` is something else.
std::vector<const toml::table*> tables_of(const toml::table& doc, const char* name, Collector& c) {
  std::vector<const toml::table*> out;
  const toml::node* n = doc.get(name);
  if (!n) return out;
  const toml::array* a = n->as_array();
  if (!a || !a->is_array_of_tables()) {
    c.error(n->source(), std::string(name) + ": must be [[" + name + "]] tables", std::string(name) + "：应为 [[" + name + "]] 表");
    return out;
  }
  for (const auto& t : *a) out.push_back(t.as_table());
  return out;
}

Expectation read_expectation(const json& spec, const std::string& where, const std::set<std::string>& inject_ids) {
  BodyReader r(spec, where);
  Expectation x;
  x.id = read_name(r, "id");
  x.title_zh = r.str("title_zh", 120);
  x.title_en = r.str("title_en", 120);
  x.what = r.one_of("what", kExpectations);
  x.after = r.opt_str("after", 64).value_or("start");
  if (x.after != "start" && !inject_ids.count(x.after))
    throw ApiError("bad_field", r.path("after") + ": no inject \"" + x.after + "\" in this scenario (or \"start\")",
                   r.path("after") + "：本脚本没有注入“" + x.after + "”（或写 start）");
  x.within_ms = read_duration(r, "within");
  if (x.what == "incident_level") r.integer("level", 1, 4);
  else r.opt_integer("level", 1, 4);
  if (x.what == "team_tasked" || x.what == "team_reached") r.str("team", 64);
  r.opt_integer("depots", 1, 50);
  r.finish();
  x.spec = spec;
  return x;
}

// TOML syntax: the document, or false with the parser's error (line, column) added to `errors`.
bool parse_toml(std::string_view text, std::string_view name, toml::table& doc, std::vector<ScenarioError>& errors) {
  try {
    doc = toml::parse(text, name);
    return true;
  } catch (const toml::parse_error& e) {
    errors.push_back({static_cast<int>(e.source().begin.line), static_cast<int>(e.source().begin.column),
                      std::string(e.description()), "TOML 语法错误：" + std::string(e.description())});
    return false;
  }
}

}  // namespace

std::string ScenarioError::to_string(std::string_view source) const {
  return std::string(source) + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + reason;
}

std::string ScenarioError::to_string_zh(std::string_view source) const {
  return std::string(source) + ":" + std::to_string(line) + ":" + std::to_string(column) + "：" +
         (reason_zh.empty() ? reason : reason_zh);
}

json Scenario::to_json() const {
  json injects_json = json::array(), expects_json = json::array();
  for (const auto& i : injects) injects_json.push_back(i.spec);
  for (const auto& x : expects) expects_json.push_back(x.spec);
  return {{"name", name},         {"title_zh", title_zh},         {"title_en", title_en},
          {"description_zh", description_zh}, {"description_en", description_en}, {"speed", speed},
          {"participants", participants}, {"teams_in", teams_in},
          {"injects", injects_json}, {"expects", expects_json}};
}

Inject read_inject(const json& spec, const std::string& where, bool with_time, const std::vector<std::string>& earlier) {
  json input = spec;
  input.erase("at_ms");  // set below from "at", never taken from outside
  BodyReader r(input, where);
  Inject i;
  i.id = read_name(r, "id");
  if (with_time) i.at_ms = read_duration(r, "at");
  i.kind = r.one_of("kind", kInjectKinds);
  i.title_zh = r.str("title_zh", 120);
  i.title_en = r.str("title_en", 120);
  if (i.kind == "warning") {
    r.str("cap", 64 * 1024);  // checked in full by warning.import when it fires
  } else if (i.kind == "incident") {
    r.one_of("type", incident_types());
    r.str("title", 120);
    r.str("unit", 64);
    domain::read_place(r.object("place"));
    if (auto c = r.opt_object("casualties")) read_casualties(*c);
    r.opt_integer("losses_yuan", 0, 1000000000000LL);
  } else if (i.kind == "incident_update") {
    auto of = r.str("incident", 64);
    if (std::find(earlier.begin(), earlier.end(), of) == earlier.end())
      throw ApiError("bad_field", r.path("incident") + ": \"" + of + "\" is not an earlier incident inject",
                     r.path("incident") + "：“" + of + "”不是之前的事件注入");
    bool any = false;
    if (auto c = r.opt_object("casualties")) read_casualties(*c), any = true;
    if (r.opt_integer("losses_yuan", 0, 1000000000000LL)) any = true;
    if (!any) throw ApiError("missing_field", r.path("casualties") + " or " + r.path("losses_yuan"));
  } else if (i.kind == "message") {
    read_recipients(r);
    r.str("from_zh", 60);
    r.opt_str("from_en", 60);
    r.str("text_zh", 500);
    r.opt_str("text_en", 500);
    r.opt_one_of("precedence", {"flash", "immediate", "priority", "routine"});
  } else if (i.kind == "team_unavailable") {
    r.str("team", 64);
    r.opt_one_of("readiness", {"off_duty", "deployed", "standby"});
  } else if (i.kind == "link_cut" || i.kind == "link_restore") {
    read_link_targets(r);
  } else if (i.kind == "stock_shortfall") {
    r.str("depot", 64);
    r.str("item", 64);
    r.opt_integer("qty", 1, 1000000000);
  }
  // A template (or a no-script inject) may carry the responses expected after it; the report
  // scores them from the moment it is sent.
  if (!with_time && r.has("expects")) {
    const auto& xs = r.array("expects", 10);
    std::set<std::string> inject_ids;
    for (size_t n = 0; n < xs.size(); ++n) {
      json x = xs[n];
      if (x.is_object()) x["id"] = "e" + std::to_string(n);
      read_expectation(x, r.path("expects") + "[" + std::to_string(n) + "]", inject_ids);
    }
  }
  r.finish();
  i.spec = input;
  if (with_time) i.spec["at_ms"] = *i.at_ms;  // what the drill's clock compares
  else i.spec.erase("at");
  return i;
}

ScenarioLoad load_scenario(std::string_view text) {
  ScenarioLoad out;
  toml::table doc;
  if (!parse_toml(text, "scenario.toml", doc, out.errors)) return out;
  Collector c(out.errors);
  Scenario s;
  for (const auto& [k, v] : doc)
    if (k != "version" && k != "scenario" && k != "inject" && k != "expect")
      c.error(k.source(), "file: unknown key \"" + std::string(k.str()) + "\" (allowed: version, scenario, inject, expect)",
              "文件：未知的键“" + std::string(k.str()) + "”（可用：version、scenario、inject、expect）");
  const toml::node* version = doc.get("version");
  if (!version) c.error(doc.source(), "file: missing \"version = 1\"", "文件：缺少 version = 1");
  else if (version->value<int64_t>() != 1) c.error(version->source(), "version: only version = 1 is known", "version：只支持 version = 1");
  const toml::table* head = doc.get("scenario") ? doc.get("scenario")->as_table() : nullptr;
  if (!head) {
    c.error(doc.get("scenario") ? doc.get("scenario")->source() : doc.source(), "file: missing the [scenario] table", "文件：缺少 [scenario] 表");
  } else {
    try {
      const json head_json = to_json(*head);  // BodyReader keeps a reference: it must outlive the reader
      BodyReader r(head_json, "scenario");
      s.name = read_name(r, "name");
      s.title_zh = r.str("title_zh", 120);
      s.title_en = r.str("title_en", 120);
      s.description_zh = r.opt_str("description_zh", 2000).value_or("");
      s.description_en = r.opt_str("description_en", 2000).value_or("");
      if (head->get("speed")) s.speed = r.number("speed", 0.1, 3600);
      for (auto [key, into] : {std::pair{"participants", &s.participants}, std::pair{"teams_in", &s.teams_in}}) {
        if (!r.has(key)) continue;
        for (const auto& id : r.array(key, 500)) {
          if (!id.is_string() || id.get<std::string>().empty() || id.get<std::string>().size() > 64)
            throw ApiError("bad_field", r.path(key) + ": unit or team ids like P0001, T-P0001", r.path(key) + "：应为单位或队伍编号，如 P0001、T-P0001");
          into->push_back(id);
        }
      }
      r.finish();
    } catch (const ApiError& e) {
      c.error(*head, "scenario", e);
    }
  }
  std::set<std::string> ids;
  std::vector<std::string> incidents;  // ids of incident injects read so far
  std::vector<std::pair<Inject, size_t>> injects;
  size_t index = 0;
  const auto inject_tables = tables_of(doc, "inject", c);
  for (const auto* t : inject_tables) {
    std::string where = "inject[" + std::to_string(index) + "]";
    try {
      auto i = read_inject(to_json(*t), where, true, incidents);
      if (!ids.insert(i.id).second) {
        c.error(t->get("id")->source(), where + ".id: \"" + i.id + "\" is used twice", where + ".id：“" + i.id + "”重复");
      } else {
        if (i.kind == "incident") incidents.push_back(i.id);
        injects.emplace_back(std::move(i), index);
      }
    } catch (const ApiError& e) {
      c.error(*t, where, e);
    }
    ++index;
  }
  std::stable_sort(injects.begin(), injects.end(),
                   [](const auto& a, const auto& b) { return *a.first.at_ms < *b.first.at_ms; });
  // An update must come after the incident it updates in scenario time, not only in the file.
  std::set<std::string> fired;
  for (auto& [i, n] : injects) {
    if (i.kind == "incident_update" && !fired.count(i.spec["incident"].get<std::string>()))
      c.error(inject_tables[n]->source(),
              "inject[" + std::to_string(n) + "]: updates incident \"" + i.spec["incident"].get<std::string>() +
                  "\" before it happens (its at is earlier)",
              "inject[" + std::to_string(n) + "]：续报的事件“" + i.spec["incident"].get<std::string>() + "”尚未发生（at 更早）");
    fired.insert(i.id);
    s.injects.push_back(std::move(i));
  }
  std::set<std::string> expect_ids;
  index = 0;
  for (const auto* t : tables_of(doc, "expect", c)) {
    std::string where = "expect[" + std::to_string(index++) + "]";
    try {
      auto x = read_expectation(to_json(*t), where, ids);
      if (!expect_ids.insert(x.id).second) c.error(t->get("id")->source(), where + ".id: \"" + x.id + "\" is used twice", where + ".id：“" + x.id + "”重复");
      else s.expects.push_back(std::move(x));
    } catch (const ApiError& e) {
      c.error(*t, where, e);
    }
  }
  if (out.errors.empty() && s.injects.empty()) c.error(doc.source(), "file: a scenario needs at least one [[inject]]", "文件：脚本至少需要一个 [[inject]]");
  if (out.errors.empty()) out.scenario = std::move(s);
  return out;
}

TemplateLoad load_templates(std::string_view text) {
  TemplateLoad out;
  toml::table doc;
  if (!parse_toml(text, "inject-templates.toml", doc, out.errors)) return out;
  Collector c(out.errors);
  for (const auto& [k, v] : doc)
    if (k != "version" && k != "template")
      c.error(k.source(), "file: unknown key \"" + std::string(k.str()) + "\" (allowed: version, template)");
  std::set<std::string> ids;
  size_t index = 0;
  for (const auto* t : tables_of(doc, "template", c)) {
    std::string where = "template[" + std::to_string(index++) + "]";
    try {
      // A template that updates an incident names it when the director sends it: "incident"
      // is checked then, against the injects already sent.
      json spec = to_json(*t);
      std::vector<std::string> any;
      if (spec.contains("incident") && spec["incident"].is_string()) any.push_back(spec["incident"]);
      auto i = read_inject(spec, where, false, any);
      if (!ids.insert(i.id).second) c.error(t->get("id")->source(), where + ".id: \"" + i.id + "\" is used twice", where + ".id：“" + i.id + "”重复");
      else out.templates.push_back(std::move(i));
    } catch (const ApiError& e) {
      c.error(*t, where, e);
    }
  }
  return out;
}

const std::vector<Inject>& shipped_templates() {
  static const std::vector<Inject> templates = [] {
    auto text = schema::find_file(schema::documents(), "inject-templates.toml");
    if (!text) throw std::logic_error("inject-templates.toml not embedded");
    auto got = load_templates(*text);
    if (!got.errors.empty()) throw std::logic_error("inject-templates.toml: " + got.errors[0].to_string("inject-templates.toml"));
    return got.templates;
  }();
  return templates;
}

}  // namespace lifeline::drills
