#include <cstdlib>
#include "lifeline/app/engine.hpp"

#include <sodium.h>

#include <chrono>
#include <filesystem>
#include <future>
#include <set>

#include "lifeline/api_error.hpp"
#include "lifeline/domain/body_reader.hpp"
#include "lifeline/domain/role_words.hpp"
#include "lifeline/log.hpp"
#include "lifeline/store/sqlite_db.hpp"

namespace lifeline::app {

using domain::Actor;
using domain::OpContext;
using store::Event;
using store::RealmStore;

namespace {
// A role refused before the op runs, said in words: the caller knows which op it asked for, and
// the role keys of roles.json are not for people.
ApiError role_refused(const std::string& role) {
  auto words = domain::role_words(role);
  return ApiError("forbidden", words.en, "当前角色为" + words.zh);
}
}  // namespace

Engine::Engine(EngineConfig config, std::shared_ptr<Clock> clock, Metrics& metrics)
    : config_(std::move(config)),
      clock_(std::move(clock)),
      metrics_(metrics),
      projector_(std::make_shared<store::Projector>()),
      verifier_(config_.max_pending_logins) {
  if (const char* kind = std::getenv("LIFELINE_FAULT_EXIT_AFTER_COMMIT")) exit_after_commit_of_ = kind;
  register_engine_ops();
}

void Engine::fault_point_after_commit(const std::vector<Event>& events) const {
  if (exit_after_commit_of_.empty()) return;
  for (const auto& e : events)
    if (e.kind == exit_after_commit_of_) {
      log_error("engine", "fault injection: exiting right after the commit", {{"kind", e.kind}, {"subject", e.subject}});
      std::_Exit(137);
    }
}

Engine::~Engine() { stop(); }

void Engine::open_realms() {
  if (!realms_.empty()) return;
  std::filesystem::create_directories(config_.data_dir);
  auto& live = open_realm("live", "live.db");
  for (const auto& d : live.query("SELECT id FROM drills WHERE ended_at IS NULL"))
    open_realm("drill:" + d["id"].get<std::string>(), "drill-" + d["id"].get<std::string>() + ".db");
}

RealmStore& Engine::open_realm(const std::string& name, const std::string& file) {
  store::OpenOptions options;
  options.synchronous = config_.synchronous;
  options.background_checkpoint = true;
  auto path = (std::filesystem::path(config_.data_dir) / file).string();
  auto store = std::make_unique<RealmStore>(path, name, projector_, clock_->now_ms(), options);
  auto& ref = *store;
  realms_[name] = std::move(store);
  return ref;
}

RealmStore* Engine::realm(const std::string& name) {
  auto it = realms_.find(name);
  return it == realms_.end() ? nullptr : it->second.get();
}

std::vector<std::string> Engine::realm_names() const {
  std::vector<std::string> out;
  for (const auto& [name, store] : realms_)
    if (!ended_realms_.count(name)) out.push_back(name);
  return out;
}

RealmStore* Engine::request_realm(const std::string& name) {
  if (auto* store = realm(name)) return store;
  // An ended drill is not reopened at start; its archive opens when someone reads it.
  if (name.rfind("drill:", 0) != 0) return nullptr;
  auto id = name.substr(6);
  auto row = live().query_one("SELECT ended_at FROM drills WHERE id = ?", {id});
  if (row.is_null() || row["ended_at"].is_null()) return nullptr;
  if (!std::filesystem::exists(std::filesystem::path(config_.data_dir) / ("drill-" + id + ".db"))) return nullptr;
  ended_realms_.insert(name);
  return &open_realm(name, "drill-" + id + ".db");
}

void Engine::start() {
  open_realms();
  // The hooks' first round (deadlines that fell due while the server was down, report periods to
  // open …) runs here, before the caller announces the server: what a client reads first already
  // includes it, and a test's "log before" snapshot is not raced by it.
  first_hook_ = run_tick_hooks(clock_->now_ms());
  thread_ = std::thread([this] { loop(); });
}

int64_t Engine::run_tick_hooks(int64_t now) {
  int64_t next = INT64_MAX;
  for (auto& hook : tick_hooks_) {
    try {
      next = std::min(next, hook(now));
    } catch (const std::exception& e) {
      log_error("engine", "tick hook failed", {{"error", e.what()}});
      next = std::min(next, now + 1000);
    }
  }
  return next;
}

void Engine::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ && !thread_.joinable()) return;
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Engine::submit(Request r) {
  {
    std::lock_guard lock(mutex_);
    if (!stopping_) {
      queue_.push_back(std::move(r));
      cv_.notify_one();
      return;
    }
  }
  if (r.reply) r.reply(make_error(r.rid, ApiError("shutting_down").to_json()));
}

