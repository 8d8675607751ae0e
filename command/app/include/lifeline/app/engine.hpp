/**
 * The state thread: the only writer of state.
 *
 * Operation: network threads submit() requests; the state thread takes everything queued, applies
 * it per realm in one transaction (a savepoint per request, so a refused request undoes only its
 * own changes), commits once (group commit: one fsync for the whole tick), and only then sends the
 * replies and publishes the events. If the commit fails, every request of that batch is answered
 * storage_failure and nothing is published: an ack always means durable.
 *
 * Concurrency: submit() and stop() are thread-safe. Everything else — realms, stores, sessions,
 * modules' hooks — runs on the state thread only, so domain code needs no locks.
 */
#pragma once
#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <set>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "lifeline/app/auth_verifier.hpp"
#include "lifeline/app/login_throttle.hpp"
#include "lifeline/app/metrics.hpp"
#include "lifeline/domain/reactions.hpp"
#include "lifeline/app/request.hpp"
#include "lifeline/clock.hpp"
#include "lifeline/domain/op_registry.hpp"
#include "lifeline/store/realm_store.hpp"

namespace lifeline::app {

struct EngineConfig {
  std::string data_dir = "data";        // live.db and drill-<id>.db live here
  int64_t session_ttl_ms = 12LL * 3600 * 1000;
  std::string synchronous = "FULL";     // NORMAL only for benchmarks that say so
  size_t max_batch = 4096;              // requests per tick at most
  size_t max_pending_logins = 16;       // logins waiting for the verifier; auth_busy beyond
};

using CommitListener = std::function<void(const std::string& realm, const std::vector<store::Event>&)>;
// Told, after the batch commits, that every session of a user ended (session.revoke, user
// deactivated, password changed): the front end closes that user's connections.
using SessionsEndedListener = std::function<void(const std::string& user_id, const std::string& reason)>;
// Runs on the state thread once per loop, inside no transaction; returns the next time (ms, clock
// time) it wants to run, or INT64_MAX. Used by modules with deadlines and retries.
using TickHook = std::function<int64_t(int64_t now_ms)>;

class Engine {
 public:
  Engine(EngineConfig config, std::shared_ptr<Clock> clock, Metrics& metrics);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  void start();
  // Stops taking requests, answers what is queued with shutting_down, joins the state thread.
  void stop();
  void submit(Request r);
  // Submits and waits for the answer (tools, seeding, tests). Not from the state thread.
  json call(Request r);
  // Wakes the state thread (e.g. after a manual clock change) so tick hooks run now.
  void wake();
  // Runs `fn` on the state thread, between batches (it may call run_system). Thread-safe.
  void post(std::function<void()> fn);

  // Set-up, before start().
  domain::OpRegistry& ops() { return ops_; }
  // What modules do when another's event is emitted, in the same transaction (reactions.hpp).
  domain::Reactions& reactions() { return reactions_; }
  store::Projector& projector() { return *projector_; }
  void add_commit_listener(CommitListener fn) { listeners_.push_back(std::move(fn)); }
  // Whether anyone reads the events' audiences now (a board or feed subscriber). When it says no,
  // the audiences are not computed: three queries per event that nobody would look at.
  void set_audience_wanted(std::function<bool()> fn) { audience_wanted_ = std::move(fn); }
  void add_sessions_ended_listener(SessionsEndedListener fn) { sessions_ended_listeners_.push_back(std::move(fn)); }
  void add_tick_hook(TickHook fn) { tick_hooks_.push_back(std::move(fn)); }

  // State thread only.
  store::RealmStore& live() { return *realms_.at("live"); }
  store::RealmStore* realm(const std::string& name);
  std::vector<std::string> realm_names() const;
  Clock& clock() { return *clock_; }
  Metrics& metrics() { return metrics_; }
  // Runs `fn` as the system actor in its own batch on `realm` (for tick hooks: deadlines, retries).
  // Returns the events it emitted; on error nothing is kept.
  std::vector<store::Event> run_system(const std::string& realm, const std::function<void(domain::OpContext&)>& fn);
  // The same on behalf of a device's owner (uplinks from thin links), recording the channel.
  std::vector<store::Event> run_as(const std::string& realm, const domain::Actor& actor, const std::string& channel,
                                   const std::function<void(domain::OpContext&)>& fn);
  // Resolves a session token to an actor (nullopt: unknown, expired or revoked).
  std::optional<domain::Actor> actor_for_token(const std::string& token);
  // Sessions or users changed (logout, revoke, deactivate): forget cached token lookups.
  void forget_sessions() { session_cache_.clear(); }

