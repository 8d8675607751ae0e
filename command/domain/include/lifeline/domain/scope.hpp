// Scope: who may see and change what, beyond the role. One place decides it for every door: the
// gate (an operation naming an object by id), the lists (rows filtered) and the board pushes
// (events filtered), so a read, a write and a push about the same object always agree.
//
// An object's owners are the units it belongs to, each with its ancestors (a township incident is
// owned by the township, its county and the city), plus the team or department that works on it.
// An actor is in scope when its unit is one of the owners (admins and the system always are).
// Reading may be wider than writing: a team sees the incidents it is tasked on, a department the
// incidents it is consulted on, but only the incident's own units change it. schema/scope.json
// lists, per operation, which object it acts on; schema/scope.md explains each kind of object.
#pragma once
#include <map>
#include <optional>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "lifeline/domain/actor.hpp"
#include "lifeline/store/event.hpp"
#include "lifeline/store/realm_store.hpp"

namespace lifeline::domain {

using nlohmann::json;

enum class Access { read, write };

class Scope {
 public:
  // Everyone may read an object owned by kEveryone (warnings, the unit tree, duty levels).
  static constexpr const char* kEveryone = "*";

  Scope(store::RealmStore& store, const Actor& actor) : store_(store), actor_(actor) {}

  // Whether the actor may read or change object `kind`/`id`; nullopt when there is no such object
  // (the operation then answers not_found). Kinds: the keys of schema/scope.json "kinds".
  std::optional<bool> allows(const std::string& kind, const std::string& id, Access access);
  // The same for a row already fetched from the kind's table (lists filter with it).
  bool sees(const std::string& kind, const json& row) { return matches(owners_of_row(kind, row, Access::read)); }
  // Whether a bus address (user:, team:, dept:, role:, group:, all) is within the actor's scope: a
  // role, group or 'all' address only for the centre.
  bool allows_address(const std::string& address) {
    std::set<std::string> owners;
    add_address(owners, address);
    return matches(owners);
  }
  // Whether a committed event may be shown to the actor (board pushes, the audit list).
  bool sees(const store::Event& e) { return matches_event(e.kind, audience(e)); }
  // Who may see an event: computed once per event after commit and kept on it for the pushes.
  std::set<std::string> audience(const store::Event& e);
  // For connections that filter pushes without a store: the same rule over a precomputed audience.
  static bool matches(const Actor& actor, const std::string& event_kind, const std::set<std::string>& audience);

  // Citizens' personal data (the phone number left with a hazard report) is for the desk that
  // calls them back: admin, commander, duty leader, duty officer. Not for observers, departments
  // or teams, though they may see the hazard itself.
  static bool sees_personal_data(const Actor& actor);
  // Removes the personal data from a hazard row, or from an event ({kind, body, ...}) about a
  // hazard; other events are left as they are.
  static void redact_personal_data(json& row_or_event);

  // Owners of an object, or nullopt when it does not exist.
  std::optional<std::set<std::string>> owners(const std::string& kind, const std::string& id, Access access);
  std::set<std::string> owners_of_row(const std::string& kind, const json& row, Access access);
  // The unit and every unit above it.
  void add_unit_chain(std::set<std::string>& out, const std::string& unit_id);

 private:
  bool matches(const std::set<std::string>& owners) const;
  bool matches_event(const std::string& kind, const std::set<std::string>& audience) const {
    return matches(actor_, kind, audience);
  }
  // Owners of whatever object has this id, looked up across the kinds an event or a deadline can
  // be about (ids are unique across tables: UUIDs or prefixed names).
  std::set<std::string> owners_of_any(const std::string& id);
  void add_address(std::set<std::string>& out, const std::string& address);

  store::RealmStore& store_;
  const Actor& actor_;
  std::map<std::string, std::optional<std::string>> parent_;  // unit → parent, memoised per request
  // address → the ids it adds (itself and its units), memoised per request: a batch of receipts
  // names the same few recipients again and again.
  std::map<std::string, std::set<std::string>> address_owners_;
};

}  // namespace lifeline::domain