json Engine::call(Request r) {
  auto promise = std::make_shared<std::promise<json>>();
  auto future = promise->get_future();
  r.reply = [promise](json res) { promise->set_value(std::move(res)); };
  submit(std::move(r));
  return future.get();
}

void Engine::wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  cv_.notify_one();
}

void Engine::post(std::function<void()> fn) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    tasks_.push_back(std::move(fn));
  }
  cv_.notify_one();
}

void Engine::loop() {
  int64_t next_hook = first_hook_;
  std::deque<std::function<void()>> tasks;
  for (;;) {
    std::deque<Request> batch;
    {
      std::unique_lock lock(mutex_);
      auto ready = [&] { return stopping_ || woken_ || !queue_.empty() || !tasks_.empty(); };
      if (!ready()) {
        // Manual clocks only move on clock.advance (which wakes us); poll real time otherwise.
        int64_t wait_ms = clock_->is_manual() ? 1000 : std::max<int64_t>(1, std::min<int64_t>(next_hook - clock_->now_ms(), 1000));
        cv_.wait_for(lock, std::chrono::milliseconds(wait_ms), ready);
      }
      woken_ = false;
      if (stopping_) {
        for (auto& r : queue_)
          if (r.reply) r.reply(make_error(r.rid, ApiError("shutting_down").to_json()));
        queue_.clear();
        return;
      }
      while (!queue_.empty() && batch.size() < config_.max_batch) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
      tasks.swap(tasks_);
    }
    bool worked = !batch.empty() || !tasks.empty();
    if (!batch.empty()) process_batch(batch);
    for (auto& task : tasks) {
      try {
        task();
      } catch (const std::exception& e) {
        log_error("engine", "posted task failed", {{"error", e.what()}});
      }
    }
    tasks.clear();
    int64_t now = clock_->now_ms();
    // Hooks run when their time has come, and after any work (it may have given them new work).
    if (worked || now >= next_hook || clock_->is_manual()) next_hook = run_tick_hooks(now);
  }
}

void Engine::process_batch(std::deque<Request>& batch) {
  std::vector<Pending> out;
  std::map<std::string, std::vector<Event>> events;
  for (auto& r : batch) handle(r, out, events);

  std::set<std::string> failed;
  for (auto& [name, store] : realms_) {
    if (!store->in_batch()) continue;
    auto t0 = std::chrono::steady_clock::now();
    try {
      store->commit_batch();
      metrics_.batches_committed++;
      metrics_.commit_latency.observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    } catch (const std::exception& e) {
      metrics_.commit_failures++;
      failed.insert(name);
      log_error("engine", "commit failed; batch answered storage_failure", {{"realm", name}, {"error", e.what()}});
    }
  }
  for (auto& p : out) {
    if (!p.realm.empty() && failed.count(p.realm) && p.response.value("ok", false))
      p.response = make_error(p.request.rid, ApiError("storage_failure").to_json());
    metrics_.count_request(op_label(p.request.op), p.response.value("ok", false) ? "ok" : p.response["error"].value("code", "?"));
    if (p.request.reply) p.request.reply(std::move(p.response));
  }
  for (auto& [name, evs] : events)
    if (!failed.count(name)) fault_point_after_commit(evs);
  for (auto& [name, evs] : events) {
    if (failed.count(name) || evs.empty()) continue;
    metrics_.events_appended += evs.size();
    tell_listeners(name, evs);
  }
  announce_sessions_ended(!failed.count("live"), events["live"]);
}