  // Opens the realms (live + running drills), applies migrations. Called by start(); public for --rebuild.
  void open_realms();

 private:
  struct Pending {
    Request request;
    json response;
    std::string realm;  // realm whose commit this reply waits for ("" = none)
  };
  void loop();
  void process_batch(std::deque<Request>& batch);
  void handle(Request& r, std::vector<Pending>& out, std::map<std::string, std::vector<store::Event>>& events);
  json dispatch(Request& r, store::RealmStore& store, std::vector<store::Event>& events);
  void begin_login(Request r, std::vector<Pending>& out);
  void finish_login(Request& r, std::vector<Pending>& out);
  // A login refused before its password is checked (throttled, verifier busy): auth_log, metrics,
  // and the answer after the batch commits.
  void refuse_login(Request r, const std::string& username, const std::string& reason, json error,
                    std::vector<Pending>& out);
  void register_engine_ops();
  // Sets each event's audience, then tells the commit listeners.
  void tell_listeners(const std::string& realm, std::vector<store::Event>& events);
  // The /metrics label for an op: its name if registered, else "unknown" (a bounded label set).
  std::string op_label(const std::string& op) const;
  store::RealmStore& open_realm(const std::string& name, const std::string& file);
  // Copies live's reference data (units, teams, depots, stock, groups, roster) into a new drill's
  // realm as events (drill_seed.cpp); the number of events copied.
  // `by` starts the drill: its unit is the drill's first participant (drill.joined).
  int64_t seed_drill(store::RealmStore& drill, const std::string& realm_name, const domain::Actor& by, int64_t now);

  EngineConfig config_;
  std::shared_ptr<Clock> clock_;
  Metrics& metrics_;
  std::shared_ptr<store::Projector> projector_;
  domain::OpRegistry ops_;
  domain::Reactions reactions_;
  // Fault injection for the crash tests (env LIFELINE_FAULT_EXIT_AFTER_COMMIT=<event kind>): the
  // process ends with _exit(137), as kill -9 would, right after a commit that holds such an event
  // and before anyone is told. Empty in production.
  std::string exit_after_commit_of_;
  void fault_point_after_commit(const std::vector<store::Event>& events) const;
  std::map<std::string, std::unique_ptr<store::RealmStore>> realms_;
  // Drills that ended (drill.end): their realm answers reads as an archive and refuses every
  // write; no tick, retry or delivery runs in it (realm_names() leaves it out).
  std::set<std::string> ended_realms_;
  // The realm a request names: open (or, for an ended drill, opened read-only on first use), or null.
  store::RealmStore* request_realm(const std::string& name);
  // token → (actor, session expiry): saves a hash and a join per request. Cleared whenever a
  // session or user changes, and entries are re-checked against their expiry on every use.
  std::unordered_map<std::string, std::pair<domain::Actor, int64_t>> session_cache_;
  std::vector<CommitListener> listeners_;
  std::function<bool()> audience_wanted_;
  std::vector<SessionsEndedListener> sessions_ended_listeners_;
  // Users whose sessions ended in the batch being processed (user id, reason), told after commit.
  std::vector<std::pair<std::string, std::string>> sessions_ended_;
  void announce_sessions_ended(bool live_committed, const std::vector<store::Event>& live_events);
  std::vector<TickHook> tick_hooks_;
  int64_t first_hook_ = 0;  // when the hooks want to run next after start()'s round
  // Runs every hook; the earliest time any of them wants to run again.
  int64_t run_tick_hooks(int64_t now);
  AuthVerifier verifier_;
  LoginThrottle throttle_;  // failed logins per user name and address, on clock_

  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<Request> queue_;
  std::deque<std::function<void()>> tasks_;
  bool stopping_ = false;
  bool woken_ = false;
  std::thread thread_;
};

}  // namespace lifeline::app
