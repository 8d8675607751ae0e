// The drill director's operations on a scenario (schema/drills.md) and the tick that fires the
// scheduled injects on the drill's scenario clock. Everything here runs in a drill's realm only:
// live never holds a scenario, an inject or a clock setting.
#include <algorithm>
#include <limits>
#include <map>

#include "drills_internal.hpp"
#include "lifeline/api_error.hpp"
#include "lifeline/domain/body_reader.hpp"
#include "lifeline/drills/scenario.hpp"
#include "lifeline/rules/duration.hpp"

namespace lifeline::drills {

using domain::BodyReader;
using domain::OpContext;

void require_drill(OpContext& ctx) {
  if (ctx.realm().rfind("drill:", 0) != 0)
    throw ApiError("bad_field", "scenarios, injects and participants are a drill's, in its realm, never live's",
                   "演练脚本、注入和参演单位只能在演练中使用，不能用于正式业务");
}

namespace {

json scenario_row(store::RealmStore& s) { return s.query_one("SELECT * FROM drill_scenario WHERE id = 1"); }

// Ids of the incident injects already sent: what a no-script incident_update may name.
std::vector<std::string> sent_incidents(OpContext& ctx) {
  std::vector<std::string> out;
  for (const auto& r : ctx.store().query("SELECT id FROM drill_injects WHERE kind = 'incident' AND sent_at IS NOT NULL"))
    out.push_back(r["id"]);
  return out;
}

json clock_json(const std::optional<ClockSetting>& c, int64_t now) {
  if (!c) return nullptr;
  return {{"elapsed_ms", elapsed_at(*c, now)}, {"speed", c->speed}, {"paused", c->paused}};
}

json injects_view(store::RealmStore& s) {
  auto rows = s.query("SELECT id, at_ms, kind, title_zh, title_en, template, sent_at, sent_elapsed, sent_by, result, error, "
                      "error_zh FROM drill_injects ORDER BY sent_at IS NULL, COALESCE(at_ms, sent_elapsed), position");
  for (auto& r : rows) r["result"] = json::parse(r["result"].get<std::string>());
  return rows;
}

json scenario_load(OpContext& ctx, const json& body) {
  require_drill(ctx);
  BodyReader r(body);
  auto text = r.str("text", 512 * 1024);
  auto speed = r.opt_number("speed", 0.1, 3600);
  auto paused = r.opt_boolean("paused").value_or(false);
  r.finish();
  if (!ctx.store().query_one("SELECT id FROM drill_injects WHERE sent_at IS NOT NULL LIMIT 1").is_null())
    throw ApiError("invalid_transition", "this drill has already sent injects: start a new drill for another scenario",
                   "本次演练已发出注入，换脚本请新开一次演练");
  auto got = load_scenario(text);
  if (!got.scenario) {
    std::string en, zh;
    for (size_t i = 0; i < got.errors.size() && i < 10; ++i) {
      en += (i ? "; " : "") + got.errors[i].to_string("scenario");
      zh += (i ? "；" : "") + got.errors[i].to_string_zh("脚本");
    }
    throw ApiError("bad_field", "body.text: " + en, "脚本有误：" + zh);
  }
  auto& s = *got.scenario;
  // Its players join as it is loaded (a unit or team the drill does not know refuses the load).
  std::vector<std::string> joining;
  for (const auto& u : resolve_participants(ctx, s.participants, s.teams_in))
    if (ctx.store().query_one("SELECT unit_id FROM drill_participants WHERE unit_id = ?", {u}).is_null()) joining.push_back(u);
  ctx.emit("scenario.loaded", s.name,
           {{"scenario", s.to_json()}, {"speed", speed.value_or(s.speed)}, {"paused", paused}});
  if (!joining.empty()) ctx.emit("drill.joined", ctx.realm().substr(6), {{"units", joining}});
  return {{"name", s.name}, {"injects", s.injects.size()}, {"expects", s.expects.size()}, {"speed", speed.value_or(s.speed)}};
}

json scenario_clock(OpContext& ctx, const json& body) {
  require_drill(ctx);
  BodyReader r(body);
  auto speed = r.opt_number("speed", 0.1, 3600);
  auto paused = r.opt_boolean("paused");
  auto jump = r.opt_str("advance", 32);
  r.finish();
  auto c = current_clock(ctx.store());
  if (!c) throw ApiError("not_found", "no scenario is loaded in this drill", "本次演练未加载脚本");
  int64_t elapsed = elapsed_at(*c, ctx.now());
  if (jump) {
    auto ms = rules::detail::parse_duration_ms(*jump);
    if (!ms || *ms <= 0 || *ms > 24LL * 3600 * 1000)
      throw ApiError("bad_field", "body.advance: a duration like 10m or 1h (at most 24h)", "正文.advance：时长如 10m、1h（至多 24h）");
    elapsed += *ms;  // the scenario jumps; injects now due fire on the next tick
  }
  json set = {{"elapsed_ms", elapsed}, {"speed", speed.value_or(c->speed)}, {"paused", paused.value_or(c->paused)}};
  ctx.emit("scenario.clock_set", scenario_row(ctx.store())["name"], set);
  return set;
}

json scenario_inject(OpContext& ctx, const domain::OpRegistry& ops, const json& body) {
  require_drill(ctx);
  BodyReader r(body);
  auto template_id = r.opt_str("template", 64);
  std::optional<BodyReader> own = r.opt_object("inject");
  std::optional<BodyReader> overrides = r.opt_object("overrides");
  r.finish();
  if (template_id.has_value() == own.has_value())
    throw ApiError("bad_field", "body: give either template (with overrides) or inject", "正文：请给出 template（可带 overrides）或 inject 之一");
  json spec;
  if (template_id) {
    const auto& all = shipped_templates();
    auto it = std::find_if(all.begin(), all.end(), [&](const Inject& i) { return i.id == *template_id; });
    if (it == all.end()) throw ApiError("not_found", "body.template: no template " + *template_id, "正文.template：无此注入模板 " + *template_id);
    spec = it->spec;
    if (overrides)
      for (auto& [k, v] : body["overrides"].items())
        if (k != "id" && k != "kind") spec[k] = v;  // the template decides what it is
    // Each sending is its own inject: the template's id and the first free number after it.
    int64_t n = ctx.store().query_one("SELECT COUNT(*) AS n FROM drill_injects WHERE template = ?", {*template_id})["n"];
    do spec["id"] = *template_id + "-" + std::to_string(++n);
    while (!ctx.store().query_one("SELECT id FROM drill_injects WHERE id = ?", {spec["id"]}).is_null());
  } else {
    spec = body["inject"];
    if (!ctx.store().query_one("SELECT id FROM drill_injects WHERE id = ?", {spec.value("id", "")}).is_null())
      throw ApiError("conflict", "body.inject.id: an inject of this id exists in the drill", "正文.inject.id：本次演练已有同名注入");
  }
  auto inject = read_inject(spec, template_id ? "body.overrides" : "body.inject", false, sent_incidents(ctx));
  return send_inject(ctx, ops, inject.spec, template_id.value_or(""));
}

json scenario_templates(OpContext&, const json& body) {
  BodyReader(body).finish();
  json out = json::array();
  for (const auto& t : shipped_templates()) out.push_back(t.spec);
  return {{"templates", out}};
}

}  // namespace

std::optional<ClockSetting> current_clock(store::RealmStore& s) {
  auto row = scenario_row(s);
  if (row.is_null()) return std::nullopt;
  return ClockSetting{row["clock_at"], row["clock_elapsed"], row["speed"].get<double>(), row["paused"].get<int>() != 0};
}

int64_t drill_origin(store::RealmStore& s) {
  auto row = s.query_one("SELECT MIN(at) AS at FROM events");
  return row["at"].is_null() ? 0 : row["at"].get<int64_t>();
}

json send_inject(OpContext& ctx, const domain::OpRegistry& ops, const json& spec, const std::string& template_id) {
  auto clock = current_clock(ctx.store());
  // Without a scenario (a no-script drill) it is the time since the drill began.
  const int64_t elapsed = clock ? elapsed_at(*clock, ctx.now()) : ctx.now() - drill_origin(ctx.store());
  json result = json::object();
  std::string error_en, error_zh;
  ctx.attempt([&] {
    try {
      result = apply_inject(ctx, ops, spec);
    } catch (const ApiError& e) {
      auto j = e.to_json();
      error_en = j.value("message_en", e.code());
      error_zh = j.value("message_zh", error_en);
      throw;
    }
  });
  json ev = {{"kind", spec["kind"]}, {"title_zh", spec["title_zh"]}, {"title_en", spec["title_en"]}, {"spec", spec},
             {"elapsed_ms", elapsed}, {"result", result}};
  if (!template_id.empty()) ev["template"] = template_id;
  if (!error_en.empty()) ev["error"] = error_en, ev["error_zh"] = error_zh;
  ctx.emit("scenario.inject_sent", spec["id"], ev);
  return {{"id", spec["id"]}, {"result", result}, {"error", error_en}, {"error_zh", error_zh}, {"elapsed_ms", elapsed}};
}

void register_scenario_ops(app::Engine& engine) {
  auto& ops = engine.ops();
  ops.add("scenario.load", scenario_load);
  ops.add("scenario.clock", scenario_clock);
  ops.add("scenario.inject", [&ops](OpContext& ctx, const json& body) { return scenario_inject(ctx, ops, body); });
  ops.add("scenario.templates", scenario_templates, false);
  ops.add("scenario.status", [](OpContext& ctx, const json& body) -> json {
    require_drill(ctx);
    BodyReader(body).finish();
    auto row = scenario_row(ctx.store());
    json scenario = nullptr;
    if (!row.is_null()) {
      auto s = json::parse(row["scenario"].get<std::string>());
      scenario = {{"name", s["name"]}, {"title_zh", s["title_zh"]}, {"title_en", s["title_en"]},
                  {"description_zh", s["description_zh"]}, {"description_en", s["description_en"]},
                  {"loaded_at", row["loaded_at"]}, {"expects", s["expects"]}};
    }
    return {{"scenario", scenario}, {"clock", clock_json(current_clock(ctx.store()), ctx.now())},
            {"injects", injects_view(ctx.store())}, {"now", ctx.now()}};
  }, false);
  ops.add("drill.report", [&engine](OpContext& ctx, const json& body) -> json {
    require_drill(ctx);
    BodyReader(body).finish();
    return after_action_report(ctx.store(), engine.live(), ctx.realm().substr(6));
  }, false);
}

void add_scenario_tick(app::Engine& engine) {
  // When each drill next wants its tick (server time); a scenario event in the realm re-reads it.
  auto next_due = std::make_shared<std::map<std::string, int64_t>>();
  engine.add_commit_listener([next_due](const std::string& realm, const std::vector<store::Event>& events) {
    for (const auto& e : events)
      if (e.kind.rfind("scenario.", 0) == 0) {
        next_due->erase(realm);
        return;
      }
  });
  engine.add_tick_hook([&engine, next_due](int64_t now) -> int64_t {
    int64_t earliest = std::numeric_limits<int64_t>::max();
    for (const auto& realm : engine.realm_names()) {
      if (realm.rfind("drill:", 0) != 0) continue;
      auto it = next_due->find(realm);
      if (it != next_due->end() && it->second > now) {
        earliest = std::min(earliest, it->second);
        continue;
      }
      auto* store = engine.realm(realm);
      if (!store) continue;
      auto clock = current_clock(*store);
      int64_t next = std::numeric_limits<int64_t>::max();
      if (clock) {
        const int64_t elapsed = elapsed_at(*clock, now);
        auto due = store->query("SELECT spec FROM drill_injects WHERE sent_at IS NULL AND at_ms IS NOT NULL AND at_ms <= ? "
                                "ORDER BY at_ms, position", {elapsed});
        if (!due.empty())
          engine.run_system(realm, [&](OpContext& ctx) {
            for (const auto& d : due) send_inject(ctx, engine.ops(), json::parse(d["spec"].get<std::string>()), "");
          });
        auto later = store->query_one("SELECT MIN(at_ms) AS at FROM drill_injects WHERE sent_at IS NULL AND at_ms IS NOT NULL");
        if (!later["at"].is_null()) {
          const int64_t at = later["at"];
          // Still due after firing: the batch did not commit (storage); try again in a second.
          next = at <= elapsed ? now + 1000 : server_time_of(*clock, at);
        }
      }
      (*next_due)[realm] = next;
      earliest = std::min(earliest, next);
    }
    return earliest;
  });
}

}  // namespace lifeline::drills