void Engine::announce_sessions_ended(bool live_committed, const std::vector<Event>& live_events) {
  auto ended = std::move(sessions_ended_);
  sessions_ended_.clear();
  if (!live_committed) return;
  for (const auto& e : live_events) {
    if (e.kind == "user.deactivated") ended.emplace_back(e.subject, "user deactivated");
    else if (e.kind == "user.password_changed") ended.emplace_back(e.subject, "password changed");
  }
  for (const auto& [user_id, reason] : ended)
    for (auto& fn : sessions_ended_listeners_) fn(user_id, reason);
}

void Engine::handle(Request& r, std::vector<Pending>& out, std::map<std::string, std::vector<Event>>& events) {
  if (r.op == "auth.login" && !r.password_ok.has_value()) {
    begin_login(std::move(r), out);
    return;
  }
  Pending p;
  p.realm = r.realm;
  try {
    if (r.password_ok.has_value()) {
      p.realm = "live";
      finish_login(r, out);
      return;
    }
    auto* store = request_realm(r.realm);
    if (!store) throw ApiError("unknown_realm", r.realm);
    if (ended_realms_.count(r.realm)) {
      const auto* op = ops_.find(r.op);
      if (op && op->writes) throw ApiError("realm_closed");  // the message names no id: people read it
    }
    if (!store->in_batch()) store->begin_batch();
    std::vector<Event> evs;
    p.response = make_ok(r.rid, dispatch(r, *store, evs));
    auto& dst = events[r.realm];
    dst.insert(dst.end(), std::make_move_iterator(evs.begin()), std::make_move_iterator(evs.end()));
  } catch (const ApiError& e) {
    p.response = make_error(r.rid, e.to_json());
  } catch (const store::StorageError& e) {
    log_error("engine", "storage error in request", {{"op", r.op}, {"error", e.what()}});
    p.response = make_error(r.rid, ApiError("storage_failure").to_json());
  } catch (const std::exception& e) {
    log_error("engine", "internal error in request", {{"op", r.op}, {"error", e.what()}});
    p.response = make_error(r.rid, ApiError("internal").to_json());
  }
  p.request = std::move(r);
  out.push_back(std::move(p));
}

std::string Engine::op_label(const std::string& op) const {
  // Op names come from clients, before login too: only registered ones become metric labels.
  return op == "auth.login" || ops_.find(op) ? op : Metrics::kUnknownLabel;
}

json Engine::dispatch(Request& r, RealmStore& store, std::vector<Event>& events) {
  const auto* spec = ops_.find(r.op);
  if (!spec) throw ApiError("unknown_op", r.op);
  Actor actor;
  if (r.peer) {
    // Set only inside the server: an enrolled partner (its department's role) or, for the citizen
    // hazard report, the system acting on a citizen's behalf.
    actor = *r.peer;
    if (actor.role != "system" && !ops_.is_public(r.op) && !ops_.allowed(r.op, actor.role)) throw role_refused(actor.role);
  } else if (!ops_.is_public(r.op)) {
    auto a = actor_for_token(r.token);
    if (!a) throw ApiError("unauthenticated");
    actor = *a;
    const bool in_drill = r.realm.rfind("drill:", 0) == 0;
    if (!ops_.allowed(r.op, actor.role) && !(in_drill && ops_.allowed_in_drill(r.op, actor.role))) throw role_refused(actor.role);
  }
  // Scope, before anything is read or written: the objects the body names must be the actor's.
  const auto* rule = ops_.scope_rule(r.op);
  if (!rule && actor.role != "admin") throw ApiError("forbidden", r.op + " has no scope rule (schema/scope.json)");
  OpContext ctx(store, actor, clock_->now_ms(), r.channel, *clock_);
  ctx.set_reactions(&reactions_);
  if (rule) domain::check_scope(ctx, *rule, r.body, spec->writes);
  if (r.op == "auth.logout" || r.op == "session.revoke" || r.op == "user.deactivate" || r.op == "user.set_password")
    forget_sessions();
  store.savepoint();
  json result;
  try {
    result = spec->handler(ctx, r.body);
    store.release();
  } catch (...) {
    store.rollback_savepoint();
    throw;
  }
  events = ctx.events();
  return result;
}

