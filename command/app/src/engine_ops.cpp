// Operations that need the engine itself (sessions, realms, the clock), not only a realm's store.
#include <sodium.h>

#include "lifeline/api_error.hpp"
#include "lifeline/app/engine.hpp"
#include "lifeline/domain/body_reader.hpp"
#include "lifeline/time_format.hpp"
#include "lifeline/uuid7.hpp"

namespace lifeline::app {

using domain::BodyReader;
using domain::OpContext;

void Engine::register_engine_ops() {
  ops_.add("server.info", [this](OpContext& ctx, const json& body) -> json {
    BodyReader(body).finish();
    json realms = realm_names();  // the live realm and the drills running
    return {{"name", "lifeline-command"}, {"version", "0.1.0"}, {"now", format_rfc3339_ms(ctx.now())},
            {"clock", clock_->mode()}, {"realms", realms}, {"realm", ctx.realm()}};
  }, false);

  ops_.add("auth.resume", [this](OpContext& ctx, const json& body) -> json {
    BodyReader r(body);
    auto token = r.str("token", 128);
    r.finish();
    auto actor = actor_for_token(token);
    if (!actor) throw ApiError("unauthenticated");
    auto row = ctx.store().query_one("SELECT expires_at FROM sessions WHERE token_hash = ?", {actor->session});
    auto user = live().query_one("SELECT id, username, display_name, role, unit_id FROM users WHERE id = ?", {actor->user_id});
    return {{"token", token}, {"user", user}, {"expires_at", row.is_null() ? json() : row["expires_at"]}};
  }, false);

  ops_.add("auth.logout", [this](OpContext& ctx, const json& body) -> json {
    BodyReader(body).finish();
    live().run("UPDATE sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL",
               {ctx.now(), ctx.actor().session});
    return json::object();
  });

  ops_.add("auth.whoami", [this](OpContext& ctx, const json& body) -> json {
    BodyReader(body).finish();
    return {{"user", live().query_one("SELECT id, username, display_name, role, unit_id FROM users WHERE id = ?",
                                      {ctx.actor().user_id})}};
  }, false);

  ops_.add("session.revoke", [this](OpContext& ctx, const json& body) -> json {
    BodyReader r(body);
    auto user_id = r.id("user_id");
    r.finish();
    if (live().query_one("SELECT id FROM users WHERE id = ?", {user_id}).is_null()) throw ApiError("not_found", "user " + user_id);
    int n = live().run("UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL", {ctx.now(), user_id});
    sessions_ended_.emplace_back(user_id, "sessions revoked");
    return {{"revoked", n}};
  });

  ops_.add("board.subscribe", [this](OpContext& ctx, const json& body) -> json {
    // The WebSocket layer starts pushing this realm's events to the connection when this succeeds.
    json snapshot = ops_.find("board.snapshot")->handler(ctx, body);
    // In a drill, its name for the 演习 banner of every participant, whatever its role.
    if (ctx.realm().rfind("drill:", 0) == 0) {
      auto drill = live().query_one("SELECT name FROM drills WHERE id = ?", {ctx.realm().substr(6)});
      if (!drill.is_null()) snapshot["drill_name"] = drill["name"];
    }
    return snapshot;
  }, false);

  ops_.add("drill.start", [this](OpContext& ctx, const json& body) -> json {
    BodyReader r(body);
    auto name = r.str("name", 100);
    auto scripted = r.opt_boolean("scripted").value_or(false);
    r.finish();
    if (ctx.realm() != "live") throw ApiError("bad_field", "drills are started from the live realm", "演练须从正式业务域启动");
    auto id = uuid7_string(ctx.now());
    ctx.emit("drill.started", id, {{"name", name}, {"scripted", scripted}});
    // The drill's own database (same schema, empty) opens now; if the batch fails to commit the
    // register has no row for it and the empty file is reopened by nobody.
    auto& drill = open_realm("drill:" + id, "drill-" + id + ".db");
    auto seeded = seed_drill(drill, "drill:" + id, ctx.actor(), ctx.now());
    return {{"id", id}, {"realm", "drill:" + id}, {"seeded_events", seeded}};
  });

  // The end of a drill: its realm becomes a read-only archive (nothing more is sent, retried or
  // escalated in it) and is not reopened when the command restarts.
  ops_.add("drill.end", [this](OpContext& ctx, const json& body) -> json {
    BodyReader r(body);
    auto id = r.id("id");
    auto summary = r.opt_str("summary", 4000);
    r.finish();
    if (ctx.realm() != "live") throw ApiError("bad_field", "drills are ended from the live realm", "演练须从正式业务域结束");
    auto d = ctx.store().query_one("SELECT ended_at FROM drills WHERE id = ?", {id});
    if (d.is_null()) throw ApiError("not_found", "drill " + id);
    if (!d["ended_at"].is_null()) throw ApiError("invalid_transition", "the drill has already ended", "演练已经结束");
    json ev = json::object();
    if (summary) ev["summary"] = *summary;
    ctx.emit("drill.ended", id, ev);
    // Closed now: a write in the same batch is already refused; should this commit fail, the
    // realm stays closed until the next start (the safe side) and the drill may be ended again.
    ended_realms_.insert("drill:" + id);
    return {{"id", id}, {"realm", "drill:" + id}, {"ended_at", format_rfc3339_ms(ctx.now())}};
  });

  ops_.add("drill.list", [this](OpContext& ctx, const json& body) -> json {
    BodyReader(body).finish();
    return {{"drills", live().query("SELECT * FROM drills ORDER BY started_at DESC")}};
  }, false);

  ops_.add("clock.advance", [this](OpContext& ctx, const json& body) -> json {
    BodyReader r(body);
    auto ms = r.opt_integer("ms", 0, 366LL * 24 * 3600 * 1000);
    auto to = r.opt_time("to");
    r.finish();
    auto* adjustable = dynamic_cast<AdjustableClock*>(clock_.get());
    if (!adjustable) throw ApiError("clock_not_manual");
    if (ms.has_value() == to.has_value()) throw ApiError("bad_field", "give exactly one of body.ms, body.to", "ms 与 to 二选一");
    if (to && *to < adjustable->now_ms()) throw ApiError("bad_field", "body.to is before the current time", "不能让时钟倒退");
    int64_t now = ms ? adjustable->advance(*ms) : (adjustable->set(*to), *to);
    woken_ = true;  // state thread: run tick hooks right after this batch
    return {{"now", format_rfc3339_ms(now)}, {"now_ms", now}};
  });
}

}  // namespace lifeline::app
