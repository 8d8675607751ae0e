// A drill starts from the city as it is: the live realm's reference data (units, teams with their
// members, equipment, contacts, readiness and each handheld's last fix, depots and stock, groups, the duty roster)
// is copied into the drill's own event log as events and projected there, so the drill plays on
// real teams and depots without touching live. Incidents, tasks, messages, warnings and duty
// activity are live business and stay out.
#include "lifeline/app/engine.hpp"
#include "lifeline/log.hpp"

namespace lifeline::app {

using nlohmann::json;

int64_t Engine::seed_drill(store::RealmStore& drill, const std::string& realm_name, const domain::Actor& by, int64_t now) {
  // The latest fix of each team's handhelds, not their tracks.
  auto rows = live().query(
      "SELECT at, actor, kind, subject, channel, body FROM events WHERE "
      "kind IN ('unit.created', 'team.created', 'team.equipment_set', 'team.member_added', 'team.member_duty_changed', "
      "'team.member_comms_tested', 'team.readiness_changed', 'contacts.set', 'depot.created', 'item.defined', "
      "'stock.received', 'stock.expired', 'group.set', 'shift.created') "
      "OR seq IN (SELECT MAX(seq) FROM events WHERE kind = 'team.position_reported' "
      "GROUP BY subject, json_extract(body, '$.device')) "
      "ORDER BY seq");
  drill.begin_batch();
  try {
    for (const auto& row : rows) {
      store::Event e;
      e.at = row["at"];
      e.actor = row["actor"];
      e.realm = realm_name;
      e.kind = row["kind"];
      e.subject = row["subject"];
      e.channel = row["channel"];
      e.body = json::parse(row["body"].get<std::string>());
      drill.append(std::move(e));
    }
    // The desk that starts the drill plays in it; everyone else joins (drill.join).
    if (!by.unit_id.empty()) {
      store::Event joined;
      joined.at = now;
      joined.actor = by.ref();
      joined.realm = realm_name;
      joined.kind = "drill.joined";
      joined.subject = realm_name.substr(realm_name.find(':') + 1);
      joined.body = {{"units", json::array({by.unit_id})}};
      drill.append(std::move(joined));
    }
    drill.commit_batch();
  } catch (...) {
    drill.rollback_batch();
    throw;
  }
  log_info("engine", "drill seeded from live", {{"realm", realm_name}, {"events", rows.size()}});
  return static_cast<int64_t>(rows.size());
}

}  // namespace lifeline::app