namespace {
std::string sha256_hex(const std::string& text) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}
}  // namespace

std::optional<Actor> Engine::actor_for_token(const std::string& token) {
  if (token.empty() || token.size() > 128) return std::nullopt;
  int64_t now = clock_->now_ms();
  auto cached = session_cache_.find(token);
  if (cached != session_cache_.end()) {
    if (cached->second.second > now) return cached->second.first;
    session_cache_.erase(cached);
  }
  auto hash = sha256_hex(token);
  auto row = live().query_one(
      "SELECT u.id, u.username, u.role, u.unit_id, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id "
      "WHERE s.token_hash = ? AND s.revoked_at IS NULL AND s.expires_at > ? AND u.active = 1",
      {hash, now});
  if (row.is_null()) return std::nullopt;
  Actor actor{row["id"], row["username"], row["role"], row["unit_id"], hash};
  if (session_cache_.size() > 100000) session_cache_.clear();
  session_cache_[token] = {actor, row["expires_at"].get<int64_t>()};
  return actor;
}

void Engine::begin_login(Request r, std::vector<Pending>& out) {
  std::string username, password;
  try {
    domain::BodyReader b(r.body);
    username = b.str("username", 64);
    password = b.str("password", 256);
    b.finish();
  } catch (const ApiError& e) {
    metrics_.count_request(r.op, e.code());
    if (r.reply) r.reply(make_error(r.rid, e.to_json()));
    return;
  }
  // Refused before any password work when the name or the address is locked out.
  if (int64_t wait = throttle_.retry_after(username, r.remote, clock_->now_ms()); wait > 0) {
    std::string seconds = std::to_string((wait + 999) / 1000);
    auto error = ApiError("login_throttled", "retry after " + seconds + " s", seconds + " 秒后再试").to_json();
    error["retry_after_s"] = (wait + 999) / 1000;
    sodium_memzero(password.data(), password.size());
    return refuse_login(std::move(r), username, "login_throttled", std::move(error), out);
  }
  auto row = live().query_one(
      "SELECT u.id, c.hash FROM users u JOIN credentials c ON c.user_id = u.id WHERE u.username = ? AND u.active = 1",
      {username});
  std::string hash = row.is_null() ? "" : row["hash"].get<std::string>();
  r.login_user_id = row.is_null() ? "" : row["id"].get<std::string>();
  r.body = {{"username", username}};  // the password goes no further than the verifier
  auto shared = std::make_shared<Request>(std::move(r));
  bool queued = verifier_.verify(hash, password, [this, shared](bool ok) {
    shared->password_ok = ok;
    submit(std::move(*shared));
  });
  sodium_memzero(password.data(), password.size());
  if (!queued) refuse_login(std::move(*shared), username, "auth_busy", ApiError("auth_busy").to_json(), out);
}

void Engine::refuse_login(Request r, const std::string& username, const std::string& reason, json error,
                          std::vector<Pending>& out) {
  auto& live_store = live();
  if (!live_store.in_batch()) live_store.begin_batch();
  live_store.run("INSERT INTO auth_log(at, username, ok, reason, remote) VALUES (?,?,?,?,?)",
                 {clock_->now_ms(), username, 0, reason, r.remote});
  metrics_.logins_failed++;
  log_warn("auth", "login refused", {{"username", username}, {"remote", r.remote}, {"reason", reason}});
  Pending p;
  p.realm = "live";
  p.response = make_error(r.rid, std::move(error));
  p.request = std::move(r);
  out.push_back(std::move(p));
}

