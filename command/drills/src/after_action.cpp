// The after-action report (schema/drills.md §Report): built only from what the drill's realm
// recorded, so anyone can check each number against the event log. Delays are read in scenario
// time (an accelerated drill's "2 h to convene" is two scenario hours); orders' acknowledgement
// times and delivery are in real (server) time, because that is what the radio and the handhelds
// really took.
#include <algorithm>
#include <map>
#include <set>

#include "drills_internal.hpp"
#include "lifeline/rules/duration.hpp"

namespace lifeline::drills {

namespace {

// The event kinds the report reads: injects, the participants' decisions and actions, delivery.
const std::set<std::string> kReportKinds = {
    "scenario.loaded",         "scenario.clock_set",   "scenario.inject_sent", "incident.created",
    "incident.level_set",      "incident.reported_up", "incident.status_changed", "warning.issued",
    "warning.level_approved",  "consultation.opened",  "consultation.closed",  "task.created",
    "task.status_changed",     "release.ordered",      "release.arrived",      "team.readiness_changed",
    "deadline.missed",         "bus.delivery_changed", "drill.link_cut",       "drill.link_restored"};

struct Ev {
  int64_t seq = 0, at = 0;
  std::string actor, kind, subject;
  json body;
};

std::vector<Ev> read_events(store::RealmStore& s) {
  std::string in;
  for (const auto& k : kReportKinds) in += (in.empty() ? "'" : ",'") + k + "'";
  std::vector<Ev> out;
  for (auto& r : s.query("SELECT seq, at, actor, kind, subject, body FROM events WHERE kind IN (" + in + ") ORDER BY seq"))
    out.push_back({r["seq"], r["at"], r["actor"], r["kind"], r["subject"], json::parse(r["body"].get<std::string>())});
  return out;
}

// People's names as the report prints them (值班员 王芳), and teams'.
class Names {
 public:
  Names(store::RealmStore& drill, store::RealmStore& live) : drill_(drill), live_(live) {}
  std::string actor(const std::string& ref) {
    // The system and the rules act on their own: "" (the report says "automatic" in its language).
    if (ref.empty() || ref == "system" || ref.rfind("rule:", 0) == 0) return "";
    if (ref.rfind("user:", 0) == 0) {
      auto u = live_.query_one("SELECT display_name FROM users WHERE id = ?", {ref.substr(5)});
      return u.is_null() ? ref.substr(5) : u["display_name"].get<std::string>();
    }
    return ref;
  }
  json team(const std::string& id) {
    auto t = drill_.query_one("SELECT name, name_en FROM teams WHERE id = ?", {id});
    return t.is_null() ? json{{"name", id}, {"name_en", id}} : t;
  }

