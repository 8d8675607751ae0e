// What an operation handler sees: the realm's store, the actor, the time, and emit() to record a
// change. Handlers validate against current state, then emit events; emit() appends and projects
// at once, so later checks in the same request see the change. The engine commits or rolls back.
#pragma once
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "lifeline/clock.hpp"
#include "lifeline/domain/actor.hpp"
#include "lifeline/domain/scope.hpp"
#include "lifeline/store/realm_store.hpp"

namespace lifeline::domain {

using nlohmann::json;

class Reactions;

class OpContext {
 public:
  OpContext(store::RealmStore& store, const Actor& actor, int64_t now_ms, std::string channel, Clock& clock)
      : store_(store), actor_(actor), now_(now_ms), channel_(std::move(channel)), clock_(clock) {}

  store::RealmStore& store() { return store_; }
  const Actor& actor() const { return actor_; }
  int64_t now() const { return now_; }
  const std::string& realm() const { return store_.realm(); }
  const std::string& channel() const { return channel_; }
  Clock& clock() { return clock_; }

  // Records one accepted change, then runs the reactions declared for its kind (reactions.hpp).
  const store::Event& emit(const std::string& kind, const std::string& subject, json body);
  void set_reactions(const Reactions* r) { reactions_ = r; }
  int reaction_depth() const { return reaction_depth_; }
  // Runs `fn` in a savepoint of its own: on an exception its writes and events are undone and
  // false returned; the rest of the operation goes on.
  bool attempt(const std::function<void()>& fn);
  // Runs `fn` as the system, in this request's transaction: what the server does on its own while
  // handling someone's request (a rule's notices go out from role:system, bus.md §1, whoever's
  // request fired the rule). The actor and its scope come back afterwards, also on an exception.
  template <class F>
  void as_system(F&& fn) {
    struct Restore {
      OpContext& c;
      Actor saved;
      std::unique_ptr<Scope> scope;
      ~Restore() {
        c.actor_ = std::move(saved);
        c.scope_ = std::move(scope);
      }
    } restore{*this, actor_, std::move(scope_)};
    actor_ = Actor{"", "system", "system", "", ""};
    fn();
  }
  const std::vector<store::Event>& events() const { return events_; }

  // Scope: throws out_of_scope unless `unit_id` is the actor's unit or below it.
  void require_scope(const std::string& unit_id);
  bool in_scope(const std::string& unit_id);
  // Team roles: throws out_of_scope unless the team is the actor's own.
  void require_own_team(const std::string& team_id);
  // The full scope rules (schema/scope.json), for lists and for ops that check scope themselves.
  Scope& scope();
  // Of `rows` of `kind`, those the actor may read, in order.
  json readable(const std::string& kind, json rows);
  // Of `rows` naming an object of `kind` in `field` (e.g. stock rows by depot_id), those it may read.
  json readable_by(const std::string& kind, const char* field, json rows);
  // Fetches a row by id from a projection table or throws not_found.
  json must_find(const char* table, const std::string& id);

 private:
  store::RealmStore& store_;
  Actor actor_;
  int64_t now_;
  std::string channel_;
  Clock& clock_;
  std::vector<store::Event> events_;
  std::unique_ptr<Scope> scope_;
  const Reactions* reactions_ = nullptr;
  int reaction_depth_ = 0;
  int savepoints_ = 0;
};

}  // namespace lifeline::domain