void Engine::finish_login(Request& r, std::vector<Pending>& out) {
  auto& live_store = live();
  if (!live_store.in_batch()) live_store.begin_batch();
  std::string username = r.body.value("username", "");
  bool ok = *r.password_ok && !r.login_user_id.empty();
  int64_t now = clock_->now_ms();
  Pending p;
  p.realm = "live";
  live_store.run("INSERT INTO auth_log(at, username, ok, reason, remote) VALUES (?,?,?,?,?)",
                 {now, username, ok ? 1 : 0, ok ? "ok" : "bad_credentials", r.remote});
  if (!ok) {
    throttle_.failed(username, r.remote, now);
    metrics_.logins_failed++;
    log_warn("auth", "login failed", {{"username", username}, {"remote", r.remote}});
    p.response = make_error(r.rid, ApiError("bad_credentials").to_json());
  } else {
    throttle_.succeeded(username);
    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    char token[65];
    sodium_bin2hex(token, sizeof token, raw, sizeof raw);
    int64_t expires = now + config_.session_ttl_ms;
    live_store.run("INSERT INTO sessions(token_hash, user_id, created_at, expires_at, client) VALUES (?,?,?,?,?)",
                   {sha256_hex(token), r.login_user_id, now, expires, r.remote});
    auto user = live_store.query_one("SELECT id, username, display_name, role, unit_id FROM users WHERE id = ?",
                                     {r.login_user_id});
    metrics_.logins_ok++;
    p.response = make_ok(r.rid, {{"token", token}, {"user", user}, {"expires_at", expires}});
  }
  p.request = std::move(r);
  out.push_back(std::move(p));
}

std::vector<Event> Engine::run_system(const std::string& realm_name, const std::function<void(OpContext&)>& fn) {
  return run_as(realm_name, Actor{"", "system", "system", "", ""}, "ip", fn);
}

std::vector<Event> Engine::run_as(const std::string& realm_name, const Actor& actor, const std::string& channel,
                                  const std::function<void(OpContext&)>& fn) {
  auto* store = realm(realm_name);
  if (!store || ended_realms_.count(realm_name)) return {};  // an ended drill changes no more
  OpContext ctx(*store, actor, clock_->now_ms(), channel, *clock_);
  ctx.set_reactions(&reactions_);
  store->begin_batch();
  try {
    fn(ctx);
    store->commit_batch();
  } catch (const std::exception& e) {
    store->rollback_batch();
    log_error("engine", "system action failed", {{"realm", realm_name}, {"error", e.what()}});
    return {};
  }
  auto events = ctx.events();
  fault_point_after_commit(events);
  metrics_.events_appended += events.size();
  tell_listeners(realm_name, events);
  return events;
}

void Engine::tell_listeners(const std::string& realm_name, std::vector<Event>& events) {
  // Who may see each event is decided here, once, by the same scope rules as reads (the pushes
  // filter on it without a store).
  auto* store = realm(realm_name);
  if (store && (!audience_wanted_ || audience_wanted_())) {
    Actor nobody;
    domain::Scope scope(*store, nobody);
    // A batch holds many events about the same object (every receipt of one message): ask once.
    std::map<std::string, std::set<std::string>> known;
    for (auto& e : events) {
      auto team = e.body.find("team_id");
      // Every bus.* event about a message has that message's audience (Scope::audience).
      const bool bus = e.kind.rfind("bus.", 0) == 0;
      auto key = (bus ? std::string("bus.") : e.kind) + '\n' + e.subject + '\n' +
                 (!bus && team != e.body.end() && team->is_string() ? team->get<std::string>() : "");
      auto it = known.find(key);
      if (it == known.end()) it = known.emplace(key, scope.audience(e)).first;
      e.audience = it->second;
    }
  }
  for (auto& fn : listeners_) fn(realm_name, events);
}

}  // namespace lifeline::app