 private:
  store::RealmStore& drill_;
  store::RealmStore& live_;
};

// Does event `e` answer expectation `x`? (supplies_released counts depots, see the caller.)
// `orders` are the ids of the drill's order messages: a team is reached when an order reaches it.
bool answers(const Ev& e, const json& x, const std::set<std::string>& orders) {
  const std::string what = x["what"];
  if (what == "consultation_convened") return e.kind == "consultation.opened";
  if (what == "incident_level")
    return e.kind == "incident.level_set" && e.body.value("level", 9) <= x.value("level", 4);  // I is the highest (1)
  if (what == "warning_level_approved") return e.kind == "warning.level_approved";
  if (what == "team_tasked") return e.kind == "task.created" && e.body.value("team_id", "") == x.value("team", "");
  if (what == "team_reached")
    return e.kind == "bus.delivery_changed" && orders.count(e.subject) &&
           e.body.value("recipient", "") == "team:" + x.value("team", "") &&
           (e.body.value("to", "") == "delivered" || e.body.value("to", "") == "read");
  if (what == "supplies_released") return e.kind == "release.ordered";
  if (what == "incident_reported_up") return e.kind == "incident.reported_up";
  return false;
}

}  // namespace

json after_action_report(store::RealmStore& drill, store::RealmStore& live, const std::string& drill_id) {
  auto events = read_events(drill);
  Names names(drill, live);
  ClockHistory clock;
  json scenario = nullptr;
  int64_t loaded_at = 0;
  for (const auto& e : events) {
    if (e.kind == "scenario.loaded") {
      clock = ClockHistory();
      clock.add({e.at, 0, e.body.value("speed", 1.0), e.body.value("paused", false)});
      scenario = e.body["scenario"];
      loaded_at = e.at;
    } else if (e.kind == "scenario.clock_set") {
      clock.add({e.at, e.body["elapsed_ms"], e.body["speed"].get<double>(), e.body["paused"].get<bool>()});
    }
  }
  // Without a scenario (no-script) scenario time is the time since the drill began.
  const int64_t origin = drill_origin(drill);
  auto elapsed = [&](int64_t at) { return clock.empty() ? at - origin : clock.elapsed_at(at); };
  const int64_t now_at = events.empty() ? 0 : events.back().at;
  auto d = live.query_one("SELECT id, name, scripted, started_at, ended_at FROM drills WHERE id = ?", {drill_id});
  const int64_t report_at = d.is_null() || d["ended_at"].is_null() ? std::max(now_at, loaded_at) : d["ended_at"].get<int64_t>();

  // Injects as sent, each with the first response that followed it (a participant's decision or action).
  static const std::set<std::string> kResponses = {"incident.level_set", "incident.reported_up", "consultation.opened",
                                                   "task.created", "release.ordered", "warning.level_approved"};
  json injects = json::array();
  std::map<std::string, const Ev*> sent;  // inject id → its scenario.inject_sent
  for (const auto& e : events) {
    if (e.kind != "scenario.inject_sent") continue;
    sent[e.subject] = &e;
    json row = {{"id", e.subject},        {"kind", e.body["kind"]},          {"title_zh", e.body["title_zh"]},
                {"title_en", e.body["title_en"]}, {"template", e.body.value("template", "")}, {"sent_at", e.at},
                {"elapsed_ms", elapsed(e.at)}, {"at_ms", e.body["spec"].value("at_ms", json())},
                {"error", e.body.value("error", "")}, {"error_zh", e.body.value("error_zh", "")}, {"first_response", nullptr}};
    for (const auto& r : events)
      if (r.seq > e.seq && kResponses.count(r.kind) && r.actor != "system") {
        row["first_response"] = {{"kind", r.kind}, {"at", r.at}, {"by", names.actor(r.actor)},
                                 {"delay_ms", elapsed(r.at) - elapsed(e.at)}};
        break;
      }
    injects.push_back(row);
  }

  // Expected responses: the scenario's, and those a no-script template carried (after that inject).
  std::vector<json> expected;
  if (!scenario.is_null())
    for (const auto& x : scenario["expects"]) expected.push_back(x);
  for (const auto& [id, e] : sent)
    for (const auto& x : e->body["spec"].value("expects", json::array())) {
      json y = x;
      y["id"] = id + "/" + x.value("what", "");
      y["after"] = id;
      expected.push_back(y);
    }
  std::set<std::string> order_ids;
  for (const auto& r : drill.query("SELECT id FROM messages WHERE kind = 'order'")) order_ids.insert(r["id"]);
  json expectations = json::array();
  int met = 0;
  for (const auto& x : expected) {
    const std::string after = x.value("after", "start");
    const int64_t within = x.contains("within_ms") ? x["within_ms"].get<int64_t>()
                                                   : rules::detail::parse_duration_ms(x.value("within", "0m")).value_or(0);
    json row = {{"id", x["id"]}, {"title_zh", x.value("title_zh", "")}, {"title_en", x.value("title_en", "")},
                {"what", x["what"]}, {"after", after}, {"within_ms", within}};
    for (const char* k : {"level", "team", "depots"})
      if (x.contains(k)) row[k] = x[k];
    if (x.contains("team")) row["team_name"] = names.team(x["team"]);
    const Ev* trigger = nullptr;
    int64_t trigger_at = loaded_at;
    if (after != "start") {
      auto it = sent.find(after);
      if (it == sent.end()) {
        row["status"] = "waiting";  // its inject has not been sent yet
        expectations.push_back(row);
        continue;
      }
      trigger = it->second;
      trigger_at = trigger->at;
    }
    const int64_t trigger_seq = trigger ? trigger->seq : 0;
    row["trigger_elapsed_ms"] = elapsed(trigger_at);
    const int needed = x["what"] == "supplies_released" ? x.value("depots", 1) : 1;
    std::set<std::string> depots;
    const Ev* answer = nullptr;
    for (const auto& e : events) {
      if (e.seq <= trigger_seq || e.at < trigger_at || !answers(e, x, order_ids)) continue;
      if (e.kind == "release.ordered") {
        depots.insert(e.body.value("depot_id", ""));
        if (static_cast<int>(depots.size()) < needed) continue;
      }
      answer = &e;
      break;
    }
    if (answer) {
      const int64_t delay = elapsed(answer->at) - elapsed(trigger_at);
      row["met_at"] = answer->at;
      row["delay_ms"] = delay;
      row["by"] = names.actor(answer->actor);
      row["status"] = delay <= within ? "met" : "late";
      if (delay <= within) ++met;
    } else {
      const int64_t waited = elapsed(report_at) - elapsed(trigger_at);
      row["status"] = waited > within ? "missed" : "open";
      row["waited_ms"] = waited;
    }
    if (x["what"] == "supplies_released") row["depots_released"] = depots.size();
    expectations.push_back(row);
  }

  // Response-level decisions and who took them.
  json levels = json::array();
  for (const auto& e : events) {
    if (e.kind != "incident.level_set" && e.kind != "warning.level_approved") continue;
    auto inc = drill.query_one("SELECT title FROM incidents WHERE id = ?", {e.subject});
    auto w = drill.query_one("SELECT headline_zh AS headline FROM warnings WHERE id = ?", {e.subject});
    levels.push_back({{"at", e.at}, {"elapsed_ms", elapsed(e.at)}, {"kind", e.kind},
                      {"subject", !inc.is_null() ? inc["title"] : !w.is_null() ? w["headline"] : json(e.subject)},
                      {"level", e.body.value("level", json())}, {"reason", e.body.value("reason", "")},
                      {"by", names.actor(e.actor)},
                      {"approved_by", e.body.contains("approved_by") ? json(names.actor(e.body["approved_by"].get<std::string>())) : json()}});
  }

  // Orders to teams: how long each took to reach the team's device and to be read, over which link.
  json orders = json::array();
  std::map<std::string, std::vector<int64_t>> ack_by_team;
  std::map<std::string, int> channels, lost;
  for (auto& r : drill.query(
           "SELECT m.id, m.correlation_id, m.precedence, d.recipient, d.state, d.channel, d.queued_at, d.delivered_at, "
           "d.read_at FROM deliveries d JOIN messages m ON m.id = d.message_id WHERE m.kind = 'order' "
           "ORDER BY d.queued_at, d.recipient")) {
    const std::string recipient = r["recipient"];
    json row = r;
    if (recipient.rfind("team:", 0) == 0) row["team"] = names.team(recipient.substr(5));
    if (!r["delivered_at"].is_null()) {
      const int64_t ms = r["delivered_at"].get<int64_t>() - r["queued_at"].get<int64_t>();
      row["ack_ms"] = ms;
      ack_by_team[recipient].push_back(ms);
      ++channels[r["channel"].get<std::string>().empty() ? "ip" : r["channel"].get<std::string>()];
    } else {
      ++lost[r["state"].get<std::string>()];
    }
    orders.push_back(row);
  }
  json teams = json::array();
  for (auto& [recipient, times] : ack_by_team) {
    std::sort(times.begin(), times.end());
    teams.push_back({{"recipient", recipient}, {"team", names.team(recipient.substr(recipient.find(':') + 1))},
                     {"orders_acked", times.size()}, {"median_ack_ms", times[times.size() / 2]}, {"max_ack_ms", times.back()}});
  }

  // Comms-outage drills: for each team a link_cut took links from, how long after the cut anything
  // of the drill's reached it again (real time, as the radio took it) and over which link, and what
  // sent to it after the cut has not reached it.
  json outages = json::array();
  int reached_teams = 0;
  for (const auto& c : drill.query("SELECT inject_id, owner, MIN(cut_at) AS cut_at, "
                                   "CASE WHEN COUNT(restored_at) = COUNT(*) THEN MAX(restored_at) END AS restored_at "
                                   "FROM drill_link_cuts GROUP BY inject_id, owner ORDER BY MIN(cut_at), owner")) {
    const std::string owner = c["owner"];
    const int64_t cut_at = c["cut_at"];
    json channels = json::array();
    for (const auto& ch : drill.query("SELECT channel FROM drill_link_cuts WHERE inject_id = ? AND owner = ? ORDER BY channel",
                                      {c["inject_id"], owner}))
      channels.push_back(ch["channel"]);
    json row = {{"inject", c["inject_id"]}, {"recipient", owner}, {"team", names.team(owner.substr(owner.find(':') + 1))},
                {"channels", channels}, {"cut_at", cut_at}, {"cut_elapsed_ms", elapsed(cut_at)}, {"restored_at", c["restored_at"]}};
    auto first = drill.query_one("SELECT channel, delivered_at FROM deliveries WHERE recipient = ? AND delivered_at >= ? "
                                 "ORDER BY delivered_at LIMIT 1", {owner, cut_at});
    if (!first.is_null()) {
      row["reached_at"] = first["delivered_at"];
      row["reached_after_ms"] = first["delivered_at"].get<int64_t>() - cut_at;
      row["reached_channel"] = first["channel"];
      ++reached_teams;
    }
    row["not_delivered"] = drill.query(
        "SELECT m.id AS message_id, m.kind, m.precedence, d.state, d.channel FROM deliveries d JOIN messages m ON m.id = d.message_id "
        "WHERE d.recipient = ? AND m.created_at >= ? AND d.delivered_at IS NULL ORDER BY m.created_at", {owner, cut_at});
    outages.push_back(row);
  }

  // The timeline of what happened, in order (deliveries are in the tables above).
  json timeline = json::array();
  for (const auto& e : events) {
    if (e.kind == "bus.delivery_changed" || e.kind == "scenario.clock_set") continue;
    json row = {{"seq", e.seq}, {"at", e.at}, {"elapsed_ms", elapsed(e.at)}, {"kind", e.kind}, {"by", names.actor(e.actor)}};
    if (e.kind == "scenario.inject_sent") row["title_zh"] = e.body["title_zh"], row["title_en"] = e.body["title_en"];
    else if (e.kind == "incident.created") row["title_zh"] = row["title_en"] = e.body.value("title", "");
    else if (e.kind == "incident.level_set") row["level"] = e.body.value("level", json());
    else if (e.kind == "task.created") row["team"] = names.team(e.body.value("team_id", ""));
    else if (e.kind == "release.ordered") row["depot_id"] = e.body.value("depot_id", "");
    else if (e.kind == "team.readiness_changed") row["team"] = names.team(e.subject), row["readiness"] = e.body.value("to", e.body.value("readiness", ""));
    else if (e.kind == "deadline.missed") row["title_zh"] = e.body.value("title_zh", ""), row["title_en"] = e.body.value("title_en", "");
    else if (e.kind == "drill.link_cut" || e.kind == "drill.link_restored") row["teams"] = e.body["owners"].size(), row["channels"] = e.body["channels"];
    timeline.push_back(row);
  }

  int acked = 0;
  for (const auto& o : orders) acked += o.contains("ack_ms") ? 1 : 0;
  return {{"drill", d},
          {"scenario", scenario.is_null() ? json() : json{{"name", scenario["name"]}, {"title_zh", scenario["title_zh"]},
                                                          {"title_en", scenario["title_en"]}}},
          {"report_at", report_at},
          {"elapsed_ms", elapsed(report_at)},
          {"summary", {{"injects", injects.size()}, {"expectations", expectations.size()}, {"expectations_met", met},
                       {"orders", orders.size()}, {"orders_acked", acked}, {"level_decisions", levels.size()},
                       {"outage_teams", outages.size()}, {"outage_teams_reached", reached_teams}}},
          {"injects", injects},
          {"expectations", expectations},
          {"level_decisions", levels},
          {"orders", orders},
          {"teams", teams},
          {"delivered_by_channel", channels},
          {"not_delivered", lost},
          {"comms_outage", outages},
          {"timeline", timeline}};
}

}  // namespace lifeline::drills
